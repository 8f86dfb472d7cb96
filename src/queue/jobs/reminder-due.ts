import {
  reminderToRun,
  replanFailedReminder,
  settleReminder,
} from '../../store/repositories/planned-reminders';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import { closeRound } from '../../app/close-round';
import { SCHEDULER_ACTOR } from '../../app/deps';
import { remindRound } from '../../app/remind-round';
import { sendAgrementReminder } from '../../app/send-agrement-reminder';
import { isDomainError } from '../../domain/errors';
import { ReminderAlreadyHandled, type DueReminder } from '../../app/due-reminder';
import type { JobContext } from '../context';
import { infraBackoffMs, isInfrastructureError } from '../infra';
import type { Queues } from '../queues';

/**
 * `reminders.due`: one planned reminder (a planned_reminders row) whose time has come.
 *
 * The row is the truth, the job only an alarm clock. The job id is deterministic from the row id
 * and its due time, so the outbox and the sweep may add it any number of times, and a reminder
 * moved to another time gets a new job while the old one, if it fires, finds a different due time
 * and does nothing. The use case it calls takes the row (FOR UPDATE: planned, same due time) in
 * its own transaction and marks it sent with the messages it creates, so there is no claim to go
 * stale: a run that dies rolls back, the job runs again; two runs at once queue on the row lock
 * and the second finds it done. Postgres unreachable delays the job without spending an attempt.
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

/** Consecutive infrastructure failures per job id (this process), for the backoff. */
const infraFailures = new Map<string, number>();

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
  const key = String(job.id);
  if (dueAt.getTime() > Date.now() + 1_000) {
    // Woken early (clock skew between hosts): sleep again until the due time.
    await job.moveToDelayed(dueAt.getTime(), token);
    throw new DelayedError();
  }
  try {
    const outcome = await runReminder(ctx, { id, dueAt });
    infraFailures.delete(key);
    ctx.outages?.database.up();
    return outcome;
  } catch (err) {
    if (err instanceof UnrecoverableError) throw err;
    if (isInfrastructureError(err)) {
      // Postgres unreachable: the transaction did not commit; come back later, no attempt spent.
      const n = (infraFailures.get(key) ?? 0) + 1;
      infraFailures.set(key, n);
      ctx.outages?.database.down(err);
      await job.moveToDelayed(
        Date.now() + infraBackoffMs(n, ctx.settings.infraBackoffMs, ctx.settings.infraBackoffMaxMs),
        token,
      );
      throw new DelayedError();
    }
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (final) await settle(ctx, { id, dueAt }, 'failed');
    throw err;
  }
}

/**
 * Runs the use case of the reminder, which takes the row and records its outcome in its own
 * transaction (app/due-reminder.ts): a crash at any point leaves either nothing done (the row
 * still planned, the job runs again) or everything done (messages and `sent` together).
 */
async function runReminder(ctx: JobContext, reminder: DueReminder): Promise<ReminderOutcome> {
  const db = ctx.deps.db;
  const row = await reminderToRun(db, reminder.id);
  if (!row || row.dueAt.getTime() !== reminder.dueAt.getTime()) return 'skipped';
  if (row.status === 'failed') {
    // A failed reminder's job runs again only when an operator retries it (/admin/queues).
    await replanFailedReminder(db, reminder.id, reminder.dueAt);
  } else if (row.status !== 'planned') return 'skipped';
  const deps = ctx.deps;
  try {
    if (row.kind === 'round.close' && row.roundId) {
      await closeRound(deps, {
        tenantId: row.tenantId,
        roundId: row.roundId,
        actor: SCHEDULER_ACTOR,
        reminder,
      });
    } else if (row.kind.startsWith('round.reminder.') && row.roundId) {
      await remindRound(deps, {
        tenantId: row.tenantId,
        roundId: row.roundId,
        step: row.kind,
        actor: SCHEDULER_ACTOR,
        reminder,
      });
    } else if (row.kind.startsWith('agrement.') && row.agrementId) {
      const r = await sendAgrementReminder(deps, {
        tenantId: row.tenantId,
        agrementId: row.agrementId,
        step: row.kind.slice('agrement.'.length),
        actor: SCHEDULER_ACTOR,
        reminder,
      });
      if (!r.sent) return 'cancelled';
    } else {
      await settle(ctx, reminder, 'failed');
      throw new UnrecoverableError(`Rappel ${reminder.id} : type inconnu « ${row.kind} »`);
    }
  } catch (err) {
    if (err instanceof ReminderAlreadyHandled) return 'skipped';
    if (isDomainError(err)) {
      // The round is no longer open or past its deadline, the agrément vanished…: nothing to
      // send, ever. Nothing was sent either (the use case's transaction rolled back).
      ctx.log.info(
        { reminderId: reminder.id, kind: row.kind, code: err.code },
        'reminder no longer applies, cancelled',
      );
      await settle(ctx, reminder, 'cancelled');
      return 'cancelled';
    }
    throw err;
  }
  return 'sent';
}

/** Marks a reminder that sent nothing, if it is still planned at that due time. */
async function settle(
  ctx: JobContext,
  reminder: DueReminder,
  status: 'cancelled' | 'failed',
): Promise<void> {
  await settleReminder(ctx.deps.db, reminder.id, reminder.dueAt, status);
}
