import { DomainError } from '../domain/errors';
import type { Role } from '../domain/types';
import { audit } from './audit';
import type { Actor, AppDeps } from './deps';
import { generateInviteCode, hashInviteCode } from './invite-codes';
import { findOrganisation } from './lookup';

export interface CreateInviteCodeOptions {
  tenantId: string;
  /** Required for partners and observers of an organisation; pilots belong to the Caf. */
  organisationCode?: string;
  role: Role;
  /** Days before the code expires. Default: 14. */
  validDays?: number;
  actor: Actor;
}

/** Issues a one-time invitation code; only its hash is stored, the code is shown once. */
export async function createInviteCode(deps: AppDeps, o: CreateInviteCodeOptions) {
  const validDays = o.validDays ?? 14;
  if (!Number.isInteger(validDays) || validDays < 1 || validDays > 90) {
    throw new DomainError('INVITE_VALIDITY_INVALID');
  }
  if (o.role === 'partner' && !o.organisationCode) {
    throw new DomainError('INVITE_ORG_REQUIRED');
  }
  if (o.role === 'pilot' && o.organisationCode) {
    throw new DomainError('INVITE_PILOT_WITH_ORG');
  }
  const code = generateInviteCode();
  const expiresAt = new Date(deps.now().getTime() + validDays * 86_400_000);
  return deps.db.$transaction(async (tx) => {
    const org = o.organisationCode
      ? await findOrganisation(tx, o.tenantId, o.organisationCode)
      : null;
    const row = await tx.inviteCode.create({
      data: {
        tenantId: o.tenantId,
        codeHash: hashInviteCode(code),
        role: o.role,
        organisationId: org?.id ?? null,
        expiresAt,
      },
    });
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'invite_code.created',
      subjectType: 'invite_code',
      subjectId: row.id,
      data: { role: o.role, organisation: org?.code ?? null, expiresAt: expiresAt.toISOString() },
    });
    return { code, expiresAt, organisation: org };
  });
}
