import type { Outbox } from '../app/deps';
import type { Logger } from '../logger';
import type { Db } from '../store/db';
import { DEFAULT_QUEUE_SETTINGS } from './context';
import { enqueueDeliveries } from './jobs/deliver';
import { enqueueReminders, reminderJobId } from './jobs/reminder-due';
import type { Queues } from './queues';

export interface QueueOutboxOptions {
  /** Reads the due times of the reminders it is told about. */
  db: Db;
  log?: Logger;
  /** Reminders due later than this from now are left to the sweep. Default: 48 h. */
  reminderHorizonMs?: number;
  now?: () => Date;
}

/**
 * The Outbox port on BullMQ. Called after the use case's transaction committed, so the rows are
 * there; it never throws: when Redis is unreachable the rows stay and the sweep (every minute)
 * enqueues them, so a failure here only delays.
 */
export function createQueueOutbox(queues: Queues, options: QueueOutboxOptions): Outbox {
  const horizon = options.reminderHorizonMs ?? DEFAULT_QUEUE_SETTINGS.reminderHorizonMs;
  const now = options.now ?? (() => new Date());
  const guard = async (what: string, count: number, fn: () => Promise<void>) => {
    if (count === 0) return;
    try {
      await fn();
    } catch (err) {
      options.log?.warn({ err, what, count }, 'outbox: enqueue failed, the sweep will catch up');
    }
  };
  return {
    async deliveriesCreated(ids) {
      await guard('deliveries', ids.length, () => enqueueDeliveries(queues, ids));
    },
    async remindersPlanned(ids) {
      await guard('reminders', ids.length, async () => {
        const until = new Date(now().getTime() + horizon);
        const rows = await options.db.plannedReminder.findMany({
          where: { id: { in: ids }, status: 'planned', dueAt: { lt: until } },
          select: { id: true, dueAt: true },
        });
        await enqueueReminders(queues, rows);
      });
    },
    async remindersCancelled(ids) {
      await guard('cancellations', ids.length, async () => {
        const rows = await options.db.plannedReminder.findMany({
          where: { id: { in: ids } },
          select: { id: true, dueAt: true },
        });
        // A job already running cannot be removed: it finds the row cancelled and does nothing.
        await Promise.all(
          rows.map((r) => queues.reminders.remove(reminderJobId(r.id, r.dueAt)).catch(() => 0)),
        );
      });
    },
  };
}
