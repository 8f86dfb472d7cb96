import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ofPlace } from '../domain/format';
import { audit } from './audit';
import { createTenant } from './create-tenant';
import type { Actor, AppDeps } from './deps';
import { importAgrements, type AgrementImportReport } from './import-agrements';
import { importDraft } from './import-draft';
import { importGrid } from './import-grid';
import { importOrganisations } from './import-organisations';
import { saveContact } from '../store/contacts';

/** The demo data, copied into the project from the Caf's own files: the product reads nothing outside it. */
export const DATA_DIR = path.join(__dirname, '..', 'data');
const data = (name: string) => readFileSync(path.join(DATA_DIR, name), 'utf8');

export const DEMO_TENANT = { code: '94', name: 'Caf du Val-de-Marne' };
/** The demo's pilot, who signs in to the web console. */
export const DEMO_PILOT_EMAIL = 'pilote@caf94.example';

/** Loads the 47 communes of Val-de-Marne (INSEE reference, shared by every tenant). */
export async function loadCommunes(deps: AppDeps): Promise<number> {
  // The file also names each commune's EPCI (domain/territory.ts): the table holds the commune.
  const communes = (
    JSON.parse(data('communes-94.json')) as { insee: string; name: string; epci: string }[]
  ).map((c) => ({ insee: c.insee, name: c.name }));
  await deps.db.commune.createMany({ data: communes, skipDuplicates: true });
  return communes.length;
}

/**
 * The Val-de-Marne demo tenant: communes, institutional partners, every commune as an
 * organisation, the agrément register, draft v1, console destinations and e-mail contacts so a
 * demo round is visible (and answerable, from the e-mails' links) without Slack or Teams.
 * Running it again changes nothing.
 */
export async function seedDemo(deps: AppDeps, o: { actor: Actor }) {
  const communes = await loadCommunes(deps);
  const { tenant } = await createTenant(deps, { ...DEMO_TENANT, actor: o.actor });
  const partners = await importOrganisations(deps, {
    tenantId: tenant.id,
    csv: data('partners-94.csv'),
    actor: o.actor,
  });
  const communeRows = (
    JSON.parse(data('communes-94.json')) as { insee: string; name: string }[]
  ).map(
    (c) => `COM-${c.insee},"Commune ${ofPlace(c.name).replace(/"/g, '""')}",commune,${c.insee}`,
  );
  const communeOrgs = await importOrganisations(deps, {
    tenantId: tenant.id,
    csv: ['code,name,kind,commune_insee', ...communeRows].join('\n'),
    actor: o.actor,
  });
  const agrements: AgrementImportReport = await importAgrements(deps, {
    tenantId: tenant.id,
    csv: data('agrements-94.csv'),
    actor: o.actor,
  });
  const draft = await importDraft(deps, {
    tenantId: tenant.id,
    markdown: data('schema-94-v1.md'),
    actor: o.actor,
  });
  const grid = await importGrid(deps, {
    tenantId: tenant.id,
    text: data('grille-evaluation-94.yaml'),
    fileName: 'grille-evaluation-94.yaml',
    actor: o.actor,
  });

  // Console destinations: the institutional partners and the pilots read their messages in the
  // worker's output until Slack or Teams is connected.
  const institutional = await deps.db.organisation.findMany({
    where: { tenantId: tenant.id, kind: { in: ['etat', 'departement', 'federation', 'msa'] } },
  });
  for (const org of institutional) {
    await deps.db.destination.upsert({
      where: {
        tenantId_platform_workspaceId_address: {
          tenantId: tenant.id,
          platform: 'console',
          workspaceId: 'demo',
          address: org.code,
        },
      },
      create: {
        tenantId: tenant.id,
        organisationId: org.id,
        platform: 'console',
        workspaceId: 'demo',
        address: org.code,
        label: org.name,
      },
      update: {},
    });
  }
  // The communes are reached by e-mail (reserved .example domains): without SMTP_URL their
  // e-mails are .eml files listed at /dev/mail, each with its personal ballot link.
  const communesReached = await deps.db.organisation.findMany({
    where: { tenantId: tenant.id, kind: 'commune' },
  });
  await deps.db.$transaction(async (tx) => {
    for (const org of communesReached) {
      const email = `avs@${org.code.toLowerCase()}.example`;
      const exists = await tx.contact.findUnique({
        where: { organisationId_email: { organisationId: org.id, email } },
      });
      if (!exists)
        await saveContact(tx, {
          tenantId: tenant.id,
          organisationId: org.id,
          email,
          name: `Référent AVS, ${org.name.replace(/^Commune /, 'mairie ')}`.slice(0, 120),
          titular: true,
        });
    }
  });
  await deps.db.destination.upsert({
    where: {
      tenantId_platform_workspaceId_address: {
        tenantId: tenant.id,
        platform: 'console',
        workspaceId: 'demo',
        address: 'pilotes',
      },
    },
    create: {
      tenantId: tenant.id,
      forPilots: true,
      platform: 'console',
      workspaceId: 'demo',
      address: 'pilotes',
      label: 'Pilotes de la Caf',
    },
    update: {},
  });
  // The demo pilot signs in to the web console (/console) with this address: without SMTP_URL
  // the link is in the web process's output at start-up, or on /dev/mail after the form.
  const pilot = await deps.db.member.upsert({
    where: { tenantId_email: { tenantId: tenant.id, email: DEMO_PILOT_EMAIL } },
    create: {
      tenantId: tenant.id,
      role: 'pilot',
      displayName: 'Pilote de démonstration',
      email: DEMO_PILOT_EMAIL,
    },
    update: {},
  });
  await deps.db.$transaction((tx) =>
    audit(tx, {
      tenantId: tenant.id,
      actor: o.actor,
      action: 'demo.seeded',
      subjectType: 'tenant',
      subjectId: tenant.id,
    }),
  );
  return { tenant, communes, partners, communeOrgs, agrements, draft, grid, pilot };
}
