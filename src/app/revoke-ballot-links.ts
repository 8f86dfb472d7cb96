import { normaliseEmail } from '../domain/contact';
import { DomainError } from '../domain/errors';
import { bumpLinkGeneration } from '../store/contacts';
import { audit } from './audit';
import type { Actor, AppDeps } from './deps';
import { findOrganisation } from './lookup';

/**
 * Revokes every ballot link already sent to a contact (a forwarded e-mail, a person who left):
 * those links open a page that says so; the next e-mails carry new links.
 */
export async function revokeBallotLinks(
  deps: AppDeps,
  o: { tenantId: string; organisationCode: string; email: string; actor: Actor },
) {
  const email = normaliseEmail(o.email);
  return deps.db.$transaction(async (tx) => {
    const org = await findOrganisation(tx, o.tenantId, o.organisationCode);
    if (!(await bumpLinkGeneration(tx, { tenantId: o.tenantId, organisationId: org.id, email })))
      throw new DomainError(
        'CONTACT_NOT_FOUND',
        { organisation: org.name, code: org.code, email },
        'email',
      );
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'contact.links_revoked',
      subjectType: 'organisation',
      subjectId: org.id,
      data: { email },
    });
    return { organisation: org, email };
  });
}
