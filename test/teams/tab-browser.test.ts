import { existsSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import { chatWords } from '../../src/domain/chat-words';
import { MAX_COMMENT_LENGTH } from '../../src/domain/types';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { createInviteCode } from '../../src/app/create-invite-code';
import { createRound } from '../../src/app/create-round';
import { launchRound } from '../../src/app/launch-round';
import { linkIdentity } from '../../src/app/link-identity';
import { seedDemo } from '../../src/app/seed-demo';
import { mountTeamsForConcerto } from '../../src/adapters/teams/concerto-handlers';
import { createHttpApp } from '../../src/http/server';
import { createTestDb, type TestDb } from '../support/db';
import { startJwks, type TestJwks } from '../support/jwks';
import { CLIENT_ID, TENANT_ID, captureLogger, listen, teamsConfig } from './helpers';

/**
 * The tab page in headless Chromium (Debian's `chromium` package, no browser download) against
 * the real web server and Postgres. The Teams host is stubbed by serving a small teams-js in
 * place of the real one: app.initialize() resolves and authentication.getAuthToken() returns an
 * SSO token signed by the test JWKS.
 */
const CHROMIUM = '/usr/bin/chromium';
const HOST = 'concerto.caf94.example';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(
    `Test du navigateur de l'onglet Teams ignoré : ${CHROMIUM} absent (apt-get install -y chromium).`,
  );
const describeWithChromium = hasChromium ? describe : describe.skip;

const stubTeams = (token: string) => `
  window.microsoftTeams = {
    app: {
      initialize: function () { return Promise.resolve(); },
      getContext: function () { return Promise.resolve({ app: { locale: 'fr-FR' } }); },
    },
    authentication: {
      getAuthToken: function () { return Promise.resolve(${JSON.stringify(token)}); },
    },
  };`;

describeWithChromium('the Teams tab in headless Chromium', () => {
  let t: TestDb;
  let jwks: TestJwks;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  let deps: AppDeps;
  let tenantId: string;
  let roundId: string;

  beforeAll(async () => {
    [t, jwks] = await Promise.all([createTestDb(), startJwks()]);
    const { log } = captureLogger('silent');
    deps = {
      db: t.db,
      now: () => new Date('2026-11-28T09:00:00Z'),
      log,
      outbox: NO_OUTBOX,
    };
    tenantId = (await seedDemo(deps, { actor: CLI_ACTOR })).tenant.id;
    for (const [who, org, role] of [
      ['aad-marie', 'DDCS94', 'partner'],
      ['aad-pilot', undefined, 'pilot'],
    ] as const) {
      const { code } = await createInviteCode(deps, {
        tenantId,
        role,
        actor: CLI_ACTOR,
        ...(org ? { organisationCode: org } : {}),
      });
      await linkIdentity(deps, {
        code,
        platform: 'teams',
        workspaceId: TENANT_ID,
        userId: who,
        displayName: who === 'aad-marie' ? 'Marie Dupont' : 'Paul Pilote',
      });
    }
    const draft = await t.db.draftVersion.findFirstOrThrow({ where: { tenantId } });
    const created = await createRound(deps, {
      tenantId,
      draftVersionId: draft.id,
      organisations: { codes: ['DDCS94', 'CD94'] },
      deadline: new Date('2026-12-15T17:00:00Z'),
      actor: CLI_ACTOR,
    });
    await launchRound(deps, { tenantId, roundId: created.round.id, actor: CLI_ACTOR });
    roundId = created.round.id;

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
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await jwks?.close();
    await t?.drop();
  });

  async function openTab(oid: string | null): Promise<Page> {
    const page = await browser.newPage();
    if (oid) {
      const token = jwks.ssoToken({
        audience: `api://${HOST}/${CLIENT_ID}`,
        tenantId: TENANT_ID,
        oid,
      });
      await page.route('**/tab/vendor/teams-js.js', (route) =>
        route.fulfill({ contentType: 'application/javascript', body: stubTeams(token) }),
      );
    }
    await page.goto(`${server.url}/tab/`);
    return page;
  }

  it('renders the draft and submits an avis, with the error under the form first', async () => {
    const page = await openTab('aad-marie');
    await page.getByRole('heading', { level: 2, name: /version 1/ }).waitFor();
    expect(await page.locator('#statut').textContent()).toContain(
      'Direction départementale de la cohésion sociale',
    );
    const legends = await page.locator('legend').allTextContents();
    expect(legends).toHaveLength(3);
    expect(legends[0]).toMatch(/^Enjeu 1 : /);
    // The fields are the neutral avis form's (domain/avis-form.ts), not the tab's own words.
    const words = chatWords('fr').avisForm;
    expect(await page.getByText(words.commentHint(MAX_COMMENT_LENGTH)).count()).toBe(3);
    expect(await page.getByRole('radiogroup', { name: words.choice(2) }).count()).toBe(1);

    const fieldsets = page.locator('fieldset');
    await fieldsets.nth(0).getByLabel('Favorable', { exact: true }).check();
    await fieldsets.nth(1).getByLabel('Défavorable', { exact: true }).check();
    await page.getByRole('button', { name: 'Enregistrer mes avis' }).click();
    await page.locator('#statut.erreur').waitFor();
    expect(await page.locator('#statut').textContent()).toContain('doit être motivé');
    expect(await t.db.avis.count({ where: { roundId } })).toBe(0);

    await fieldsets
      .nth(1)
      .getByLabel(/Commentaire/)
      .fill('Associer les communes au pilotage.');
    await page.getByRole('button', { name: 'Enregistrer mes avis' }).click();
    await page.getByText('Avis enregistrés.').waitFor();
    const rows = await t.db.avis.findMany({ where: { roundId }, orderBy: { choice: 'asc' } });
    expect(rows.map((r) => [r.choice, r.channel, r.comment])).toEqual([
      ['favorable', 'tab', null],
      ['defavorable', 'tab', 'Associer les communes au pilotage.'],
    ]);
    // Re-rendered from the server's answer: the recorded avis stay checked.
    expect(
      await page.locator('fieldset').nth(1).getByLabel('Défavorable', { exact: true }).isChecked(),
    ).toBe(true);
    await page.close();
  });

  it('shows the pilot the results as labelled bar charts', async () => {
    const page = await openTab('aad-pilot');
    await page.getByRole('heading', { name: 'Résultats' }).waitFor();
    const figures = page.locator('figure.resultat');
    expect(await figures.count()).toBe(3);
    const first = await figures.nth(0).textContent();
    expect(first).toContain('1 réponse sur 2');
    expect(first).toContain('Favorable1 avis sur 2');
    expect(await page.locator('form').count()).toBe(0);
    // The workbook: fetched with the tab's token, offered as a download, a real XLSX.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Télécharger : Classeur Excel (XLSX)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('consultation-1.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('Participation');
    await page.close();
  });

  it("shows an English-speaking pilot the results in English (the member's locale)", async () => {
    const { code } = await createInviteCode(deps, { tenantId, role: 'pilot', actor: CLI_ACTOR });
    const { member } = await linkIdentity(deps, {
      code,
      platform: 'teams',
      workspaceId: TENANT_ID,
      userId: 'aad-pilot-en',
      displayName: 'Peter Pilot',
    });
    await t.db.member.update({ where: { id: member.id }, data: { locale: 'en' } });
    const page = await openTab('aad-pilot-en');
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('#statut').textContent()).toMatch(/^Signed in: Peter Pilot — /);
    const first = await page.locator('figure.resultat').nth(0).textContent();
    expect(first).toContain('Favourable1 avis of 2');
    expect(first).not.toContain('sur 2');
    expect(
      await page.getByRole('button', { name: 'Download: Excel workbook (XLSX)' }).count(),
    ).toBe(1);
    expect(await page.getByRole('heading', { name: 'Résultats' }).count()).toBe(0);
    await page.close();
  });

  it('says to open it in Teams instead of hanging when there is no Teams host', async () => {
    const page = await openTab(null);
    await page.getByText('Ouvrez cet onglet dans Microsoft Teams.').waitFor({ timeout: 10_000 });
    await page.close();
  });
});
