import type { Tx } from '../db';

/** Queries on `agrements` and their planned reminders. */

/** Locks an agrément's row for the rest of the transaction (whatever its tenant). */
export async function lockAgrementRow(tx: Tx, agrementId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM agrements WHERE id = ${agrementId}::uuid FOR UPDATE`;
}

/** Cancels the reminders still planned for an agrément; returns their ids. */
export async function cancelPlannedAgrementReminders(
  tx: Tx,
  agrementId: string,
): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    UPDATE planned_reminders SET status = 'cancelled'
    WHERE agrement_id = ${agrementId}::uuid AND status = 'planned'
    RETURNING id`;
  return rows.map((r) => r.id);
}

/**
 * Plans agrément reminders (one row per kind, agrément and due time, the three arrays in step):
 * a row already planned for the same agrément and kind moves to the new due time; one sent,
 * cancelled or failed is left alone. Returns the ids of the rows created or moved.
 */
export async function upsertAgrementReminders(
  tx: Tx,
  tenantId: string,
  rows: { kinds: string[]; agrementIds: string[]; dueAts: string[] },
): Promise<string[]> {
  const { kinds, agrementIds, dueAts } = rows;
  const out = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO planned_reminders (id, tenant_id, kind, agrement_id, due_at, status)
      SELECT gen_random_uuid(), ${tenantId}::uuid, x.kind, x.agrement_id, x.due_at, 'planned'
      FROM unnest(${kinds}::text[], ${agrementIds}::uuid[], ${dueAts}::timestamptz[]) AS x(kind, agrement_id, due_at)
      ON CONFLICT (agrement_id, kind) DO UPDATE SET due_at = EXCLUDED.due_at, claimed_at = NULL
        WHERE planned_reminders.status = 'planned' AND planned_reminders.due_at <> EXCLUDED.due_at
      RETURNING id`;
  return out.map((r) => r.id);
}
