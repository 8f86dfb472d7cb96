import { unfinishedDeliveryIds } from '../../store/repositories/deliveries';
import { plannedRemindersDueBefore } from '../../store/repositories/planned-reminders';
import { forgetRequestClaims } from '../../store/repositories/request-claims';
import { purgeConsoleSignIns } from '../../store/repositories/console-sign-ins';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import { z } from 'zod';
import type { JobContext } from '../context';
import { enqueueDeliveries } from './deliver';
import { enqueueReminders, reminderJobId } from './reminder-due';

/**
 * `maintenance.sweep` (job scheduler, every minute): makes Redis agree with the database again.
 * Every planned reminder due within the horizon — overdue ones included, which run at once —
 * and every delivery not yet sent gets its job re-added under its deterministic id: a job that
 * still exists is left as it is (BullMQ ignores an add with an existing id), one Redis lost is
 * re-created. The claims in the handlers make a re-run harmless, so flushing Redis and
 * restarting loses nothing and sends nothing twice. A job BullMQ failed for good while its row
 * still waits is retried. It also forgets the vote's request claims older than a day, and the
 * pilots' console's expired sessions and its sign-in links and OpenID Connect attempts expired
 * for more than a day.
 *
 * It runs on a timer in every worker process (worker.ts), so it survives Redis losing its data.
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
  /**
   * Jobs BullMQ had failed (dead-lettered) while their row still waits — attempts exhausted by
   * an outage, a job stalled too often —, put back in the queue.
   */
  revived: number;
  /** Vote request claims older than CLAIM_RETENTION_MS, forgotten. */
  claimsForgotten: number;
  /**
   * The console's rows purged: expired sessions; sign-in links and OpenID Connect attempts
   * expired for more than SIGN_IN_RETENTION_MS.
   */
  consolePurged: { sessions: number; links: number; oidcAttempts: number };
}

/** How long an expired sign-in link or OIDC attempt is kept (its page says « expired »). */
export const SIGN_IN_RETENTION_MS = 24 * 3_600_000;

/** How long the vote remembers a Slack request (request_claims): Slack retries within minutes. */
export const CLAIM_RETENTION_MS = 24 * 3_600_000;

export async function runSweep(
  ctx: Pick<JobContext, 'deps' | 'queues' | 'settings' | 'log'>,
): Promise<SweepReport> {
  const db = ctx.deps.db;
  const now = new Date();
  const reminders = await plannedRemindersDueBefore(
    db,
    new Date(now.getTime() + ctx.settings.reminderHorizonMs),
    SWEEP_BATCH,
  );
  await enqueueReminders(ctx.queues, reminders, now.getTime());
  const revivedReminders = await reviveDeadLetters(
    ctx,
    ctx.queues.reminders,
    reminders.map((r) => reminderJobId(r.id, r.dueAt)),
  );
  const deliveries = await unfinishedDeliveryIds(db, SWEEP_BATCH);
  await enqueueDeliveries(ctx.queues, deliveries);
  const revivedDeliveries = await reviveDeadLetters(ctx, ctx.queues.deliveries, deliveries);
  const claimsForgotten = await forgetRequestClaims(
    db,
    new Date(now.getTime() - CLAIM_RETENTION_MS),
  );
  const consolePurged = await purgeConsoleSignIns(db, {
    now,
    before: new Date(now.getTime() - SIGN_IN_RETENTION_MS),
  });
  const report = {
    reminders: reminders.length,
    deliveries: deliveries.length,
    revived: revivedReminders + revivedDeliveries,
    claimsForgotten,
    consolePurged,
  };
  if (report.revived > 0) ctx.log.warn(report, 'sweep: failed jobs of unfinished rows re-queued');
  ctx.log.debug(report, 'sweep done');
  return report;
}

/**
 * The row is the truth: a row still pending whose job BullMQ holds as failed would never run
 * again (an add under an existing id is ignored). Those jobs are retried, attempts reset.
 */
async function reviveDeadLetters(
  ctx: Pick<JobContext, 'queues'>,
  queue: Queue,
  jobIds: string[],
): Promise<number> {
  if (jobIds.length === 0) return 0;
  const failedKey = `${ctx.queues.prefix}:${queue.name}:failed`;
  let revived = 0;
  for (let i = 0; i < jobIds.length; i += 1_000) {
    const chunk = jobIds.slice(i, i + 1_000);
    const scores = await ctx.queues.redis.zmscore(failedKey, ...chunk);
    for (const [k, score] of scores.entries()) {
      if (score === null) continue;
      const job = await queue.getJob(chunk[k]!);
      if (!job) continue;
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      revived += 1;
    }
  }
  return revived;
}

export async function handleSweep(ctx: JobContext, job: Job): Promise<SweepReport> {
  if (!ZSweepJob.safeParse(job.data).success)
    throw new UnrecoverableError(`Données de job invalides (${SWEEP_JOB})`);
  return runSweep(ctx);
}
