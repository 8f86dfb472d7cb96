import type { AddressInfo } from 'node:net';
import { ballotKey } from '../../src/app/ballot-links';
import { addPilot } from '../../src/app/console-auth';
import { CLI_ACTOR } from '../../src/app/deps';
import { launchRound } from '../../src/app/launch-round';
import { mountConsole } from '../../src/http/console';
import { createHttpApp, listen, type RunningServer } from '../../src/http/server';
import { consoleClient, formToken } from '../support/console-client';
import {
  createDraftRound,
  createHarness,
  seedOrganisations,
  silentLog,
  type Harness,
} from '../queue/support/harness';

/**
 * The console speaks the pilot's language (members.locale, issue [7]): the same pages for a
 * French pilot and an English one, each in their words from the catalogue (CONSOLE_FR,
 * CONSOLE_EN), `<html lang>` included; the sign-in pages, before anyone is known, stay French.
 */
const key = ballotKey({ secret: 'console-locale-test', databaseUrl: '' });

describe('pilots’ console in the pilot’s language', () => {
  let h: Harness;
  let server: RunningServer;
  let base: string;
  let client: ReturnType<typeof consoleClient>;

  beforeAll(async () => {
    h = await createHarness();
    const app = await createHttpApp({
      deps: h.deps,
      log: silentLog,
      redis: { ping: async () => 'PONG' },
      mount: (a) => mountConsole(a, { deps: h.deps, log: silentLog, key }),
    });
    server = await listen(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    h.deps.publicUrl = base;
    client = consoleClient({ base: () => base, deps: () => h.deps, key });
    await seedOrganisations(h, ['CS1', 'CS2']);
    await addPilot(h.deps, {
      tenantId: h.tenantId,
      email: 'pilote@caf94.test',
      name: 'Mme Pilote',
      actor: CLI_ACTOR,
    });
    const { member } = await addPilot(h.deps, {
      tenantId: h.tenantId,
      email: 'pilot@caf94.test',
      name: 'Ms Pilot',
      actor: CLI_ACTOR,
    });
    await h.tdb.db.member.update({ where: { id: member.id }, data: { locale: 'en' } });
    const round = await createDraftRound(h, {
      codes: ['CS1', 'CS2'],
      deadline: new Date(Date.now() + 86_400_000),
      reminderSchedule: 'aucun',
    });
    await launchRound(h.deps, { tenantId: h.tenantId, roundId: round.id, actor: CLI_ACTOR });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  const pageOf = async (email: string, path: string) => {
    const { jar, res } = await client.signIn(email, h.tenantId);
    expect(res.status).toBe(303);
    const page = await client.get(path, jar);
    return { jar, status: page.status, html: await page.text() };
  };

  it('shows a French pilot the French console', async () => {
    const { status, html } = await pageOf('pilote@caf94.test', '/console/consultations/1');
    expect(status).toBe(200);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Se déconnecter');
    expect(html).toContain('<h2>Avis par organisation et par enjeu</h2>');
    expect(html).toContain('<dd id="etat">ouverte</dd>');
    expect(html).toContain('0 organisation sur 2 a répondu à tous les enjeux');
    expect(html).not.toContain('Sign out');
  });

  it('shows an English pilot the same pages in English, from the catalogue', async () => {
    const { jar, status, html } = await pageOf('pilot@caf94.test', '/console/consultations/1');
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<title>Consultation no. 1 — Pilots’ console — Concerto</title>');
    expect(html).toContain('Sign out');
    expect(html).toContain('<h2>Avis by organisation and by enjeu</h2>');
    // The words the chat channels use for the same thing: ROUND_STATUS_EN, round-messages.ts.
    expect(html).toContain('<dd id="etat">open</dd>');
    expect(html).toContain('0 of 2 organisations answered every issue');
    expect(html).toContain('<dt>Deadline</dt>');
    for (const french of ['Se déconnecter', 'Date limite', 'Clore ou annuler', 'Relancer'])
      expect(html).not.toContain(french);

    const list = await (await client.get('/console', jar)).text();
    expect(list).toContain('<h1>Consultations</h1>');
    expect(list).toContain('Prepare a new consultation');
    expect(list).not.toContain('Préparer une nouvelle consultation');

    // A refusal in English too: the page's and the form's.
    const missing = await client.get('/console/consultations/99', jar);
    expect(missing.status).toBe(404);
    const missingHtml = await missing.text();
    expect(missingHtml).toContain('<h1>Consultation not found</h1>');
    expect(missingHtml).toContain('No consultation “99” in your Caf.');
    const expired = await client.post('/console/consultations/1/relancer', { jeton: 'x' }, jar);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('The form has expired');
    expect(formToken(html)).not.toBe('');
  });

  it('keeps the sign-in page French, before anyone is known', async () => {
    const html = await (await client.get('/console/connexion')).text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Connexion à la console des pilotes');
  });
});
