import type { Outbox } from '../app/deps';
import type { Logger } from '../logger';
import type { Db } from '../store/db';
import { plannedRemindersAmong, reminderDueTimes } from '../store/repositories/planned-reminders';
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
  /**
   * How long one enqueue may wait for Redis before giving up (the rows stay, the sweep enqueues
   * them later). Default: 2 s — a CLI command answers within seconds even with Redis down.
   */
  enqueueTimeoutMs?: number;
  now?: () => Date;
}

/** The queue outbox, with what it could not hand to Redis (for the CLI's closing note). */
export interface QueueOutbox extends Outbox {
  /** Messages and reminders left to the sweep because Redis did not answer in time. */
  deferred: { deliveries: number; reminders: number };
}

/**
 * The Outbox port on BullMQ. Called after the use case's transaction committed, so the rows are
 * there; it never throws and never waits long: when Redis is unreachable (or slower than
 * `enqueueTimeoutMs`) the rows stay and the worker's sweep enqueues them, so a failure here
 * only delays. `deferred` counts what was left to the sweep.
 */
export function createQueueOutbox(queues: Queues, options: QueueOutboxOptions): QueueOutbox {
  const horizon = options.reminderHorizonMs ?? DEFAULT_QUEUE_SETTINGS.reminderHorizonMs;
  const timeoutMs = options.enqueueTimeoutMs ?? 2_000;
  const now = options.now ?? (() => new Date());
  const deferred = { deliveries: 0, reminders: 0 };
  let unreachable = false;
  const guard = async (
    what: 'deliveries' | 'reminders' | 'cancellations',
    count: number,
    fn: () => Promise<void>,
  ) => {
    if (count === 0) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      // Redis already found unreachable by this process and still not back: do not wait again.
      if (unreachable && queues.redis.status !== 'ready')
        throw new Error('Redis injoignable (connexion non rétablie)');
      await Promise.race([
        fn(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Redis n’a pas répondu en ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
      unreachable = false;
    } catch (err) {
      unreachable = true;
      if (what === 'deliveries') deferred.deliveries += count;
      if (what === 'reminders') deferred.reminders += count;
      // One line, no stack: the cause is Redis, and the sweep catches up.
      options.log?.warn(
        { what, count, reason: err instanceof Error ? err.message : String(err) },
        'outbox: enqueue failed, the sweep will catch up',
      );
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    deferred,
    async deliveriesCreated(ids) {
      await guard('deliveries', ids.length, () => enqueueDeliveries(queues, ids));
    },
    async remindersPlanned(ids) {
      await guard('reminders', ids.length, async () => {
        const until = new Date(now().getTime() + horizon);
        const rows = await plannedRemindersAmong(options.db, ids, until);
        await enqueueReminders(queues, rows);
      });
    },
    async remindersCancelled(ids) {
      await guard('cancellations', ids.length, async () => {
        const rows = await reminderDueTimes(options.db, ids);
        // A job already running cannot be removed: it finds the row cancelled and does nothing.
        await Promise.all(
          rows.map((r) => queues.reminders.remove(reminderJobId(r.id, r.dueAt)).catch(() => 0)),
        );
      });
    },
  };
}
