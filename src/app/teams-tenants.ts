import type { Db, Tx } from '../store/db';

/**
 * Which Microsoft 365 (Entra) tenants' Teams users may use the bot, per Caf: the rows of
 * `teams_tenants`, or, for a Caf that has none, the deployment's TEAMS_TENANT_ID. Tenant ids
 * are GUIDs, compared in lower case.
 */
export interface TeamsTenantRegistry {
  /** Registered for at least one Caf: activities from other tenants are refused at the door. */
  isKnown(entraTenantId: string): Promise<boolean>;
  /** Registered for this Caf. */
  isAllowedFor(cafTenantId: string, entraTenantId: string, tx?: Tx): Promise<boolean>;
}

export function teamsTenantRegistry(db: Db, defaultEntraTenantId?: string): TeamsTenantRegistry {
  const fallback = defaultEntraTenantId?.toLowerCase();
  return {
    async isKnown(entraTenantId) {
      const tid = entraTenantId.toLowerCase();
      const row = await db.teamsTenant.findFirst({
        where: { entraTenantId: tid },
        select: { id: true },
      });
      if (row) return true;
      if (!fallback || tid !== fallback) return false;
      const cafWithoutAny = await db.tenant.findFirst({
        where: { teamsTenants: { none: {} } },
        select: { id: true },
      });
      return cafWithoutAny !== null;
    },
    async isAllowedFor(cafTenantId, entraTenantId, tx) {
      const rows = await (tx ?? db).teamsTenant.findMany({
        where: { tenantId: cafTenantId },
        select: { entraTenantId: true },
      });
      const tid = entraTenantId.toLowerCase();
      if (rows.length > 0) return rows.some((r) => r.entraTenantId === tid);
      return fallback !== undefined && tid === fallback;
    },
  };
}

/** Registers a Microsoft 365 tenant for a Caf (idempotent). */
export async function registerTeamsTenant(
  db: Db,
  o: { tenantId: string; entraTenantId: string; label?: string },
) {
  const entraTenantId = o.entraTenantId.trim().toLowerCase();
  return db.teamsTenant.upsert({
    where: { tenantId_entraTenantId: { tenantId: o.tenantId, entraTenantId } },
    create: { tenantId: o.tenantId, entraTenantId, label: o.label ?? null },
    update: o.label !== undefined ? { label: o.label } : {},
  });
}
