import type { Tx } from '../db';

/** Forgets the vote request claims made before `before`; returns how many. */
export async function forgetRequestClaims(tx: Tx, before: Date): Promise<number> {
  const { count } = await tx.requestClaim.deleteMany({ where: { claimedAt: { lt: before } } });
  return count;
}
