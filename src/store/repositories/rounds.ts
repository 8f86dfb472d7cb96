import type { Tx } from '../db';

/** Queries on `rounds` (the consultations). */

/** Every round of the tenant by number, with its draft version, tenant and invitation count. */
export function roundsWithInvitationCount(tx: Tx, tenantId: string) {
  return tx.round.findMany({
    where: { tenantId },
    include: { draftVersion: true, tenant: true, _count: { select: { invitations: true } } },
    orderBy: { number: 'asc' },
  });
}
