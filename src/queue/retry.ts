import type { Db } from '../store/db';
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
  const deliveries = await db.delivery.findMany({
    where: { tenantId, status: 'failed' },
    orderBy: { createdAt: 'desc' },
    take: limit,
    include: {
      destination: {
        select: {
          platform: true,
          address: true,
          organisation: { select: { code: true, name: true } },
        },
      },
    },
  });
  const reminders = await db.plannedReminder.findMany({
    where: { tenantId, status: 'failed' },
    orderBy: { dueAt: 'desc' },
    take: limit,
  });
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
  const deliveryWhere = o.all
    ? { tenantId, status: 'failed' as const }
    : { tenantId, status: 'failed' as const, id: { in: valid } };
  const deliveries = await db.delivery.findMany({ where: deliveryWhere, select: { id: true } });
  const reminders = await db.plannedReminder.findMany({
    where: o.all
      ? { tenantId, status: 'failed' }
      : { tenantId, status: 'failed', id: { in: valid } },
    select: { id: true, dueAt: true },
  });
  if (deliveries.length > 0) {
    await db.delivery.updateMany({
      where: { id: { in: deliveries.map((d) => d.id) }, status: 'failed' },
      data: { status: 'pending', claimedAt: null, claimJob: null, claimToken: null },
    });
    await requeue(
      queues.deliveries,
      deliveries.map((d) => d.id),
    );
    await enqueueDeliveries(
      queues,
      deliveries.map((d) => d.id),
    );
  }
  if (reminders.length > 0) {
    await db.plannedReminder.updateMany({
      where: { id: { in: reminders.map((r) => r.id) }, status: 'failed' },
      data: { status: 'planned', claimedAt: null },
    });
    await requeue(
      queues.reminders,
      reminders.map((r) => reminderJobId(r.id, r.dueAt)),
    );
    await enqueueReminders(queues, reminders);
  }
  const found = new Set([...deliveries.map((d) => d.id), ...reminders.map((r) => r.id)]);
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
