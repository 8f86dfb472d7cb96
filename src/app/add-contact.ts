import { normaliseContactName, normaliseEmail } from '../domain/contact';
import { saveContact } from '../store/contacts';
import { audit } from './audit';
import type { Actor, AppDeps } from './deps';
import { findOrganisation } from './lookup';

/**
 * Adds an e-mail contact to an organisation (or reactivates it): from then on, the rounds it is
 * invited to reach this address too. `titular`: the organisation's titular contact (the
 * previous titular becomes a substitute); otherwise a substitute. The first contact of an
 * organisation is its titular unless said otherwise.
 */
export async function addContact(
  deps: AppDeps,
  o: {
    tenantId: string;
    organisationCode: string;
    email: string;
    name?: string;
    titular?: boolean;
    actor: Actor;
  },
) {
  const email = normaliseEmail(o.email);
  const name = normaliseContactName(o.name);
  return deps.db.$transaction(async (tx) => {
    const org = await findOrganisation(tx, o.tenantId, o.organisationCode);
    const others = await tx.contact.count({
      where: { organisationId: org.id, active: true, NOT: { email } },
    });
    const titular = o.titular ?? others === 0;
    const r = await saveContact(tx, {
      tenantId: o.tenantId,
      organisationId: org.id,
      email,
      name,
      titular,
    });
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'contact.added',
      subjectType: 'organisation',
      subjectId: org.id,
      data: { contactId: r.contact.id, titular },
    });
    return { ...r, organisation: org };
  });
}
