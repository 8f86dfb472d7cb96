import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { chromium, type Browser } from 'playwright-core';
import { CLI_ACTOR } from '../../src/app/deps';
import { ballotKey } from '../../src/app/ballot-links';
import { addPilot, createSignInLink } from '../../src/app/console-auth';
import { importGrid } from '../../src/app/import-grid';
import { saveSurveyAnswer } from '../../src/app/survey/answer-survey';
import { createAndLaunchSurvey, createSurvey } from '../../src/app/survey/create-survey';
import { createParticipantCodes, joinSurvey } from '../../src/app/survey/participants';
import { setParticipantEmail } from '../../src/app/survey/participant-email';
import { mountConsole } from '../../src/http/console';
import { createHttpApp, listen, type RunningServer } from '../../src/http/server';
import { axeViolations } from '../support/axe';
import { consoleClient, formToken } from '../support/console-client';
import {
  createHarness,
  seedOrganisations,
  silentLog,
  type Harness,
} from '../queue/support/harness';

/**
 * An evaluation (a survey round on a grid) in the pilots' console: listed beside the
 * consultations, its page with the participation, the heat map and its text alternative, each
 * cell's figures and contributions, the groupings, the downloads and the actions; another Caf's
 * evaluation is not found. axe-core checks the page in Chromium.
 */
const key = ballotKey({ secret: 'surveys-console-test', databaseUrl: '' });
const GRID = readFileSync(`${__dirname}/../../src/data/grille-evaluation-94.yaml`, 'utf8');
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const itWithChromium = hasChromium ? it : it.skip;
const SHOTS = process.env.CONCERTO_SCREENSHOTS;

