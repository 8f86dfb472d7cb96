import { DomainError } from '../domain/errors';
import type { Db, Tx } from '../store/db';
import { audit } from './audit';
import type { Actor, AppDeps } from './deps';

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

/** An Entra tenant id: a GUID (Teams sends them in lower case). */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function entraTenantIdOf(raw: string): string {
  const id = raw.trim().toLowerCase();
  if (!GUID.test(id)) throw new DomainError('TEAMS_TENANT_ID_INVALID', { input: raw.slice(0, 60) });
  return id;
}

/** Registers a Microsoft 365 tenant for a Caf (idempotent; the label is updated). */
export async function registerTeamsTenant(
  deps: Pick<AppDeps, 'db'>,
  o: { tenantId: string; entraTenantId: string; label?: string; actor: Actor },
) {
  const entraTenantId = entraTenantIdOf(o.entraTenantId);
  return deps.db.$transaction(async (tx) => {
    const row = await tx.teamsTenant.upsert({
      where: { tenantId_entraTenantId: { tenantId: o.tenantId, entraTenantId } },
      create: { tenantId: o.tenantId, entraTenantId, label: o.label ?? null },
      update: o.label !== undefined ? { label: o.label } : {},
    });
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'teams-tenant.registered',
      subjectType: 'teams_tenant',
      subjectId: row.id,
      data: { entraTenantId, label: row.label },
    });
    return row;
  });
}

/** Removes a Microsoft 365 tenant from a Caf; false when it was not registered. */
export async function unregisterTeamsTenant(
  deps: Pick<AppDeps, 'db'>,
  o: { tenantId: string; entraTenantId: string; actor: Actor },
): Promise<boolean> {
  const entraTenantId = entraTenantIdOf(o.entraTenantId);
  return deps.db.$transaction(async (tx) => {
    const row = await tx.teamsTenant.findUnique({
      where: { tenantId_entraTenantId: { tenantId: o.tenantId, entraTenantId } },
    });
    if (!row) return false;
    await tx.teamsTenant.delete({ where: { id: row.id } });
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'teams-tenant.unregistered',
      subjectType: 'teams_tenant',
      subjectId: row.id,
      data: { entraTenantId },
    });
    return true;
  });
}

export function listTeamsTenants(deps: Pick<AppDeps, 'db'>, tenantId: string) {
  return deps.db.teamsTenant.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' } });
}
