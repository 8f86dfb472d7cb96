import type { Tx } from '../store/db';
import { lockPlannedReminder } from '../store/repositories/planned-reminders';

/**
 * A planned reminder (planned_reminders row) run by the scheduler. The use case that sends it
 * (remindRound, closeRound, sendAgrementReminder) takes the row inside its own transaction and
 * records the outcome there: the reminder's messages and its `sent` mark commit together, so a
 * reminder whose messages went out is never left `planned` or `cancelled`, and one marked `sent`
 * always has its messages. A second run of the same reminder waits for the first one's
 * transaction, then finds the row no longer planned (ReminderAlreadyHandled).
 */
export interface DueReminder {
  id: string;
  /** The due time the job was planned for: a reminder moved since is not this one any more. */
  dueAt: Date;
}

export class ReminderAlreadyHandled extends Error {
  constructor(id: string) {
    super(`Rappel ${id} déjà traité ou reporté`);
    this.name = 'ReminderAlreadyHandled';
  }
}

/**
 * Locks the reminder's row for the transaction; throws ReminderAlreadyHandled unless it is still
 * planned at that due time. Call it after the locks the use case takes first (the round's), so
 * that every transaction takes them in the same order.
 */
export async function takeDueReminder(tx: Tx, r: DueReminder | undefined): Promise<void> {
  if (!r) return;
  if (!(await lockPlannedReminder(tx, r.id, r.dueAt))) throw new ReminderAlreadyHandled(r.id);
}

/** Records the reminder's outcome in the same transaction as its messages. */
export async function finishDueReminder(
  tx: Tx,
  r: DueReminder | undefined,
  status: 'sent' | 'cancelled',
  now: Date,
): Promise<void> {
  if (!r) return;
  await tx.plannedReminder.update({
    where: { id: r.id },
    data: { status, claimedAt: null, ...(status === 'sent' ? { sentAt: now } : {}) },
  });
}
