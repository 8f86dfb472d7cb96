import { normaliseEmail } from '../domain/contact';
import { DomainError } from '../domain/errors';
import { deactivateContact } from '../store/contacts';
import { audit } from './audit';
import type { Actor, AppDeps } from './deps';
import { findOrganisation } from './lookup';

/**
 * Removes an e-mail contact from an organisation: it receives nothing more (messages already
 * waiting for it are cancelled by the delivery queue, its destination being inactive). Its
 * past avis and deliveries stay.
 */
export async function removeContact(
  deps: AppDeps,
  o: { tenantId: string; organisationCode: string; email: string; actor: Actor },
) {
  const email = normaliseEmail(o.email);
  return deps.db.$transaction(async (tx) => {
    const org = await findOrganisation(tx, o.tenantId, o.organisationCode);
    if (!(await deactivateContact(tx, { tenantId: o.tenantId, organisationId: org.id, email })))
      throw new DomainError(
        'CONTACT_NOT_FOUND',
        { organisation: org.name, code: org.code, email },
        'email',
      );
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'contact.removed',
      subjectType: 'organisation',
      subjectId: org.id,
      data: { email },
    });
    return { organisation: org, email };
  });
}