describe('evaluations in the pilots’ console', () => {
  let h: Harness;
  let server: RunningServer;
  let base: string;
  let orgSurvey: number;
  let personSurvey: number;
  let draftSurvey: number;
  let otherSurvey: number;

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
    await addPilot(h.deps, {
      tenantId: h.tenantId,
      email: 'pilote@caf94.test',
      name: 'Mme Pilote',
      actor: CLI_ACTOR,
    });
    await importGrid(h.deps, {
      tenantId: h.tenantId,
      text: GRID,
      fileName: 'g.yaml',
      actor: CLI_ACTOR,
    });
    const { orgs } = await seedOrganisations(h, ['EV1', 'EV2', 'EV3']);
    await h.tdb.db.organisation.update({
      where: { id: orgs[0]!.org.id },
      data: { communeInsee: '94028', name: 'Centre social <Créteil>' },
    });
    await h.tdb.db.organisation.update({
      where: { id: orgs[1]!.org.id },
      data: { communeInsee: '94081', kind: 'commune' },
    });
    const deadline = new Date(Date.now() + 3 * 86_400_000);
    const perOrg = await createAndLaunchSurvey(h.deps, {
      tenantId: h.tenantId,
      gridCode: 'evaluation-94',
      answerMode: 'organisation',
      organisations: { codes: ['EV1', 'EV2', 'EV3'] },
      deadline,
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    orgSurvey = perOrg.created.round.number;
    const save = (
      organisationId: string,
      label: string,
      values: Record<string, string>,
      finish?: boolean,
    ) =>
      saveSurveyAnswer(h.deps, {
        tenantId: h.tenantId,
        roundId: perOrg.created.round.id,
        respondent: { kind: 'contact', organisationId, label },
        values,
        locale: 'fr',
        ...(finish ? { finish } : {}),
      });
    await save(orgs[0]!.org.id, 'Claire Martin', {
      'case-1-1': 'Des <b>effets</b> visibles sur les habitants',
      'note-1-1': '4',
      'note-1-2': '2',
    });
    await save(
      orgs[1]!.org.id,
      'Marc Leroy',
      { 'case-1-1': 'Peu de recul', 'note-1-1': '2' },
      true,
    );

    const perPerson = await createAndLaunchSurvey(h.deps, {
      tenantId: h.tenantId,
      gridCode: 'evaluation-94',
      answerMode: 'person',
      anonymous: true,
      deadline,
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    personSurvey = perPerson.created.round.number;
    const codes = await createParticipantCodes(h.deps, {
      tenantId: h.tenantId,
      round: String(personSurvey),
      table: 'Table 3',
      count: 3,
      actor: CLI_ACTOR,
    });
    const joined = await joinSurvey(h.deps, {
      eventCode: codes.round.eventCode,
      code: codes.codes[0]!,
      name: 'Jamais gardé',
    });
    await saveSurveyAnswer(h.deps, {
      tenantId: h.tenantId,
      roundId: perPerson.created.round.id,
      respondent: { kind: 'participant', participantId: joined.participant.id, label: '' },
      values: { 'case-2-1': 'Une contribution anonyme', 'note-2-1': '3' },
      locale: 'fr',
    });

    const draft = await createSurvey(h.deps, {
      tenantId: h.tenantId,
      gridCode: 'evaluation-94',
      answerMode: 'organisation',
      organisations: { codes: ['EV3'] },
      deadline,
      actor: CLI_ACTOR,
    });
    draftSurvey = draft.round.number;

    // Another Caf's evaluation, at a number this Caf also has.
    const other = await h.tdb.db.tenant.create({ data: { code: '75', name: 'Caf de Paris' } });
    await importGrid(h.deps, {
      tenantId: other.id,
      text: GRID,
      fileName: 'g.yaml',
      actor: CLI_ACTOR,
    });
    const otherOrg = await h.tdb.db.organisation.create({
      data: { tenantId: other.id, code: 'P1', name: 'Paris 1', kind: 'centre_social' },
    });
    for (let i = 0; i < 4; i++)
      await createSurvey(h.deps, {
        tenantId: other.id,
        gridCode: 'evaluation-94',
        answerMode: 'organisation',
        organisations: { codes: [otherOrg.code] },
        deadline,
        actor: CLI_ACTOR,
      });
    otherSurvey = 4;
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  const { get, post, signIn } = consoleClient({ base: () => base, deps: () => h.deps, key });
  const session = async () => (await signIn('pilote@caf94.test', h.tenantId)).jar;

  it('lists the evaluations beside the consultations, with their grid, mode and participation', async () => {
    const jar = await session();
    const html = await (await get('/console', jar)).text();
    expect(html).toContain(`>Évaluation n° ${orgSurvey}</a>`);
    expect(html).toContain(
      'Évaluer l&#39;animation de la vie sociale dans le Val-de-Marne (une réponse par organisation)',
    );
    expect(html).toContain('1 terminée sur 3 organisations, 2 commencées');
    expect(html).toContain('(une réponse par personne, anonyme)');
    expect(html).toContain('0 terminée, 1 commencée');
  });

  it('shows an evaluation per organisation: states, heat map with its alt, cells, groupings, downloads, actions', async () => {
    const jar = await session();
    const res = await get(`/console/consultations/${orgSurvey}`, jar);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(
      `<h1>Évaluation n° ${orgSurvey} — Évaluer l&#39;animation de la vie sociale dans le Val-de-Marne</h1>`,
    );
    expect(html).toMatch(
      /Centre social &lt;Créteil&gt; \(EV1\)<\/th><td>brouillon \(2 cases sur 16\)/,
    );
    expect(html).toMatch(/\(EV2\)<\/th><td>terminée/);
    expect(html).toMatch(/\(EV3\)<\/th><td><span class="sans">rien<\/span>/);
    // The heat map, inline, labelled by its title and text alternative, which is also shown.
    expect(html).toMatch(/<svg [^>]*role="img" aria-labelledby="[^"]+"/);
    expect(html).toMatch(/<figcaption>Carte de chaleur «\u00a0Note moyenne par case/);
    // Per cell: count, mean, distribution and every contribution signed.
    expect(html).toMatch(/2 contributions ; note moyenne 3 sur 4 ; répartition : [^<]* 1 · [^<]*/);
    expect(html).toContain(
      'Des &lt;b&gt;effets&lt;/b&gt; visibles sur les habitants <span class="qui">— Claire Martin (Centre social &lt;Créteil&gt;)</span>',
    );
    expect(html).not.toContain('<b>effets</b>');
    // The cells nobody filled are named on one line, level by level.
    expect(html).toContain(
      '<p class="sans">Sans contribution ni note : Quand évalue-t-on ?, Avec qui ?</p>',
    );
    // Groupings by kind, commune, EPCI.
    expect(html).toContain('<h3>Par type d’organisation</h3>');
    expect(html).toContain('<th scope="row">Créteil</th>');
    expect(html).toContain('<th scope="row">Grand Paris Sud Est Avenir</th>');
    for (const link of ['export.xlsx', 'export.pdf', 'export.csv', 'synthese.md'])
      expect(html).toContain(`href="/console/consultations/${orgSurvey}/${link}"`);
    expect(html).toContain(`action="/console/consultations/${orgSurvey}/relancer"`);
    expect(html).toContain(`action="/console/consultations/${orgSurvey}/clore"`);
    expect(html).not.toContain('/codes"');
  });

  it('downloads every export with its content type and evaluation-<n> file name', async () => {
    const jar = await session();
    const cases: [string, RegExp, string][] = [
      ['export.csv', /^text\/csv; charset=utf-8/, 'csv'],
      [
        'export.xlsx',
        /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/,
        'xlsx',
      ],
      ['export.pdf', /^application\/pdf/, 'pdf'],
      ['synthese.md', /^text\/markdown; charset=utf-8/, 'md'],
    ];
    for (const [path, type, ext] of cases) {
      const res = await get(`/console/consultations/${orgSurvey}/${path}`, jar);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.headers.get('content-type')).toMatch(type);
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="evaluation-${orgSurvey}.${ext}"`,
      );
      const body = Buffer.from(await res.arrayBuffer());
      if (ext === 'pdf') expect(body.subarray(0, 5).toString()).toBe('%PDF-');
      if (ext === 'md') expect(body.toString()).toContain('Peu de recul');
    }
    // A draft has no results to export: refused in French.
    const draft = await get(`/console/consultations/${draftSurvey}/export.csv`, jar);
    expect(draft.status).toBe(409);
  });

  it('shows an evaluation per person by table, anonymous, with a link to the codes sheet', async () => {
    const jar = await session();
    const html = await (await get(`/console/consultations/${personSurvey}`, jar)).text();
    expect(html).toContain('une réponse par personne, anonyme');
    expect(html).toContain(
      '<tr><th scope="row">Table 3</th><td>3</td><td>1</td><td>1</td><td>0</td></tr>',
    );
    expect(html).toContain(`href="/console/consultations/${personSurvey}/codes"`);
    const round = await h.tdb.db.round.findFirstOrThrow({
      where: { tenantId: h.tenantId, number: personSurvey },
    });
    expect(html).toContain(`<dt>Lien de la journée</dt><dd>${base}/grille/${round.eventCode}</dd>`);
    expect(html).toContain('Une contribution anonyme</li>');
    expect(html).not.toContain('Jamais gardé');
    expect(html).not.toContain('/relancer"');
  });

  it('changes the deadline, refuses a bad one next to its form, and cancels a draft, by the same use cases', async () => {
    const jar = await session();
    const page = await (await get(`/console/consultations/${draftSurvey}`, jar)).text();
    expect(page).toContain(`action="/console/consultations/${draftSurvey}/lancer"`);
    const jeton = formToken(page);
    const bad = await post(
      `/console/consultations/${draftSurvey}/echeance`,
      { jeton, echeance: 'demain' },
      jar,
    );
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="erreur-echeance" role="alert"');
    expect(badHtml).toContain('value="demain"');
    const ok = await post(
      `/console/consultations/${draftSurvey}/echeance`,
      { jeton, echeance: '+10j' },
      jar,
    );
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(
      `/console/consultations/${draftSurvey}?fait=echeance#message`,
    );
    const cancel = await post(`/console/consultations/${draftSurvey}/annuler`, { jeton }, jar);
    expect(cancel.status).toBe(303);
    const after = await (
      await get(`/console/consultations/${draftSurvey}?fait=annulee`, jar)
    ).text();
    expect(after).toContain('Évaluation annulée.');
    expect(after).toContain('<dd id="etat">annulée</dd>');
    // Without the form's token: refused, nothing done.
    const forged = await post(`/console/consultations/${orgSurvey}/clore`, {}, jar);
    expect(forged.status).toBe(403);
  });

  it('does not show another Caf’s evaluation, nor its downloads', async () => {
    const jar = await session();
    // Number 4 does not exist in this Caf; the other Caf has it.
    expect(otherSurvey).toBeGreaterThan(draftSurvey);
    const page = await get(`/console/consultations/${otherSurvey}`, jar);
    expect(page.status).toBe(404);
    const otherRound = await h.tdb.db.round.findFirstOrThrow({
      where: { number: otherSurvey, tenant: { code: '75' } },
    });
    expect((await get(`/console/consultations/${otherRound.id}`, jar)).status).toBe(404);
    expect((await get(`/console/consultations/${otherRound.id}/export.pdf`, jar)).status).toBe(404);
  });

  it('launches an evaluation from the console’s form: per person anonymous, refusals next to the form', async () => {
    const jar = await session();
    const html = await (await get('/console/consultations/nouvelle', jar)).text();
    // No draft version in this Caf: the evaluation is the only kind offered, chosen.
    expect(html).toContain('value="evaluation" checked');
    expect(html).toContain('<option value="evaluation-94">');
    const jeton = formToken(html);
    const echeance = DateTime.now()
      .setZone('Europe/Paris')
      .plus({ days: 5 })
      .toFormat("yyyy-MM-dd'T'HH:mm");
    const before = await h.tdb.db.round.count({ where: { tenantId: h.tenantId } });
    const form = (extra: Record<string, string>) => ({
      jeton,
      sorte: 'evaluation',
      grille: 'evaluation-94',
      echeance,
      rappels: 'aucun',
      ...extra,
    });
    const anonOrg = await post(
      '/console/consultations',
      form({ par: 'organisation', anonyme: '1', orgs: 'EV1', action: 'lancer' }),
      jar,
    );
    expect(anonOrg.status).toBe(422);
    expect(await anonOrg.text()).toContain(
      'role="alert">--anonyme ne vaut que pour --per personne',
    );
    const noOrg = await post(
      '/console/consultations',
      form({ par: 'organisation', action: 'lancer' }),
      jar,
    );
    expect(noOrg.status).toBe(422);
    expect(await noOrg.text()).toContain('Choisissez au moins une organisation à inviter');
    expect(await h.tdb.db.round.count({ where: { tenantId: h.tenantId } })).toBe(before);

    const ok = await post(
      '/console/consultations',
      form({ par: 'personne', anonyme: '1', action: 'lancer' }),
      jar,
    );
    expect(ok.status).toBe(303);
    const number = before + 1;
    expect(ok.headers.get('location')).toBe(`/console/consultations/${number}?fait=lancee&n=0`);
    const round = await h.tdb.db.round.findFirstOrThrow({
      where: { tenantId: h.tenantId, number },
    });
    expect([round.kind, round.status, round.answerMode, round.anonymous]).toEqual([
      'survey',
      'open',
      'person',
      true,
    ]);
    const shown = await (await get(ok.headers.get('location')!, jar)).text();
    expect(shown).toContain('Évaluation ouverte');
  });

  itWithChromium(
    'passes axe-core on the evaluation page (screenshot with CONCERTO_SCREENSHOTS)',
    async () => {
      const browser: Browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox'],
      });
      try {
        for (const width of [1280, 390]) {
          const page = await browser.newPage({ viewport: { width, height: 900 } });
          const { url } = await createSignInLink(h.deps, {
            key,
            publicUrl: base,
            tenantId: h.tenantId,
            email: 'pilote@caf94.test',
          });
          await page.goto(url);
          await page.getByRole('button', { name: /Se connecter/ }).click();
          await page.waitForURL(`${base}/console`);
          await page.getByRole('link', { name: `Évaluation n° ${orgSurvey}` }).click();
          await expect(
            page.getByRole('img', { name: /Note moyenne par case/ }).count(),
          ).resolves.toBe(1);
          expect(await axeViolations(page)).toEqual([]);
          if (SHOTS)
            await page.screenshot({ path: `${SHOTS}/evaluation-${width}.png`, fullPage: true });
          await page.close();
        }
      } finally {
        await browser.close();
      }
    },
    60_000,
  );

  it('reminds the participants of a named per-person evaluation who left an address and have not finished', async () => {
    const { created } = await createAndLaunchSurvey(h.deps, {
      tenantId: h.tenantId,
      gridCode: 'evaluation-94',
      answerMode: 'person',
      anonymous: false,
      deadline: new Date(Date.now() + 86_400_000),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    const n = created.round.number;
    const { codes, round } = await createParticipantCodes(h.deps, {
      tenantId: h.tenantId,
      round: String(n),
      table: 'Table 1',
      count: 2,
      actor: CLI_ACTOR,
    });
    for (const [i, code] of codes.entries()) {
      const joined = await joinSurvey(h.deps, { eventCode: round.eventCode, code });
      await setParticipantEmail(h.deps, {
        eventCode: round.eventCode,
        participantId: joined.participant.id,
        roundId: created.round.id,
        email: `participant${i}@exemple.test`,
      });
      // The first finishes: only the second is reminded.
      await saveSurveyAnswer(h.deps, {
        tenantId: h.tenantId,
        roundId: created.round.id,
        respondent: { kind: 'participant', participantId: joined.participant.id, label: null },
        values: { 'case-1-1': 'Une contribution' },
        ...(i === 0 ? { finish: true } : {}),
        locale: 'fr',
      });
    }
    const jar = await session();
    const page = await (await get(`/console/consultations/${n}`, jar)).text();
    expect(page).toContain('Relancer les participants qui n’ont pas terminé');
    const res = await post(`/console/consultations/${n}/relancer`, { jeton: formToken(page) }, jar);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(
      `/console/consultations/${n}?fait=relancee-participants&n=1#message`,
    );
    const done = await (
      await get(`/console/consultations/${n}?fait=relancee-participants&n=1`, jar)
    ).text();
    expect(done).toContain('Relance envoyée par courriel à 1 participant qui n’a pas terminé.');
    expect(
      await h.tdb.db.delivery.count({
        where: { dedupeKey: { startsWith: `round:${created.round.id}:reminder:` } },
      }),
    ).toBe(1);
  });
});
