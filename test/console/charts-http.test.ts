import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { ballotKey } from '../../src/app/ballot-links';
import { recordProxyAvis } from '../../src/app/cast-avis';
import { chartLinkSigner } from '../../src/app/chart-links';
import { closeRound } from '../../src/app/close-round';
import { createRound } from '../../src/app/create-round';
import { addPilot } from '../../src/app/console-auth';
import { CLI_ACTOR } from '../../src/app/deps';
import { launchRound } from '../../src/app/launch-round';
import { renderEmail } from '../../src/adapters/email/render';
import type { NeutralMessage } from '../../src/domain/messages';
import { mountCharts } from '../../src/http/charts';
import { mountConsole } from '../../src/http/console';
import { createHttpApp, listen, type RunningServer } from '../../src/http/server';
import {
  createDraftRound,
  createHarness,
  seedOrganisations,
  silentLog,
  type Harness,
} from '../queue/support/harness';
import { consoleClient } from '../support/console-client';

/**
 * The chart of the avis per enjeu (issue [10] item 3) outside the PDF: inline SVG with its text
 * alternative on the console's round page, and the PNG behind the signed, expiring link that the
 * results messages carry (Slack image block, Teams Image, e-mail <img>). Hostile organisation and
 * enjeu names come back escaped.
 */
const key = ballotKey({ secret: 'charts-http-test', databaseUrl: '' });
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const HOSTILE_ORG = '<script>alert("org")</script> & Cie';
const HOSTILE_ENJEU = '<img src=x onerror=alert(1)> "Petite" & enfance';

