import { normaliseEmail } from '../domain/contact';
import { DomainError } from '../domain/errors';
import type { Tx } from '../store/db';
import { deactivateContact } from '../store/contacts';
import { audit } from './audit';
import type { Actor, AppDeps } from './deps';
import { findOrganisation } from './lookup';

export interface ContactCommand {
  tenantId: string;
  organisationCode: string;
  email: string;
  actor: Actor;
}

/**
 * One change to an existing contact of an organisation, audited: `change` answers false when the
 * organisation has no such contact (CONTACT_NOT_FOUND, nothing written).
 */
export async function changeContact(
  deps: AppDeps,
  o: ContactCommand,
  action: string,
  change: (
    tx: Tx,
    c: { tenantId: string; organisationId: string; email: string },
  ) => Promise<boolean>,
) {
  const email = normaliseEmail(o.email);
  return deps.db.$transaction(async (tx) => {
    const org = await findOrganisation(tx, o.tenantId, o.organisationCode);
    if (!(await change(tx, { tenantId: o.tenantId, organisationId: org.id, email })))
      throw new DomainError(
        'CONTACT_NOT_FOUND',
        { organisation: org.name, code: org.code, email },
        'email',
      );
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action,
      subjectType: 'organisation',
      subjectId: org.id,
      data: { email },
    });
    return { organisation: org, email };
  });
}

/**
 * Removes an e-mail contact from an organisation: it receives nothing more (messages already
 * waiting for it are cancelled by the delivery queue, its destination being inactive). Its
 * past avis and deliveries stay.
 */
export function removeContact(deps: AppDeps, o: ContactCommand) {
  return changeContact(deps, o, 'contact.removed', deactivateContact);
}
