import type { Db } from '../store/db';
import {
  failedDeliveries,
  failedDeliveryIds,
  resetFailedDeliveries,
} from '../store/repositories/deliveries';
import {
  failedReminders,
  failedRemindersAmong,
  resetFailedReminders,
} from '../store/repositories/planned-reminders';
import { enqueueDeliveries } from './jobs/deliver';
import { enqueueReminders, reminderJobId } from './jobs/reminder-due';
import type { Queues } from './queues';
import type { Queue } from 'bullmq';

/** A message or a reminder that failed for good, as the operator sees it. */
export interface FailedItem {
  type: 'envoi' | 'rappel';
  id: string;
  /** round.invitation, round.reminder…, or the reminder's kind. */
  kind: string;
  /** Where it was going (platform and address), or what it is about. */
  where: string;
  attempts: number | null;
  reason: string | null;
  at: Date;
}

/**
 * Definitive failures of a Caf, from the database (the truth: Redis may have lost its failed
 * jobs): deliveries `failed` and planned reminders `failed`. Newest first.
 */
export async function listFailures(
  db: Db,
  tenantId: string,
  o: { limit?: number } = {},
): Promise<FailedItem[]> {
  const limit = o.limit ?? 50;
  const deliveries = await failedDeliveries(db, tenantId, limit);
  const reminders = await failedReminders(db, tenantId, limit);
  const items: FailedItem[] = [
    ...deliveries.map((d) => ({
      type: 'envoi' as const,
      id: d.id,
      kind: d.kind,
      where:
        `${d.destination.platform} ${d.destination.address}` +
        (d.destination.organisation
          ? ` (${d.destination.organisation.name}, ${d.destination.organisation.code})`
          : ' (pilotes)'),
      attempts: d.attempts,
      reason: d.lastError,
      at: d.createdAt,
    })),
    ...reminders.map((r) => ({
      type: 'rappel' as const,
      id: r.id,
      kind: r.kind,
      where: r.roundId ? `consultation ${r.roundId}` : `agrément ${r.agrementId ?? '?'}`,
      attempts: null,
      reason: null,
      at: r.dueAt,
    })),
  ];
  return items.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
}

export interface RetryReport {
  deliveries: number;
  reminders: number;
  /** Ids asked for that are not a failure of this Caf. */
  unknown: string[];
}

/**
 * Sends failed deliveries (and runs failed reminders) again: the rows go back to `pending` /
 * `planned` and their jobs are queued again — through the same claim as any send, so a
 * delivery that is in fact sent (or being sent) is not sent twice.
 */
export async function retryFailures(
  db: Db,
  queues: Queues,
  tenantId: string,
  o: { ids?: string[]; all?: boolean },
): Promise<RetryReport> {
  const ids = (o.ids ?? []).map((i) => i.trim().toLowerCase()).filter(Boolean);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const valid = ids.filter((i) => uuid.test(i));
  const deliveries = await failedDeliveryIds(db, tenantId, o.all ? 'all' : valid);
  const reminders = await failedRemindersAmong(db, tenantId, o.all ? 'all' : valid);
  if (deliveries.length > 0) {
    await resetFailedDeliveries(db, deliveries);
    await requeue(queues.deliveries, deliveries);
    await enqueueDeliveries(queues, deliveries);
  }
  if (reminders.length > 0) {
    await resetFailedReminders(
      db,
      reminders.map((r) => r.id),
    );
    await requeue(
      queues.reminders,
      reminders.map((r) => reminderJobId(r.id, r.dueAt)),
    );
    await enqueueReminders(queues, reminders);
  }
  const found = new Set([...deliveries, ...reminders.map((r) => r.id)]);
  return {
    deliveries: deliveries.length,
    reminders: reminders.length,
    unknown: o.all ? [] : ids.filter((i) => !found.has(i)),
  };
}

/** Removes the failed jobs under these ids, so that adding them again is not ignored. */
async function requeue(queue: Queue, jobIds: string[]): Promise<void> {
  for (const id of jobIds) {
    const job = await queue.getJob(id);
    if (job && (await job.isFailed())) await job.remove();
  }
}
