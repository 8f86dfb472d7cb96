import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import { chromium, type Browser } from 'playwright-core';
import { closeRound } from '../../src/app/close-round';
import { createInviteCode } from '../../src/app/create-invite-code';
import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { importGrid } from '../../src/app/import-grid';
import { linkIdentity } from '../../src/app/link-identity';
import { seedDemo } from '../../src/app/seed-demo';
import { createAndLaunchSurvey } from '../../src/app/survey/create-survey';
import { memberRespondent, saveSurveyAnswer } from '../../src/app/survey/answer-survey';
import { mountTeamsForConcerto } from '../../src/adapters/teams/concerto-handlers';
import { createHttpApp } from '../../src/http/server';
import { createTestDb, type TestDb } from '../support/db';
import { startJwks, type TestJwks } from '../support/jwks';
import { axeViolations } from '../support/axe';
import { CLIENT_ID, TENANT_ID, captureLogger, listen, teamsConfig } from './helpers';

/**
 * Evaluations (survey rounds) in the Teams tab (issue [11] item 4): the tab's API against the
 * real web server and Postgres — what a pilot and a partner follow, where the partner's
 * organisation's answer stands, the heat map once the results are out (never before for a
 * partner), another Caf's evaluation out of reach — then the page in headless Chromium.
 */
const CHROMIUM = '/usr/bin/chromium';
const HOST = 'concerto.caf94.example';
const itWithChromium = existsSync(CHROMIUM) ? it : it.skip;
const GRID = readFileSync(path.join(__dirname, '../../src/data/grille-evaluation-94.yaml'), 'utf8');
const HOSTILE = '<img src=x onerror="window.pwned=1"> Des effets visibles';

const stubTeams = (token: string) => `
  window.microsoftTeams = {
    app: { initialize: function () { return Promise.resolve(); } },
    authentication: {
      getAuthToken: function () { return Promise.resolve(${JSON.stringify(token)}); },
    },
  };`;

interface SurveyItem {
  id: string;
  number: number;
  title: string;
  status: string;
  deadlineText: string;
  answer: { state: string; filled: number; total: number; text: string } | null;
}
interface SurveyBody extends SurveyItem {
  canFill: boolean;
  fillHint: string | null;
  resultsAvailable: boolean;
  results: {
    participation: string;
    heatmap: { svg: string; alt: string };
    levels: {
      label: string;
      cells: {
        level: number;
        question: number;
        contributions: number;
        mean: number | null;
        text: string;
        texts: { text: string; author: string }[];
      }[];
    }[];
    organisations: { code: string; text: string }[];
  } | null;
}

