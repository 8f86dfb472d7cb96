import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import type { AddressInfo } from 'node:net';
import { CLI_ACTOR } from '../../src/app/deps';
import { ballotKey } from '../../src/app/ballot-links';
import { addPilot, createSignInLink } from '../../src/app/console-auth';
import { launchRound } from '../../src/app/launch-round';
import { mountConsole } from '../../src/http/console';
import { createHttpApp, listen, type RunningServer } from '../../src/http/server';
import { CookieJar as Jar, consoleClient, formToken } from '../support/console-client';
import {
  createDraftRound,
  createHarness,
  seedOrganisations,
  silentLog,
  type Harness,
} from '../queue/support/harness';

/**
 * The pilots' console over HTTP: the sign-in by e-mailed link (no enumeration, throttled, single
 * use, 15 minutes), sessions and logout, CSRF on every POST, and tenant isolation.
 */
const key = ballotKey({ secret: 'console-http-test', databaseUrl: '' });

describe('pilots’ console over HTTP', () => {
  let h: Harness;
  let server: RunningServer;
  let base: string;
  let otherTenantId: string;
  let otherRoundId: string;

  beforeAll(async () => {
    h = await createHarness();
    const app = await createHttpApp({
      deps: h.deps,
      log: silentLog,
      redis: { ping: async () => 'PONG' },
      mount: (a) =>
        mountConsole(a, {
          deps: h.deps,
          log: silentLog,
          key,
          limits: { perAddress: 2, perClient: 5, windowMs: 15 * 60_000 },
        }),
    });
    server = await listen(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    h.deps.publicUrl = base;
    await seedOrganisations(h, ['CS1', 'CS2']);
    await addPilot(h.deps, {
      tenantId: h.tenantId,
      email: 'Pilote@Caf94.test',
      name: 'Mme Pilote',
      actor: CLI_ACTOR,
    });
    const round = await createDraftRound(h, {
      codes: ['CS1', 'CS2'],
      deadline: new Date(Date.now() + 86_400_000),
      reminderSchedule: 'aucun',
    });
    await launchRound(h.deps, { tenantId: h.tenantId, roundId: round.id, actor: CLI_ACTOR });

    // Another Caf, with a pilot and two rounds of its own.
    const other = await h.tdb.db.tenant.create({ data: { code: '75', name: 'Caf de Paris' } });
    otherTenantId = other.id;
    const org = await h.tdb.db.organisation.create({
      data: { tenantId: other.id, code: 'P1', name: 'Paris 1', kind: 'centre_social' },
    });
    const draft = await h.tdb.db.draftVersion.create({
      data: {
        tenantId: other.id,
        schemaId: (
          await h.tdb.db.schema.create({
            data: { tenantId: other.id, title: 'Schéma de Paris', period: '2026-2030' },
          })
        ).id,
        version: 1,
        title: 'Schéma de Paris',
        markdown: '',
        checksum: 'x',
        enjeux: { create: [{ position: 1, title: 'Un', body: 'Texte.' }] },
      },
    });
    for (const number of [1, 2]) {
      const r = await h.tdb.db.round.create({
        data: {
          tenantId: other.id,
          number,
          draftVersionId: draft.id,
          status: 'open',
          deadline: new Date(Date.now() + 86_400_000),
          reminderSchedule: [],
          invitations: { create: [{ tenantId: other.id, organisationId: org.id }] },
        },
      });
      otherRoundId = r.id;
    }
    await addPilot(h.deps, {
      tenantId: other.id,
      email: 'pilote@caf75.test',
      name: 'M. Paris',
      actor: CLI_ACTOR,
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  const {
    get,
    post,
    signIn: openSession,
  } = consoleClient({
    base: () => base,
    deps: () => h.deps,
    key,
  });

  /** Signs in with a fresh link made as the CLI makes it; returns the browser's jar. */
  async function signIn(email = 'pilote@caf94.test', tenantId = h.tenantId) {
    const { jar, url, page, res } = await openSession(email, tenantId);
    expect(page.status).toBe(200);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console');
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('concerto_console='));
    return { jar, url, setCookie: setCookie ?? '' };
  }

  const signInDeliveries = () =>
    h.tdb.db.delivery.findMany({
      where: { kind: 'console.signin' },
      include: { destination: true },
    });

  it('answers the same for a known and an unknown address, and e-mails only the known one', async () => {
    const jar = new Jar();
    const form = await get('/console/connexion', jar);
    expect(form.status).toBe(200);
    expect(form.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(form.headers.get('cache-control')).toBe('no-store');
    jar.take(form);
    const html = await form.text();
    expect(html).toContain('<label for="email">Adresse électronique</label>');

    const known = await post(
      '/console/connexion',
      { email: ' PILOTE@caf94.test ', jeton: formToken(html) },
      jar,
    );
    const unknown = await post(
      '/console/connexion',
      { email: 'personne@caf94.test', jeton: formToken(html) },
      jar,
    );
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const strip = (s: string) => s.replace(/name="jeton" value="[^"]+"/g, '');
    expect(strip(await unknown.text())).toBe(strip(await known.text()));

    const sent = await signInDeliveries();
    expect(sent.map((d) => d.destination.address)).toEqual(['pilote@caf94.test']);
    expect(sent[0]!.destination.platform).toBe('email');
    expect(sent[0]!.destination.organisationId).toBeNull();
    expect(sent[0]!.destination.forPilots).toBe(false);
    // The token is not in the outbox: only the link's id, resolved when the e-mail is sent.
    expect(JSON.stringify(sent[0]!.payload)).not.toContain('/console/connexion/');
    const links = await h.tdb.db.consoleSignInLink.findMany();
    expect(links).toHaveLength(1);
    expect(links[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends no link to a member who is not a pilot, even with an address (roles.ts)', async () => {
    await h.tdb.db.member.create({
      data: {
        tenantId: h.tenantId,
        role: 'partner',
        displayName: 'Partenaire',
        email: 'partenaire@cs1.test',
        organisationId: (await h.tdb.db.organisation.findFirstOrThrow({ where: { code: 'CS1' } }))
          .id,
      },
    });
    const before = (await signInDeliveries()).length;
    const jar = new Jar();
    const form = await get('/console/connexion', jar);
    jar.take(form);
    const res = await post(
      '/console/connexion',
      { email: 'partenaire@cs1.test', jeton: formToken(await form.text()) },
      jar,
    );
    expect(res.status).toBe(200);
    expect((await signInDeliveries()).length).toBe(before);
    await expect(
      createSignInLink(h.deps, {
        key,
        publicUrl: base,
        tenantId: h.tenantId,
        email: 'partenaire@cs1.test',
      }),
    ).rejects.toThrow('Aucun pilote');
  });

  it('refuses a sign-in request without its CSRF token (403), and throttles per address and per client (429)', async () => {
    const before = (await signInDeliveries()).length;
    const noToken = await post('/console/connexion', { email: 'pilote@caf94.test' });
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toContain('Le formulaire a expiré');
    expect((await signInDeliveries()).length).toBe(before);

    const jar = new Jar();
    const form = await get('/console/connexion', jar);
    jar.take(form);
    const jeton = formToken(await form.text());
    // The tests above asked three times from this client, once for this address: the fourth
    // request for it is over the address's limit, the sixth from this client over the client's.
    const third = await post('/console/connexion', { email: 'pilote@caf94.test', jeton }, jar);
    expect(third.status).toBe(200);
    const fourth = await post('/console/connexion', { email: 'pilote@caf94.test', jeton }, jar);
    expect(fourth.status).toBe(429);
    expect(await fourth.text()).toContain('Trop de demandes');
    const fifth = await post('/console/connexion', { email: 'autre@caf94.test', jeton }, jar);
    expect(fifth.status).toBe(429);
    expect((await signInDeliveries()).length).toBe(before + 1);
  });

  it('signs in once per link: a replayed or expired link is refused', async () => {
    const { jar, url } = await signIn();
    const cookie = (await h.tdb.db.consoleSession.count()) > 0;
    expect(cookie).toBe(true);
    const home = await get('/console', jar);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('<h1>Consultations</h1>');
    expect(html).toContain('0 organisation sur 2 a répondu');

    // Replayed: the page says so, and the POST makes no session.
    const again = new Jar();
    const page = await get(new URL(url).pathname, again);
    again.take(page);
    expect(page.status).toBe(410);
    const used = await page.text();
    expect(used).toContain('déjà été utilisé');
    const sessions = await h.tdb.db.consoleSession.count();
    // The form's token, as a page of the console would have it (the refusal page has no form).
    expect(formToken(used)).toBe('');
    const jeton = formToken(await (await get('/console/connexion', again)).text());
    const replay = await post(new URL(url).pathname, { jeton }, again);
    expect(replay.status).toBe(410);
    expect(replay.headers.getSetCookie().some((c) => c.startsWith('concerto_console='))).toBe(
      false,
    );
    expect(await h.tdb.db.consoleSession.count()).toBe(sessions);

    // Expired: 15 minutes after it was made.
    const late = await createSignInLink(h.deps, {
      key,
      publicUrl: base,
      tenantId: h.tenantId,
      email: 'pilote@caf94.test',
    });
    await h.tdb.db.consoleSignInLink.updateMany({
      where: { usedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const jar2 = new Jar();
    const expired = await get(new URL(late.url).pathname, jar2);
    jar2.take(expired);
    expect(expired.status).toBe(410);
    const text = await expired.text();
    expect(text).toContain('a expiré');
    const jeton2 = formToken(await (await get('/console/connexion', jar2)).text());
    const tryIt = await post(new URL(late.url).pathname, { jeton: jeton2 }, jar2);
    expect(tryIt.status).toBe(410);

    // A made-up token.
    expect((await get('/console/connexion/abc.def', new Jar())).status).toBe(404);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie that only its Caf’s rounds answer to', async () => {
    const { jar, setCookie } = await signIn();
    expect(setCookie).toMatch(/^concerto_console=[A-Za-z0-9_-]{43}; /);
    expect(setCookie).toContain('; Path=/console');
    expect(setCookie).toContain('; HttpOnly');
    expect(setCookie).toContain('; SameSite=Lax');
    expect(setCookie).not.toContain('Secure'); // plain http here; Secure over https
    const session = await h.tdb.db.consoleSession.findFirst({ orderBy: { createdAt: 'desc' } });
    expect(setCookie).not.toContain(session!.tokenHash);
    const own = await get('/console/consultations/1', jar);
    expect(own.status).toBe(200);
    const ownHtml = await own.text();
    // Every console page: no script at all, never framed, not cached, no referrer, nosniff.
    const policy = own.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain('script-src');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(own.headers.get('cache-control')).toBe('no-store');
    expect(own.headers.get('referrer-policy')).toBe('no-referrer');
    expect(own.headers.get('x-content-type-options')).toBe('nosniff');
    expect(own.headers.get('x-powered-by')).toBeNull();
    expect(ownHtml).toContain('<caption>');
    expect(ownHtml).toContain('scope="col"');

    // Round 2 exists only in the other Caf; its round 1 is reached by id neither.
    expect((await get('/console/consultations/2', jar)).status).toBe(404);
    expect((await get(`/console/consultations/${otherRoundId}`, jar)).status).toBe(404);
    expect((await get('/console/consultations/2/export.csv', jar)).status).toBe(404);
    const jeton = formToken(ownHtml);
    const close = await post('/console/consultations/2/clore', { jeton }, jar);
    expect(close.status).toBe(404);
    expect(
      (await h.tdb.db.round.findMany({ where: { tenantId: otherTenantId } })).map((r) => r.status),
    ).toEqual(['open', 'open']);

    // The other Caf's pilot sees its own round 2.
    const paris = await signIn('pilote@caf75.test', otherTenantId);
    expect((await get('/console/consultations/2', paris.jar)).status).toBe(200);
    expect((await get('/console/consultations/2', new Jar())).status).toBe(303);
  });

  it('refuses a POST without its CSRF token (403) and changes nothing', async () => {
    const { jar } = await signIn();
    const audits = await h.tdb.db.auditEvent.count();
    const res = await post('/console/consultations/1/clore', {}, jar);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Le formulaire a expiré');
    const wrong = await post('/console/consultations/1/relancer', { jeton: 'x'.repeat(32) }, jar);
    expect(wrong.status).toBe(403);
    expect(await h.tdb.db.auditEvent.count()).toBe(audits);
    expect((await h.tdb.db.round.findFirst({ where: { tenantId: h.tenantId } }))!.status).toBe(
      'open',
    );
  });

  it('refuses bad input with a French message near the form, a 4xx, and nothing stored', async () => {
    const { jar } = await signIn();
    const page = await get('/console/consultations/1', jar);
    const jeton = formToken(await page.text());
    const bad = await post(
      '/console/consultations/1/avis',
      {
        jeton,
        organisation: 'CS1',
        enjeu: 'tous',
        avis: 'defavorable',
        commentaire: '',
        source: '',
      },
      jar,
    );
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toMatch(/class="erreur"[^>]*>[^<]*(motiv|Indiquez d)/);
    expect(await h.tdb.db.avis.count()).toBe(0);

    const deadline = await post(
      '/console/consultations/1/echeance',
      { jeton, echeance: 'demain peut-être' },
      jar,
    );
    expect(deadline.status).toBe(422);
    expect(await deadline.text()).toContain('Date limite illisible');

    const ok = await post(
      '/console/consultations/1/avis',
      {
        jeton,
        organisation: 'CS1',
        enjeu: 'tous',
        avis: 'defavorable',
        commentaire: 'Calendrier trop serré.',
        source: 'courrier du 3 décembre',
      },
      jar,
    );
    expect(ok.status).toBe(303);
    const after = await (await get('/console/consultations/1', jar)).text();
    expect(after).toContain('courrier du 3 décembre');
    expect(after).toContain('1 organisation sur 2 a répondu');
  });

  it('prepares a round, launches it, then cancels it; a form without organisations is refused', async () => {
    const { jar } = await signIn();
    const page = await get('/console/consultations/nouvelle', jar);
    const html = await page.text();
    const jeton = formToken(html);
    const version = /<option value="([0-9a-f-]{36})"/.exec(html)![1]!;
    const rounds = await h.tdb.db.round.count({ where: { tenantId: h.tenantId } });
    // Within the year a deadline may be set in (DEADLINE_TOO_FAR beyond 365 days).
    const echeance = DateTime.now()
      .setZone('Europe/Paris')
      .plus({ days: 40 })
      .set({ hour: 17, minute: 0 })
      .toFormat("yyyy-MM-dd'T'HH:mm");
    const none = await post(
      '/console/consultations',
      { jeton, version, echeance, rappels: 'aucun', action: 'preparer' },
      jar,
    );
    expect(none.status).toBe(422);
    const noneHtml = await none.text();
    expect(noneHtml).toContain(
      'id="erreur-nouvelle" role="alert">Choisissez au moins une organisation',
    );
    expect(noneHtml).toContain(`value="${echeance}"`);
    expect(await h.tdb.db.round.count({ where: { tenantId: h.tenantId } })).toBe(rounds);

    const body = new URLSearchParams({ jeton, version, echeance });
    body.append('orgs', 'CS1');
    body.append('types', 'centre_social');
    body.append('rappels', '7j, matin');
    body.append('action', 'preparer');
    const prepared = await fetch(`${base}/console/consultations`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      body: body.toString(),
    });
    expect(prepared.status).toBe(303);
    const number = rounds + 1;
    expect(prepared.headers.get('location')).toBe(`/console/consultations/${number}?fait=preparee`);
    const round = await h.tdb.db.round.findFirstOrThrow({
      where: { tenantId: h.tenantId, number },
      include: { invitations: true },
    });
    expect(round.status).toBe('draft');
    expect(round.invitations).toHaveLength(2);
    expect(round.reminderSchedule).toEqual(['P7D', 'morning']);
    const shown = await (await get(`/console/consultations/${number}?fait=preparee`, jar)).text();
    expect(shown).toContain('Consultation préparée');
    expect(shown).toContain('Lancer la consultation');

    const launched = await post(`/console/consultations/${number}/lancer`, { jeton }, jar);
    expect(launched.status).toBe(303);
    expect((await h.tdb.db.round.findUniqueOrThrow({ where: { id: round.id } })).status).toBe(
      'open',
    );
    // Launching twice is a state refusal next to the form that is no longer there: 409.
    expect((await post(`/console/consultations/${number}/lancer`, { jeton }, jar)).status).toBe(
      409,
    );
    const cancelled = await post(`/console/consultations/${number}/annuler`, { jeton }, jar);
    expect(cancelled.status).toBe(303);
    const after = await (await get(`/console/consultations/${number}?fait=annulee`, jar)).text();
    expect(after).toContain('<dd id="etat">annulée</dd>');
    expect(after).not.toContain('Relancer les organisations');
  });

  it('tells the pilot, after the launch, which reminders fall in the past and are not planned', async () => {
    const { jar } = await signIn();
    const html = await (await get('/console/consultations/nouvelle', jar)).text();
    const jeton = formToken(html);
    const version = /<option value="([0-9a-f-]{36})"/.exec(html)![1]!;
    const soon = DateTime.now()
      .setZone('Europe/Paris')
      .plus({ days: 2 })
      .toFormat("yyyy-MM-dd'T'HH:mm");
    const body = new URLSearchParams({ jeton, version, echeance: soon, rappels: '7j, 1j' });
    body.append('orgs', 'CS1');
    body.append('action', 'lancer');
    const launched = await fetch(`${base}/console/consultations`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      body: body.toString(),
    });
    expect(launched.status).toBe(303);
    const page = await (await get(launched.headers.get('location')!, jar)).text();
    expect(page).toContain('Consultation ouverte');
    expect(page).toMatch(
      /Le rappel « 7 jours avant » \([^)]*\) tombe dans le passé : il n(’|&#39;|')est pas programmé\./,
    );
    expect(page).not.toContain('« 1 jour avant »');
  });

  it('downloads the results as PDF, XLSX, CSV and Markdown from the round page', async () => {
    const { jar } = await signIn();
    const page = await (await get('/console/consultations/1', jar)).text();
    for (const link of ['export.pdf', 'export.xlsx', 'export.csv', 'synthese.md'])
      expect(page).toContain(`href="/console/consultations/1/${link}" download`);

    const xlsx = await get('/console/consultations/1/export.xlsx', jar);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.headers.get('content-disposition')).toBe(
      'attachment; filename="consultation-1.xlsx"',
    );
    expect(xlsx.headers.get('cache-control')).toBe('no-store');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toContain('Participation');
    expect(wb.getWorksheet('Participation')!.rowCount).toBe(1 + 2);

    const csv = await get('/console/consultations/1/export.csv', jar);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).split('\r\n')[0]).toContain('enjeu_n;enjeu;');
    const md = await get('/console/consultations/1/synthese.md', jar);
    expect(await md.text()).toContain('# Synthèse de la consultation n° 1');

    const pdf = await get('/console/consultations/1/export.pdf', jar);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    // Without a session: to the sign-in page, no file.
    const anonymous = await get('/console/consultations/1/export.xlsx');
    expect(anonymous.status).toBe(303);
  });

  it('logs out: the session is deleted and its cookie no longer opens the console', async () => {
    const { jar } = await signIn();
    const old = jar.header();
    const home = await get('/console', jar);
    const jeton = formToken(await home.text());
    const sessions = await h.tdb.db.consoleSession.count();
    const out = await post('/console/deconnexion', { jeton }, jar);
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/console/connexion?deconnecte=1');
    expect(out.headers.getSetCookie().join()).toMatch(/concerto_console=;.*Max-Age=0/i);
    expect(await h.tdb.db.consoleSession.count()).toBe(sessions - 1);
    const after = await fetch(`${base}/console`, { redirect: 'manual', headers: { cookie: old } });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/console/connexion');
  });
});
