import type { Tx } from '../db';

/** Queries on `tenants` (the Cafs). */

/** A tenant by id; throws when there is none (the id comes from a resolved member or --caf). */
export function getTenant(tx: Tx, id: string) {
  return tx.tenant.findUniqueOrThrow({ where: { id } });
}
