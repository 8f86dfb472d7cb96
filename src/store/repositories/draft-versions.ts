import type { Tx } from '../db';

/** Queries on `draft_versions` (the imported versions of a schéma directeur) and their enjeux. */

/** The tenant's latest versions, newest first, with their schéma (launch forms). */
export function recentDraftVersions(tx: Tx, tenantId: string, take = 20) {
  return tx.draftVersion.findMany({
    where: { tenantId },
    orderBy: [{ createdAt: 'desc' }, { version: 'desc' }],
    include: { schema: true },
    take,
  });
}

/** Every version of the tenant, by schéma then version, with its enjeux count (`draft list`). */
export function draftVersionsWithEnjeuxCount(tx: Tx, tenantId: string) {
  return tx.draftVersion.findMany({
    where: { tenantId },
    include: { schema: true, _count: { select: { enjeux: true } } },
    orderBy: [{ schemaId: 'asc' }, { version: 'asc' }],
  });
}

/** A version by id, only if it is the tenant's; null otherwise. */
export function findTenantDraftVersion(tx: Tx, tenantId: string, id: string) {
  return tx.draftVersion.findFirst({ where: { id, tenantId } });
}

/** The latest version of the same schéma before `version`, with its enjeux in order; or null. */
export function previousDraftVersion(
  tx: Tx,
  o: { tenantId: string; schemaId: string; version: number },
) {
  return tx.draftVersion.findFirst({
    where: { tenantId: o.tenantId, schemaId: o.schemaId, version: { lt: o.version } },
    orderBy: { version: 'desc' },
    include: { enjeux: { orderBy: { position: 'asc' } } },
  });
}

/** A version by id, with its enjeux in order and its schéma, whatever the tenant; or null. */
export function findDraftVersionWithEnjeux(tx: Tx, id: string) {
  return tx.draftVersion.findUnique({
    where: { id },
    include: { enjeux: { orderBy: { position: 'asc' } }, schema: true },
  });
}

/** The enjeux of a version, in order. */
export function enjeuxOfDraftVersion(tx: Tx, draftVersionId: string) {
  return tx.enjeu.findMany({ where: { draftVersionId }, orderBy: { position: 'asc' } });
}

/** The tenant's schémas, by number. */
export function schemasOfTenant(tx: Tx, tenantId: string) {
  return tx.schema.findMany({ where: { tenantId }, orderBy: { number: 'asc' } });
}

/** The tenant's versions numbered `version`, of one schéma or all, with enjeux and schéma. */
export function draftVersionsNumberedWithEnjeux(
  tx: Tx,
  o: { tenantId: string; version: number; schemaIds?: string[] },
) {
  return tx.draftVersion.findMany({
    where: {
      tenantId: o.tenantId,
      version: o.version,
      ...(o.schemaIds ? { schemaId: { in: o.schemaIds } } : {}),
    },
    include: { enjeux: { orderBy: { position: 'asc' } }, schema: true },
    orderBy: { schema: { number: 'asc' } },
  });
}
