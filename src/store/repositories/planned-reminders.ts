import type { Tx } from '../db';

/** Queries on `planned_reminders`. */

/** The tenant's reminders still planned and due by `until`, soonest first, with their subject. */
export function plannedRemindersDueBy(tx: Tx, tenantId: string, until: Date) {
  return tx.plannedReminder.findMany({
    where: { tenantId, status: 'planned', dueAt: { lte: until } },
    include: {
      round: { select: { number: true } },
      agrement: { select: { organisation: { select: { name: true, code: true } } } },
    },
    orderBy: { dueAt: 'asc' },
  });
}

/** Among `ids`, the reminders still planned and due before `until`, with their due time. */
export function plannedRemindersAmong(tx: Tx, ids: string[], until: Date) {
  return tx.plannedReminder.findMany({
    where: { id: { in: ids }, status: 'planned', dueAt: { lt: until } },
    select: { id: true, dueAt: true },
  });
}

/** The due times of the reminders `ids` (whatever their status). */
export function reminderDueTimes(tx: Tx, ids: string[]) {
  return tx.plannedReminder.findMany({
    where: { id: { in: ids } },
    select: { id: true, dueAt: true },
  });
}

/** Every tenant's reminders still planned and due before `until`, soonest first (the sweep). */
export function plannedRemindersDueBefore(tx: Tx, until: Date, take: number) {
  return tx.plannedReminder.findMany({
    where: { status: 'planned', dueAt: { lt: until } },
    select: { id: true, dueAt: true },
    orderBy: { dueAt: 'asc' },
    take,
  });
}

/** What the reminder job needs of its row, or null when it is gone. */
export function reminderToRun(tx: Tx, id: string) {
  return tx.plannedReminder.findUnique({
    where: { id },
    select: {
      tenantId: true,
      kind: true,
      agrementId: true,
      roundId: true,
      status: true,
      dueAt: true,
    },
  });
}

/** A failed reminder back to planned, if it is still failed at that due time (its job runs again). */
export async function replanFailedReminder(tx: Tx, id: string, dueAt: Date): Promise<void> {
  await tx.plannedReminder.updateMany({
    where: { id, status: 'failed', dueAt },
    data: { status: 'planned' },
  });
}

/** Marks a reminder that sent nothing, if it is still planned at that due time. */
export async function settleReminder(
  tx: Tx,
  id: string,
  dueAt: Date,
  status: 'cancelled' | 'failed',
): Promise<void> {
  await tx.plannedReminder.updateMany({
    where: { id, status: 'planned', dueAt },
    data: { status, claimedAt: null },
  });
}

/** A Caf's reminders failed for good, latest due first. */
export function failedReminders(tx: Tx, tenantId: string, limit: number) {
  return tx.plannedReminder.findMany({
    where: { tenantId, status: 'failed' },
    orderBy: { dueAt: 'desc' },
    take: limit,
  });
}

/** A Caf's failed reminders (all, or those among `ids`), with their due time. */
export function failedRemindersAmong(tx: Tx, tenantId: string, ids: string[] | 'all') {
  return tx.plannedReminder.findMany({
    where:
      ids === 'all'
        ? { tenantId, status: 'failed' }
        : { tenantId, status: 'failed', id: { in: ids } },
    select: { id: true, dueAt: true },
  });
}

/** Failed reminders back to planned, unclaimed (an operator's retry). */
export async function resetFailedReminders(tx: Tx, ids: string[]): Promise<void> {
  await tx.plannedReminder.updateMany({
    where: { id: { in: ids }, status: 'failed' },
    data: { status: 'planned', claimedAt: null },
  });
}

/**
 * Locks a reminder's row for the transaction if it is still planned at that due time; false
 * when it is not (sent, cancelled, moved, gone).
 */
export async function lockPlannedReminder(tx: Tx, id: string, dueAt: Date): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM planned_reminders
    WHERE id = ${id}::uuid AND status = 'planned' AND due_at = ${dueAt}
    FOR UPDATE`;
  return rows.length > 0;
}
