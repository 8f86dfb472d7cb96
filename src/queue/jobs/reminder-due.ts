import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import { closeRound } from '../../app/close-round';
import { SCHEDULER_ACTOR } from '../../app/deps';
import { remindRound } from '../../app/remind-round';
import { sendAgrementReminder } from '../../app/send-agrement-reminder';
import { isDomainError } from '../../domain/errors';
import type { JobContext } from '../context';
import type { Queues } from '../queues';

/**
 * `reminders.due`: one planned reminder (a planned_reminders row) whose time has come.
 *
 * The row is the truth, the job only an alarm clock. The job id is deterministic from the row id
 * and its due time, so the outbox and the sweep may add it any number of times, and a reminder
 * moved to another time gets a new job while the old one, if it fires, finds a different due time
 * and does nothing. The row is claimed with a conditional update (planned, unclaimed or claim
 * stale, same due time); a claim count of 0 means another run has it or it is done. The use cases
 * it calls deduplicate their deliveries, so a run that dies after them and is repeated sends
 * nothing twice.
 */
export const REMINDER_DUE_JOB = 'reminders.due';

export const ZReminderDueJob = z.object({
  reminderId: z.uuid(),
  /** ISO instant: the due time the job was planned for. */
  dueAt: z.iso.datetime(),
});
export type TReminderDueJob = z.infer<typeof ZReminderDueJob>;

/** BullMQ refuses ':' in custom ids. */
export function reminderJobId(reminderId: string, dueAt: Date): string {
  return `reminder-${reminderId}-${dueAt.getTime()}`;
}

/** Adds the delayed job of each reminder (due now or past: runs at once). Existing ids: no-op. */
export async function enqueueReminders(
  queues: Queues,
  rows: { id: string; dueAt: Date }[],
  now = Date.now(),
): Promise<void> {
  if (rows.length === 0) return;
  await queues.reminders.addBulk(
    rows.map((r) => ({
      name: REMINDER_DUE_JOB,
      data: { reminderId: r.id, dueAt: r.dueAt.toISOString() } satisfies TReminderDueJob,
      opts: { jobId: reminderJobId(r.id, r.dueAt), delay: Math.max(0, r.dueAt.getTime() - now) },
    })),
  );
}

export type ReminderOutcome = 'sent' | 'skipped' | 'cancelled';

interface ClaimedReminder {
  id: string;
  tenant_id: string;
  kind: string;
  agrement_id: string | null;
  round_id: string | null;
  claimed_at: Date;
}

export async function handleReminderDue(
  ctx: JobContext,
  job: Job,
  token: string | undefined,
): Promise<ReminderOutcome> {
  const parsed = ZReminderDueJob.safeParse(job.data);
  if (!parsed.success) {
    throw new UnrecoverableError(
      `Données de job invalides (${REMINDER_DUE_JOB}) : ${z.prettifyError(parsed.error)}`,
    );
  }
  const dueAt = new Date(parsed.data.dueAt);
  const id = parsed.data.reminderId;
  const db = ctx.deps.db;
  const now = new Date();
  if (dueAt.getTime() > now.getTime() + 1_000) {
    // Woken early (clock skew between hosts): sleep again until the due time.
    await job.moveToDelayed(dueAt.getTime(), token);
    throw new DelayedError();
  }
  const staleBefore = new Date(now.getTime() - ctx.settings.reminderClaimStaleMs);
  const claimed = await db.$queryRaw<ClaimedReminder[]>`
    UPDATE planned_reminders SET claimed_at = ${now}
    WHERE id = ${id}::uuid AND status = 'planned' AND due_at = ${dueAt}
      AND (claimed_at IS NULL OR claimed_at < ${staleBefore})
    RETURNING id, tenant_id, kind, agrement_id, round_id, claimed_at`;
  const row = claimed[0];
  if (!row) return 'skipped';
  const finish = (status: 'sent' | 'cancelled' | 'failed' | 'planned') =>
    db.plannedReminder.updateMany({
      where: { id, status: 'planned', claimedAt: row.claimed_at },
      data:
        status === 'planned'
          ? { claimedAt: null }
          : { status, ...(status === 'sent' ? { sentAt: new Date() } : {}) },
    });
  const deps = ctx.deps;
  try {
    if (row.kind === 'round.close' && row.round_id) {
      await closeRound(deps, {
        tenantId: row.tenant_id,
        roundId: row.round_id,
        actor: SCHEDULER_ACTOR,
      });
    } else if (row.kind.startsWith('round.reminder.') && row.round_id) {
      await remindRound(deps, {
        tenantId: row.tenant_id,
        roundId: row.round_id,
        step: row.kind,
        actor: SCHEDULER_ACTOR,
      });
    } else if (row.kind.startsWith('agrement.') && row.agrement_id) {
      const r = await sendAgrementReminder(deps, {
        tenantId: row.tenant_id,
        agrementId: row.agrement_id,
        step: row.kind.slice('agrement.'.length),
        actor: SCHEDULER_ACTOR,
      });
      if (!r.sent) {
        await finish('cancelled');
        return 'cancelled';
      }
    } else {
      await finish('failed');
      throw new UnrecoverableError(`Rappel ${id} : type inconnu « ${row.kind} »`);
    }
  } catch (err) {
    if (err instanceof UnrecoverableError) throw err;
    if (isDomainError(err)) {
      // The round is no longer open, the agrément vanished…: nothing to send, ever.
      ctx.log.info(
        { reminderId: id, kind: row.kind, code: err.code },
        'reminder no longer applies, cancelled',
      );
      await finish('cancelled');
      return 'cancelled';
    }
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await finish(final ? 'failed' : 'planned');
    throw err;
  }
  await finish('sent');
  return 'sent';
}
