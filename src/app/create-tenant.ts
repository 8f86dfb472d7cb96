import { DomainError } from '../domain/errors';
import { audit } from './audit';
import type { Actor, AppDeps } from './deps';

export interface CreateTenantOptions {
  code: string;
  name: string;
  /** IANA time zone. Default: Europe/Paris. */
  timezone?: string;
  actor: Actor;
}

/** Creates a Caf, or updates its name and time zone when the code exists (idempotent). */
export async function createTenant(deps: AppDeps, o: CreateTenantOptions) {
  const code = o.code.trim();
  if (!/^[0-9A-Za-z-]{1,12}$/.test(code)) {
    throw new DomainError('TENANT_CODE_INVALID', { code: o.code });
  }
  if (!o.name.trim()) throw new DomainError('TENANT_NAME_MISSING');
  const timezone = o.timezone ?? 'Europe/Paris';
  try {
    new Intl.DateTimeFormat('fr-FR', { timeZone: timezone });
  } catch {
    throw new DomainError('TIMEZONE_INVALID', { timezone, hint: false });
  }
  return deps.db.$transaction(async (tx) => {
    const existing = await tx.tenant.findUnique({ where: { code } });
    const tenant = existing
      ? await tx.tenant.update({
          where: { id: existing.id },
          data: { name: o.name.trim(), timezone },
        })
      : await tx.tenant.create({ data: { code, name: o.name.trim(), timezone } });
    await audit(tx, {
      tenantId: tenant.id,
      actor: o.actor,
      action: existing ? 'tenant.updated' : 'tenant.created',
      subjectType: 'tenant',
      subjectId: tenant.id,
      data: { code, name: tenant.name },
    });
    return { tenant, created: !existing };
  });
}
