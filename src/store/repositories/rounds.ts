import type { Tx } from '../db';

/** Queries on `rounds` (the consultations). */

/** Every round of the tenant by number, with its draft version, tenant and invitation count. */
export function roundsWithInvitationCount(tx: Tx, tenantId: string) {
  return tx.round.findMany({
    where: { tenantId },
    include: {
      draftVersion: true,
      grid: { select: { code: true } },
      tenant: true,
      _count: { select: { invitations: true } },
    },
    orderBy: { number: 'asc' },
  });
}

/**
 * Locks a round for the rest of the transaction: the round's advisory lock, exclusive (the vote,
 * concerto_cast_avis, takes it shared), then its row. False when the tenant has no such round.
 */
export async function lockRound(tx: Tx, tenantId: string, roundId: string): Promise<boolean> {
  await tx.$queryRaw`
    SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext('concerto.round'), hashtext(${roundId}::uuid::text))`;
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM rounds WHERE id = ${roundId}::uuid AND tenant_id = ${tenantId}::uuid FOR UPDATE`;
  return locked.length > 0;
}
