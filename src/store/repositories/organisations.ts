import type { OrganisationKind } from '../../domain/types';
import type { Tx } from '../db';

/** Queries on `organisations`. */

/** The tenant's partner organisations (the Caf itself excluded), by kind then name. */
export function partnerOrganisations(tx: Tx, tenantId: string) {
  return tx.organisation.findMany({
    where: { tenantId, kind: { not: 'caf' } },
    orderBy: [{ kind: 'asc' }, { name: 'asc' }],
  });
}

/** The tenant's organisations (of one kind, if given) by code, with their member and channel counts. */
export function organisationsWithCounts(tx: Tx, tenantId: string, kind?: OrganisationKind) {
  return tx.organisation.findMany({
    where: { tenantId, ...(kind ? { kind } : {}) },
    include: { _count: { select: { destinations: true, members: true } } },
    orderBy: { code: 'asc' },
  });
}
