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
