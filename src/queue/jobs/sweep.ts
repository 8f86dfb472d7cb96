import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import type { JobContext } from '../context';
import { enqueueDeliveries } from './deliver';
import { enqueueReminders } from './reminder-due';

/**
 * `maintenance.sweep` (job scheduler, every minute): makes Redis agree with the database again.
 * Every planned reminder due within the horizon — overdue ones included, which run at once —
 * and every delivery not yet sent gets its job re-added under its deterministic id: a job that
 * still exists is left as it is (BullMQ ignores an add with an existing id), one Redis lost is
 * re-created. The claims in the handlers make a re-run harmless, so flushing Redis and
 * restarting loses nothing and sends nothing twice. It also forgets the vote's request claims
 * older than a day.
 */
export const SWEEP_JOB = 'maintenance.sweep';
export const SWEEP_SCHEDULER_ID = 'maintenance.sweep';
/** Default: every 60 s. */
export const SWEEP_EVERY_MS = 60_000;
/** Rows handled per sweep and kind; the next sweep takes the rest. */
const SWEEP_BATCH = 20_000;

export const ZSweepJob = z.object({}).loose();

export interface SweepReport {
  reminders: number;
  deliveries: number;
  /** Vote request claims older than CLAIM_RETENTION_MS, forgotten. */
  claimsForgotten: number;
}

/** How long the vote remembers a Slack request (request_claims): Slack retries within minutes. */
export const CLAIM_RETENTION_MS = 24 * 3_600_000;

export async function runSweep(
  ctx: Pick<JobContext, 'deps' | 'queues' | 'settings' | 'log'>,
): Promise<SweepReport> {
  const db = ctx.deps.db;
  const now = new Date();
  const reminders = await db.plannedReminder.findMany({
    where: {
      status: 'planned',
      dueAt: { lt: new Date(now.getTime() + ctx.settings.reminderHorizonMs) },
    },
    select: { id: true, dueAt: true },
    orderBy: { dueAt: 'asc' },
    take: SWEEP_BATCH,
  });
  await enqueueReminders(ctx.queues, reminders, now.getTime());
  const deliveries = await db.delivery.findMany({
    where: { status: { in: ['pending', 'sending'] } },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
    take: SWEEP_BATCH,
  });
  await enqueueDeliveries(
    ctx.queues,
    deliveries.map((d) => d.id),
  );
  const { count: claimsForgotten } = await db.requestClaim.deleteMany({
    where: { claimedAt: { lt: new Date(now.getTime() - CLAIM_RETENTION_MS) } },
  });
  const report = { reminders: reminders.length, deliveries: deliveries.length, claimsForgotten };
  ctx.log.debug(report, 'sweep done');
  return report;
}

export async function handleSweep(ctx: JobContext, job: Job): Promise<SweepReport> {
  if (!ZSweepJob.safeParse(job.data).success)
    throw new UnrecoverableError(`Données de job invalides (${SWEEP_JOB})`);
  return runSweep(ctx);
}
