import type { AddressInfo } from 'node:net';
import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { addContact } from '../../src/app/add-contact';
import { launchRound } from '../../src/app/launch-round';
import { ballotKey, signBallotLink } from '../../src/app/ballot-links';
import { ballotUrlFor } from '../../src/app/web-ballot';
import { revokeBallotLinks } from '../../src/app/revoke-ballot-links';
import { mountBallot } from '../../src/http/ballot';
import { createHttpApp, listen, type RunningServer } from '../../src/http/server';
import { createTestDb, type TestDb } from '../support/db';
import {
  createDraftRound,
  seedOrganisations,
  silentLog,
  type Harness,
} from '../queue/support/harness';

/** The web ballot over real HTTP, against the real server and Postgres. */
describe('web ballot: a contact answers from its personal link', () => {
  let t: TestDb;
  let deps: AppDeps;
  let server: RunningServer;
  let base: string;
  let tenantId: string;
  const key = ballotKey({ secret: 'test-secret-of-the-links', databaseUrl: '' });
  let now = new Date();

  beforeAll(async () => {
    t = await createTestDb({ label: 'ballot' });
    deps = { db: t.db, now: () => now, log: silentLog, outbox: NO_OUTBOX };
    tenantId = (await t.db.tenant.create({ data: { code: '94', name: 'Caf du Val-de-Marne' } })).id;
    const app = await createHttpApp({
      deps,
      log: silentLog,
      redis: { ping: async () => 'PONG' },
      mount: (a) => mountBallot(a, { deps, log: silentLog, key, maxInvalidPerWindow: 5 }),
    });
    server = await listen(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server.close();
    await t.drop();
  });

  // The harness helpers only need tdb, deps and tenantId.
  const h = () => ({ tdb: t, deps, tenantId }) as unknown as Harness;

  async function roundWithContact(code: string, email: string) {
    await seedOrganisations(h(), [code]);
    await addContact(deps, {
      tenantId,
      organisationCode: code,
      email,
      name: 'Mme Durand',
      actor: CLI_ACTOR,
    });
    const round = await createDraftRound(h(), {
      codes: [code],
      deadline: new Date(now.getTime() + 3_600_000),
      reminderSchedule: 'aucun',
    });
    await launchRound(deps, { tenantId, roundId: round.id, actor: CLI_ACTOR });
    const contact = await t.db.contact.findFirstOrThrow({
      where: { email, organisation: { code } },
    });
    const url = await ballotUrlFor(deps, {
      key,
      publicUrl: base,
      contactId: contact.id,
      roundId: round.id,
    });
    const enjeux = await t.db.enjeu.findMany({
      where: { draftVersionId: round.draftVersionId! },
      orderBy: { position: 'asc' },
    });
    return { round, contact, url: url!, enjeux };
  }

  async function open(url: string) {
    const res = await fetch(url);
    const html = await res.text();
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const jeton = /name="jeton" value="([^"]+)"/.exec(html)?.[1] ?? '';
    return { res, html, cookie, jeton };
  }

  const post = (url: string, cookie: string, fields: Record<string, string>) =>
    fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(cookie ? { cookie } : {}),
      },
      body: new URLSearchParams(fields).toString(),
    });

  it('shows the draft enjeu by enjeu, refuses an unmotivated défavorable under its field, then stores the avis as Slack and Teams do', async () => {
    const { round, url, enjeux } = await roundWithContact('CS1', 'direction@cs1.test');
    expect(url).toMatch(new RegExp(`^${base}/vote/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{32}$`));
    const page = await open(url);
    expect(page.res.status).toBe(200);
    expect(page.res.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(page.res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.res.headers.get('cache-control')).toBe('no-store');
    expect(page.cookie).toMatch(/^concerto_vote=/);
    expect(page.html).toContain('<html lang="fr">');
    expect(page.html).toContain('Vous répondez pour <strong>Structure CS1</strong>');
    for (const e of enjeux) expect(page.html).toContain(`name="avis-${e.id}"`);
    expect(page.html).toContain("Votre organisation n'a encore donné aucun avis.");

    const [e1, e2] = enjeux;
    const bad = await post(url, page.cookie, {
      jeton: page.jeton,
      [`avis-${e1!.id}`]: 'favorable',
      [`avis-${e2!.id}`]: 'defavorable',
      [`commentaire-${e2!.id}`]: '   ',
    });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain("1 erreur empêche l'enregistrement");
    expect(badHtml).toContain('aria-invalid="true"');
    expect(badHtml).toMatch(new RegExp(`value="favorable" checked`)); // the values are kept
    expect(await t.db.avis.count({ where: { roundId: round.id } })).toBe(0);

    const ok = await post(url, page.cookie, {
      jeton: page.jeton,
      [`avis-${e1!.id}`]: 'favorable',
      [`avis-${e2!.id}`]: 'defavorable',
      [`commentaire-${e2!.id}`]: 'Le financement <b>manque</b>.',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toMatch(/\?enregistre=2#confirmation$/);
    const avis = await t.db.avis.findMany({
      where: { roundId: round.id },
      orderBy: { enjeu: { position: 'asc' } },
    });
    expect(avis.map((a) => [a.choice, a.channel, a.castByLabel])).toEqual([
      ['favorable', 'web', 'Mme Durand (direction@cs1.test) pour Structure CS1'],
      ['defavorable', 'web', 'Mme Durand (direction@cs1.test) pour Structure CS1'],
    ]);
    // A receipt e-mail to the contact.
    const receipt = await t.db.delivery.findFirst({ where: { kind: 'avis.receipt' } });
    expect((receipt?.payload as { title: string }).title).toBe(
      'Avis enregistré — consultation n° 1',
    );

    const after = await open(
      `${base}${ok.headers.get('location')!.replace(/#.*/, '')}`.replace(base + base, base),
    );
    expect(after.html).toContain('Avis enregistré');
    expect(after.html).toContain('Le financement &lt;b&gt;manque&lt;/b&gt;.'); // pre-filled, escaped
    expect(after.html).toContain('sur 2 enjeux sur');
  });

  it('refuses a forged form (no cookie), a tampered, a revoked and an expired link with a French page, storing nothing', async () => {
    const { round, url, enjeux, contact } = await roundWithContact('CS2', 'accueil@cs2.test');
    const fields = { [`avis-${enjeux[0]!.id}`]: 'favorable' };

    const page = await open(url);
    const forged = await post(url, '', { jeton: page.jeton, ...fields });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain(
      'Le formulaire a expiré ou n&#39;a pas été envoyé depuis cette page',
    );

    const tampered = url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const t1 = await fetch(tampered);
    expect(t1.status).toBe(404);
    expect(await t1.text()).toContain('Ce lien de vote n&#39;est pas valide');
    // Another contact's or round's claims under a wrong key: invalid too.
    const other = signBallotLink(ballotKey({ secret: 'another-key-entirely', databaseUrl: '' }), {
      contactId: contact.id,
      roundId: round.id,
      generation: 0,
    });
    expect((await fetch(`${base}/vote/${other}`)).status).toBe(404);

    await revokeBallotLinks(deps, {
      tenantId,
      organisationCode: 'CS2',
      email: 'accueil@cs2.test',
      actor: CLI_ACTOR,
    });
    const revoked = await post(url, page.cookie, { jeton: page.jeton, ...fields });
    expect(revoked.status).toBe(410);
    expect(await revoked.text()).toContain('Ce lien de vote a été retiré par la Caf');
    // The new link works until the deadline, then says the round is closed.
    const fresh = (await ballotUrlFor(deps, {
      key,
      publicUrl: base,
      contactId: contact.id,
      roundId: round.id,
    }))!;
    expect(fresh).not.toBe(url);
    const p2 = await open(fresh);
    expect(p2.res.status).toBe(200);
    now = new Date(Date.now() + 2 * 3_600_000);
    try {
      const late = await post(fresh, p2.cookie, { jeton: p2.jeton, ...fields });
      expect(late.status).toBe(410);
      expect(await late.text()).toContain('La date limite de cette consultation est passée');
    } finally {
      now = new Date();
    }
    expect(await t.db.avis.count({ where: { roundId: round.id } })).toBe(0);
  });

  it('throttles a client that keeps trying invalid links', async () => {
    // The earlier tests tried 2 invalid links from this address; the limit here is 5.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await fetch(`${base}/vote/nope${i}`)).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    const last = await fetch(`${base}/vote/nope`);
    expect(last.status).toBe(429);
    expect(last.headers.get('retry-after')).toBeTruthy();
    expect(await last.text()).toContain('Trop de liens de vote invalides');
  });
});