describe('evaluations in the Teams tab', () => {
  let t: TestDb;
  let jwks: TestJwks;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: Browser | undefined;
  let deps: AppDeps;
  let tenantId: string;
  /** Open, results after the close; DDCS94 (Marie) has a draft, CD94 nothing. */
  let openId: string;
  /** Closed; DDCS94 finished it. */
  let closedId: string;
  /** Open, CD94 only: not Marie's. */
  let notMineId: string;
  let otherCafId: string;

  const link = async (
    tid: string,
    oid: string,
    name: string,
    role: 'pilot' | 'partner',
    org?: string,
  ) => {
    const { code } = await createInviteCode(deps, {
      tenantId: tid,
      role,
      actor: CLI_ACTOR,
      ...(org ? { organisationCode: org } : {}),
    });
    await linkIdentity(deps, {
      code,
      platform: 'teams',
      workspaceId: TENANT_ID,
      userId: oid,
      displayName: name,
    });
  };

  const survey = async (tid: string, codes: string[]) =>
    (
      await createAndLaunchSurvey(deps, {
        tenantId: tid,
        gridCode: 'evaluation-94',
        answerMode: 'organisation',
        organisations: { codes },
        deadline: new Date('2026-12-15T17:00:00Z'),
        reminderSchedule: 'aucun',
        actor: CLI_ACTOR,
      })
    ).created.round.id;

  beforeAll(async () => {
    [t, jwks] = await Promise.all([createTestDb(), startJwks()]);
    const { log } = captureLogger('silent');
    deps = { db: t.db, now: () => new Date('2026-11-28T09:00:00Z'), log, outbox: NO_OUTBOX };
    tenantId = (await seedDemo(deps, { actor: CLI_ACTOR })).tenant.id;
    await link(tenantId, 'aad-marie', 'Marie Dupont', 'partner', 'DDCS94');
    await link(tenantId, 'aad-pilot', 'Paul Pilote', 'pilot');
    const marie = await t.db.member.findFirstOrThrow({
      where: { tenantId, displayName: 'Marie Dupont' },
    });
    const respondent = memberRespondent(marie, 'teams');

    openId = await survey(tenantId, ['DDCS94', 'CD94']);
    await saveSurveyAnswer(deps, {
      tenantId,
      roundId: openId,
      respondent,
      values: { 'case-1-1': 'Un début', 'note-1-1': '2', 'case-1-2': 'Et une suite' },
      locale: 'fr',
    });
    closedId = await survey(tenantId, ['DDCS94']);
    await saveSurveyAnswer(deps, {
      tenantId,
      roundId: closedId,
      respondent,
      values: { 'case-1-1': HOSTILE, 'note-1-1': '3', 'note-2-1': '4' },
      finish: true,
      locale: 'fr',
    });
    await closeRound(deps, { tenantId, roundId: closedId, actor: CLI_ACTOR });
    notMineId = await survey(tenantId, ['CD94']);

    // Another Caf with its own grid, organisation and evaluation.
    const other = await t.db.tenant.create({ data: { code: '75', name: 'Caf de Paris' } });
    await link(other.id, 'aad-paris', 'Pierre Paris', 'pilot');
    await importGrid(deps, {
      tenantId: other.id,
      text: GRID,
      fileName: 'grille.yaml',
      actor: CLI_ACTOR,
    });
    await t.db.organisation.create({
      data: { tenantId: other.id, code: 'DDCS75', name: 'DDCS de Paris', kind: 'etat' },
    });
    otherCafId = await survey(other.id, ['DDCS75']);

    const config = teamsConfig({ PUBLIC_URL: `https://${HOST}` });
    const app: Express = await createHttpApp({
      deps,
      log,
      redis: { ping: async () => 'PONG' },
      mount: async (expressApp) => {
        await mountTeamsForConcerto(expressApp, {
          config,
          deps,
          log,
          endpoints: { openIdMetadataUrl: jwks.openIdMetadataUrl },
          tabJwksUri: `${jwks.url}/common/discovery/v2.0/keys`,
        });
      },
    });
    server = await listen(app);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await jwks?.close();
    await t?.drop();
  });

  const token = (oid: string) =>
    jwks.ssoToken({ audience: `api://${HOST}/${CLIENT_ID}`, tenantId: TENANT_ID, oid });
  const get = (p: string, oid: string) =>
    fetch(`${server.url}/tab/api${p}`, { headers: { authorization: `Bearer ${token(oid)}` } });
  const me = async (oid: string) =>
    ((await (await get('/me', oid)).json()) as { surveys: SurveyItem[] }).surveys;
  const view = async (id: string, oid: string) => {
    const res = await get(`/surveys/${id}`, oid);
    expect(res.status).toBe(200);
    return (await res.json()) as SurveyBody;
  };

  it('lists to a partner the evaluations of their organisation, with where its answer stands', async () => {
    const surveys = await me('aad-marie');
    expect(surveys.map((s) => s.id)).toEqual([openId, closedId]);
    const [open, closed] = surveys;
    expect(open!.title).toBe(
      "Évaluation n° 1 — Évaluer l'animation de la vie sociale dans le Val-de-Marne",
    );
    expect(open!.status).toBe('open');
    expect(open!.deadlineText).toMatch(/15 décembre 2026/);
    expect(open!.answer).toMatchObject({ state: 'draft', filled: 2, total: 16 });
    expect(open!.answer!.text).toBe('brouillon, 2 cases remplies sur 16');
    expect(closed!.answer).toMatchObject({ state: 'finished', text: 'terminée' });
  });

  it('lists to a pilot all of the Caf’s evaluations, never another Caf’s', async () => {
    const surveys = await me('aad-pilot');
    expect(surveys.map((s) => s.id).sort()).toEqual([openId, closedId, notMineId].sort());
    // A pilot has no organisation: no answer of theirs.
    expect(surveys.every((s) => s.answer === null)).toBe(true);
    expect((await me('aad-paris')).map((s) => s.id)).toEqual([otherCafId]);
    const res = await get(`/surveys/${otherCafId}`, 'aad-pilot');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ROUND_NOT_FOUND');
  });

  it('gives a partner no heat map before the results are out, and tells how to fill the grid', async () => {
    const s = await view(openId, 'aad-marie');
    expect(s.resultsAvailable).toBe(false);
    expect(s.results).toBeNull();
    expect(s.canFill).toBe(true);
    expect(s.fillHint).toContain('« Remplir la grille »');
    // Not invited: refused, nothing of it shown.
    const res = await get(`/surveys/${notMineId}`, 'aad-marie');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'SURVEY_NOT_ALLOWED',
    );
  });

  it('gives a partner the closed results without contributions nor who did not answer', async () => {
    const s = await view(closedId, 'aad-marie');
    expect(s.canFill).toBe(false);
    expect(s.results).not.toBeNull();
    const r = s.results!;
    expect(r.participation).toBe(
      '1 organisation invitée : 1 a commencé la grille, 1 l’a terminée.',
    );
    expect(r.heatmap.svg).toMatch(/^<svg /);
    expect(r.heatmap.alt.length).toBeGreaterThan(20);
    const c11 = r.levels[0]!.cells[0]!;
    expect(c11).toMatchObject({ level: 1, question: 1, contributions: 1, mean: 3 });
    expect(c11.text).toBe('1 contribution ; note moyenne 3 sur 4');
    expect(c11.texts).toEqual([]);
    expect(r.organisations).toEqual([]);
    expect(JSON.stringify(s)).not.toContain('Marie Dupont');
  });

  it("gives an English-speaking partner the evaluation and its refusals in English (the member's locale)", async () => {
    const marie = await t.db.platformIdentity.findFirstOrThrow({
      where: { platform: 'teams', userId: 'aad-marie' },
    });
    await t.db.member.update({ where: { id: marie.memberId }, data: { locale: 'en' } });
    try {
      const body = (await (await get('/me', 'aad-marie')).json()) as {
        locale: string;
        words: { results: string; survey: { list: string } };
      };
      expect(body.locale).toBe('en');
      expect(body.words.results).toBe('Results');
      expect(body.words.survey.list).toBe('Evaluations');
      const s = (await view(closedId, 'aad-marie')) as SurveyBody & { stateText: string };
      expect(s.title).toMatch(/^Evaluation no\. 2 — /);
      expect(s.stateText).toBe('State: closed.');
      expect(s.answer!.text).toBe('finished');
      expect(s.results!.participation).toBe(
        '1 organisation invited: 1 started the grid, 1 finished it.',
      );
      expect(s.results!.levels[0]!.cells[0]!.text).toBe('1 contribution; mean rating 3 of 4');
      const res = await get(`/surveys/${notMineId}`, 'aad-marie');
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
        /^Your organisation is not invited to evaluation \d+\.$/,
      );
    } finally {
      await t.db.member.update({ where: { id: marie.memberId }, data: { locale: 'fr' } });
    }
  });

  it('gives a pilot the results of an open evaluation, with contributions and every organisation', async () => {
    const s = await view(openId, 'aad-pilot');
    expect(s.canFill).toBe(false);
    const r = s.results!;
    expect(r.heatmap.svg).toContain('<svg');
    expect(r.levels[0]!.cells[0]!.texts).toEqual([
      { text: 'Un début', author: expect.stringMatching(/^Marie Dupont \(Direction/) },
    ]);
    expect(r.organisations.map((o) => [o.code, o.text])).toEqual([
      ['CD94', 'rien de saisi'],
      ['DDCS94', 'brouillon, 2 cases remplies sur 16'],
    ]);
  });

  itWithChromium('shows the heat map with its text alternative, axe-clean', async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
    await page.route('**/tab/vendor/teams-js.js', (route) =>
      route.fulfill({
        contentType: 'application/javascript',
        body: stubTeams(token('aad-pilot')),
      }),
    );
    await page.goto(`${server.url}/tab/?evaluation=${closedId}`);
    await page.getByRole('heading', { name: 'Carte de chaleur' }).waitFor();
    const { alt } = (await view(closedId, 'aad-pilot')).results!.heatmap;
    const map = page.getByRole('img', { name: alt });
    expect(await map.count()).toBe(1);
    expect(await page.locator('figure.carte svg rect').count()).toBeGreaterThan(16);
    // The hostile contribution is text, never markup.
    expect(await page.getByText(HOSTILE, { exact: false }).count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBe(
      undefined,
    );
    expect(await page.getByRole('link', { name: /^Évaluation n° 2/ }).count()).toBe(1);
    await page.screenshot({ path: '/tmp/tab-survey-heatmap.png', fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  itWithChromium(
    'shows a partner where their answer stands and how to fill the grid, no heat map before the results',
    async () => {
      const page = await browser!.newPage({ viewport: { width: 600, height: 900 } });
      await page.route('**/tab/vendor/teams-js.js', (route) =>
        route.fulfill({
          contentType: 'application/javascript',
          body: stubTeams(token('aad-marie')),
        }),
      );
      // No open consultation: the tab opens the first evaluation Marie follows.
      await page.goto(`${server.url}/tab/`);
      await page.getByRole('heading', { level: 2, name: /^Évaluation n° 1 — / }).waitFor();
      const text = await page.locator('#vue').textContent();
      expect(text).toContain('brouillon, 2 cases remplies sur 16');
      expect(text).toContain('« Remplir la grille »');
      expect(text).toContain('seront visibles à sa clôture');
      expect(await page.locator('figure.carte').count()).toBe(0);
      await page.screenshot({ path: '/tmp/tab-survey-partner.png', fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    },
  );
});
