import type { Tx } from './db';

/**
 * Contacts of partner organisations (people reached by e-mail) and their destinations. Each
 * active contact has exactly one active destination of platform `email`: workspace = the
 * organisation's id (the same address may be a contact of two organisations), address = the
 * lower-cased e-mail address, reference = { contactId }, label = the contact's name.
 */
export interface ContactRow {
  id: string;
  organisationId: string;
  email: string;
  name: string | null;
  titular: boolean;
  active: boolean;
}

export interface ContactWithOrganisation extends ContactRow {
  organisationCode: string;
  organisationName: string;
}

/** Creates the contact or reactivates it (updating its name), with its e-mail destination. */
export async function saveContact(
  tx: Tx,
  c: {
    tenantId: string;
    organisationId: string;
    email: string;
    name: string | null;
    titular: boolean;
  },
): Promise<{ contact: ContactRow; created: boolean }> {
  const before = await tx.contact.findUnique({
    where: { organisationId_email: { organisationId: c.organisationId, email: c.email } },
  });
  if (c.titular) {
    // One titular per organisation: the previous one becomes a substitute.
    await tx.contact.updateMany({
      where: { organisationId: c.organisationId, titular: true, NOT: { email: c.email } },
      data: { titular: false },
    });
  }
  const contact = await tx.contact.upsert({
    where: { organisationId_email: { organisationId: c.organisationId, email: c.email } },
    create: {
      tenantId: c.tenantId,
      organisationId: c.organisationId,
      email: c.email,
      name: c.name,
      titular: c.titular,
    },
    update: { active: true, titular: c.titular, ...(c.name !== null ? { name: c.name } : {}) },
  });
  await tx.destination.upsert({
    where: {
      tenantId_platform_workspaceId_address: {
        tenantId: c.tenantId,
        platform: 'email',
        workspaceId: c.organisationId,
        address: c.email,
      },
    },
    create: {
      tenantId: c.tenantId,
      organisationId: c.organisationId,
      platform: 'email',
      workspaceId: c.organisationId,
      address: c.email,
      label: contact.name ?? c.email,
      reference: { contactId: contact.id },
    },
    update: { active: true, label: contact.name ?? c.email, reference: { contactId: contact.id } },
  });
  return { contact, created: !before || !before.active };
}

/** Deactivates the contact and its destination; false when there was no active contact. */
export async function deactivateContact(
  tx: Tx,
  c: { tenantId: string; organisationId: string; email: string },
): Promise<boolean> {
  const updated = await tx.contact.updateMany({
    where: { tenantId: c.tenantId, organisationId: c.organisationId, email: c.email, active: true },
    data: { active: false, titular: false },
  });
  await tx.destination.updateMany({
    where: {
      tenantId: c.tenantId,
      platform: 'email',
      workspaceId: c.organisationId,
      address: c.email,
    },
    data: { active: false },
  });
  return updated.count > 0;
}

/** Active contacts of the Caf (of one organisation when given), titular first. */
export async function listActiveContacts(
  tx: Tx,
  tenantId: string,
  organisationId?: string,
): Promise<ContactWithOrganisation[]> {
  const rows = await tx.contact.findMany({
    where: { tenantId, active: true, ...(organisationId ? { organisationId } : {}) },
    include: { organisation: { select: { code: true, name: true } } },
    orderBy: [{ organisation: { code: 'asc' } }, { titular: 'desc' }, { email: 'asc' }],
  });
  return rows.map(({ organisation, ...c }) => ({
    ...c,
    organisationCode: organisation.code,
    organisationName: organisation.name,
  }));
}

/** The contact an e-mail destination stands for (its `reference`); in one Caf when given. */
export async function contactById(tx: Tx, tenantId: string | undefined, id: string) {
  return tx.contact.findFirst({ where: { id, ...(tenantId ? { tenantId } : {}) } });
}

/** Revokes every ballot link sent to the contact so far; false when there is no such contact. */
export async function bumpLinkGeneration(
  tx: Tx,
  c: { tenantId: string; organisationId: string; email: string },
): Promise<boolean> {
  const r = await tx.contact.updateMany({
    where: { tenantId: c.tenantId, organisationId: c.organisationId, email: c.email },
    data: { linkGeneration: { increment: 1 } },
  });
  return r.count > 0;
}

/** A ballot's contact, its organisation and its active e-mail destination, in one query. */
export async function contactForBallot(tx: Tx, contactId: string) {
  const rows = await tx.$queryRaw<
    {
      id: string;
      tenantId: string;
      organisationId: string;
      organisationName: string;
      email: string;
      name: string | null;
      active: boolean;
      linkGeneration: number;
      destinationId: string | null;
    }[]
  >`
    SELECT c.id, c.tenant_id AS "tenantId", c.organisation_id AS "organisationId",
           o.name AS "organisationName", c.email, c.name, c.active,
           c.link_generation AS "linkGeneration", d.id AS "destinationId"
    FROM contacts c
    JOIN organisations o ON o.id = c.organisation_id
    LEFT JOIN destinations d
      ON d.tenant_id = c.tenant_id AND d.platform = 'email' AND d.workspace_id = c.organisation_id::text
     AND d.address = c.email AND d.active
    WHERE c.id = ${contactId}::uuid`;
  return rows[0];
}