describe('charts of the results: console page and signed PNG links', () => {
  let h: Harness;
  let server: RunningServer;
  let base: string;
  let roundId: string;
  let roundNumber: number;
  let enjeuIds: string[];
  let openRoundId: string;
  let otherTenantId: string;

  beforeAll(async () => {
    h = await createHarness();
    const app = await createHttpApp({
      deps: h.deps,
      log: silentLog,
      redis: { ping: async () => 'PONG' },
      mount: (a) => {
        mountConsole(a, { deps: h.deps, log: silentLog, key });
        mountCharts(a, { deps: h.deps, log: silentLog, key });
      },
    });
    server = await listen(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    h.deps.publicUrl = base;
    // As the runtime does when PUBLIC_URL is set.
    h.deps.chartLinks = chartLinkSigner({ key, publicUrl: base });
    await seedOrganisations(h, ['CS1', 'CS2', 'CS3']);
    await h.tdb.db.organisation.updateMany({
      where: { tenantId: h.tenantId, code: 'CS1' },
      data: { name: HOSTILE_ORG },
    });
    await addPilot(h.deps, {
      tenantId: h.tenantId,
      email: 'pilote@caf94.test',
      name: 'Mme Pilote',
      actor: CLI_ACTOR,
    });
    const round = await createDraftRound(h, {
      codes: ['CS1', 'CS2', 'CS3'],
      deadline: new Date(Date.now() + 86_400_000),
      reminderSchedule: 'aucun',
    });
    roundId = round.id;
    roundNumber = round.number;
    const enjeux = await h.tdb.db.enjeu.findMany({
      where: { draftVersionId: round.draftVersionId! },
      orderBy: { position: 'asc' },
    });
    enjeuIds = enjeux.map((e) => e.id);
    await h.tdb.db.enjeu.update({ where: { id: enjeux[0]!.id }, data: { title: HOSTILE_ENJEU } });
    await launchRound(h.deps, { tenantId: h.tenantId, roundId, actor: CLI_ACTOR });
    const proxy = (org: string, choice: string, comment: string | null) =>
      recordProxyAvis(h.deps, {
        tenantId: h.tenantId,
        roundId,
        organisationCode: org,
        source: 'courrier',
        votes: [{ enjeuId: enjeux[0]!.id, choice, comment }],
        actor: CLI_ACTOR,
      });
    await proxy('CS1', 'defavorable', 'Pas assez de moyens');
    await proxy('CS2', 'favorable', null);

    // A second round, open, results shown only at the close.
    const { round: open } = await createRound(h.deps, {
      tenantId: h.tenantId,
      draftVersionId: round.draftVersionId!,
      organisations: { codes: ['CS1'] },
      deadline: new Date(Date.now() + 86_400_000),
      reminderSchedule: 'aucun',
      resultsVisibility: 'after',
      silenceMeansFavorable: false,
      actor: CLI_ACTOR,
    });
    openRoundId = open.id;
    await launchRound(h.deps, { tenantId: h.tenantId, roundId: open.id, actor: CLI_ACTOR });

    otherTenantId = (await h.tdb.db.tenant.create({ data: { code: '75', name: 'Caf de Paris' } }))
      .id;
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  const { get, signIn: openSession } = consoleClient({
    base: () => base,
    deps: () => h.deps,
    key,
  });

  async function signIn() {
    const { jar, res } = await openSession('pilote@caf94.test', h.tenantId);
    expect(res.status).toBe(303);
    return jar;
  }

  it('shows each enjeu’s chart inline on the round page, with its text alternative, escaped', async () => {
    const jar = await signIn();
    const res = await get(`/console/consultations/${roundNumber}`, jar);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h2 id="t-graphiques">Résultats par enjeu</h2>');
    // One accessible SVG per enjeu, ids unique on the page.
    const svgs = html.match(/<svg [^>]*>/g) ?? [];
    expect(svgs.length).toBe(enjeuIds.length);
    expect(svgs[0]).toContain('role="img"');
    expect(svgs[0]).toContain('aria-labelledby="graphique-1-t graphique-1-d"');
    expect(html).toContain('<title id="graphique-1-t">');
    expect(html).toContain('<desc id="graphique-1-d">');
    expect(html).toContain('aria-labelledby="graphique-2-t graphique-2-d"');
    // The alternative as visible text too, with the numbers of the bars.
    const caption = /<figure id="graphique-1">[\s\S]*?<figcaption>([^<]*)<\/figcaption>/.exec(
      html,
    )?.[1];
    expect(caption).toContain('Diagramme en barres des avis sur');
    expect(caption).toContain('3 organisations');
    expect(caption).toContain('Favorable 1 (33\u00a0%)');
    expect(caption).toContain('Défavorable 1 (33\u00a0%)');
    expect(caption).toContain('Sans réponse 1 (33\u00a0%)');
    // Hostile names never come back as markup, in the page or in the SVG.
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(');
    // The console still allows no script.
    expect(res.headers.get('content-security-policy')).not.toContain('script-src');
  });

  it('puts a signed chart link and its alternative in every section of the results messages', async () => {
    await closeRound(h.deps, { tenantId: h.tenantId, roundId, actor: CLI_ACTOR });
    const deliveries = await h.tdb.db.delivery.findMany({
      where: { kind: 'round.results', tenantId: h.tenantId },
    });
    expect(deliveries.length).toBeGreaterThan(0);
    for (const d of deliveries) {
      const m = d.payload as unknown as NeutralMessage;
      expect(m.sections).toHaveLength(enjeuIds.length);
      for (const s of m.sections) {
        expect(s.chart?.url).toMatch(new RegExp(`^${base}/charts/[^/]+\\.png$`));
        expect(s.chart?.alt).toContain('Diagramme en barres des avis sur');
      }
    }
    const m = deliveries[0]!.payload as unknown as NeutralMessage;
    // E-mail: an <img> with its alt, escaped.
    const mail = renderEmail(m);
    expect(mail.html).toContain(`<img src="${m.sections[0]!.chart!.url}" alt="`);
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).not.toContain('<img src=x');
  });

  it('serves the PNG for a valid link; 404 for a tampered one, 410 for an expired one', async () => {
    const url = h.deps.chartLinks!.url({ tenantId: h.tenantId, roundId, enjeuId: enjeuIds[0]! });
    const path = new URL(url).pathname;
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.length).toBeGreaterThan(2000);
    // For a look by eye.
    writeFileSync('/tmp/concerto-chart-enjeu-1.png', png);

    // Another enjeu of the same round is another link.
    const url2 = h.deps.chartLinks!.url({ tenantId: h.tenantId, roundId, enjeuId: enjeuIds[1]! });
    const png2 = Buffer.from(await (await get(new URL(url2).pathname)).arrayBuffer());
    expect(png2.equals(png)).toBe(false);

    // Tampered: another enjeu under the first one's signature; a changed expiry; garbage.
    const swapped = path.replace(enjeuIds[0]!, enjeuIds[1]!);
    const later = path.replace(
      /\.(\d+)\.([A-Za-z0-9_-]{43})\.png$/,
      (_, exp: string, sig: string) => `.${Number(exp) + 3600}.${sig}.png`,
    );
    for (const bad of [swapped, later, '/charts/abc.png', '/charts/..%2F..%2Fetc.png']) {
      const r = await get(bad);
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toContain('text/plain');
      expect(await r.text()).toContain("Ce lien de graphique n'est pas valide");
    }

    // Signed with the same key, expired a day ago.
    const old = chartLinkSigner({
      key,
      publicUrl: base,
      ttlMs: 1000,
      now: () => Date.now() - 86_400_000,
    });
    const expired = await get(
      new URL(old.url({ tenantId: h.tenantId, roundId, enjeuId: enjeuIds[0]! })).pathname,
    );
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('Ce lien de graphique a expiré');

    // Another key (another deployment): not valid here.
    const foreign = chartLinkSigner({ key: Buffer.alloc(32, 7), publicUrl: base });
    const f = await get(
      new URL(foreign.url({ tenantId: h.tenantId, roundId, enjeuId: enjeuIds[0]! })).pathname,
    );
    expect(f.status).toBe(404);
  });

  it('answers 404 for a link naming another Caf, and 403 while the results are not out', async () => {
    // A correctly signed link whose tenant is not the round's: the round is not found there.
    const other = h.deps.chartLinks!.url({
      tenantId: otherTenantId,
      roundId,
      enjeuId: enjeuIds[0]!,
    });
    const r = await get(new URL(other).pathname);
    expect(r.status).toBe(404);
    expect(await r.text()).toContain('Consultation introuvable');

    // An open round whose results are shown only at its close.
    const hidden = h.deps.chartLinks!.url({
      tenantId: h.tenantId,
      roundId: openRoundId,
      enjeuId: enjeuIds[0]!,
    });
    const res = await get(new URL(hidden).pathname);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('seront communiqués à sa clôture');
  });
});
