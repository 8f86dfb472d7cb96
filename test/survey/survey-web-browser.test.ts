import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { CLI_ACTOR } from '../../src/app/deps';
import { ballotKey } from '../../src/app/ballot-links';
import { addPilot, createSignInLink } from '../../src/app/console-auth';
import { importGrid } from '../../src/app/import-grid';
import { createAndLaunchSurvey } from '../../src/app/survey/create-survey';
import { createParticipantCodes } from '../../src/app/survey/participants';
import { mountBallot } from '../../src/http/ballot';
import { mountConsole } from '../../src/http/console';
import { createHttpApp, listen, type RunningServer } from '../../src/http/server';
import { axeViolations } from '../support/axe';
import { createHarness, silentLog, type Harness } from '../queue/support/harness';

/**
 * A participant of a journée départementale on their phone, in headless Chromium (Debian's
 * package): the QR link (code in its fragment) opens the event page with the code filled in,
 * the grid is stacked per level, a draft is saved, found again, then finished; the anonymous
 * round keeps no name. axe-core checks the event page, the grid and the pilot's codes sheet.
 * Screenshots go to CONCERTO_SCREENSHOTS (a folder) when set.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`Test de la journée dans le navigateur ignoré : ${CHROMIUM} absent.`);
const describeWithChromium = hasChromium ? describe : describe.skip;
const SHOTS = process.env.CONCERTO_SCREENSHOTS;

describeWithChromium('a participant answers the grid on a phone', () => {
  let h: Harness;
  let server: RunningServer;
  let base: string;
  let browser: Browser;
  const key = ballotKey({ secret: 'survey-browser-test', databaseUrl: '' });

  beforeAll(async () => {
    h = await createHarness();
    const app = await createHttpApp({
      deps: h.deps,
      log: silentLog,
      redis: { ping: async () => 'PONG' },
      mount: (a) => {
        mountBallot(a, { deps: h.deps, log: silentLog, key });
        mountConsole(a, { deps: h.deps, log: silentLog, key });
      },
    });
    server = await listen(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    h.deps.publicUrl = base;
    await importGrid(h.deps, {
      tenantId: h.tenantId,
      text: readFileSync(`${__dirname}/../../src/data/grille-evaluation-94.yaml`, 'utf8'),
      fileName: 'grille.yaml',
      actor: CLI_ACTOR,
    });
    await addPilot(h.deps, {
      tenantId: h.tenantId,
      email: 'pilote@caf94.test',
      name: 'Mme Martin',
      actor: CLI_ACTOR,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  it('opens the QR link, saves a draft, comes back, finishes; no name kept; axe finds nothing serious', async () => {
    const { created } = await createAndLaunchSurvey(h.deps, {
      tenantId: h.tenantId,
      gridCode: 'evaluation-94',
      answerMode: 'person',
      anonymous: true,
      deadline: new Date(Date.now() + 86_400_000),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    const n = created.round.number;
    const eventCode = created.round.eventCode!;
    await createParticipantCodes(h.deps, {
      tenantId: h.tenantId,
      round: String(n),
      table: 'Table 1',
      count: 4,
      actor: CLI_ACTOR,
    });
    await createParticipantCodes(h.deps, {
      tenantId: h.tenantId,
      round: String(n),
      table: 'Table 2',
      count: 2,
      actor: CLI_ACTOR,
    });

    // The pilot's codes sheet: the slips' QR links carry the code in their fragment only.
    const pilot = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const { url } = await createSignInLink(h.deps, {
      key,
      publicUrl: base,
      tenantId: h.tenantId,
      email: 'pilote@caf94.test',
    });
    await pilot.goto(url);
    await pilot.getByRole('button', { name: /Se connecter/ }).click();
    await pilot.waitForURL(`${base}/console`);
    await pilot.goto(`${base}/console/consultations/${n}/codes`);
    expect(await pilot.locator('h1').textContent()).toContain('Codes des participants');
    expect(await pilot.locator('li.papier').count()).toBe(6);
    expect(await axeViolations(pilot)).toEqual([]);
    if (SHOTS) {
      await pilot.screenshot({ path: `${SHOTS}/codes-ecran.png`, fullPage: true });
      await pilot.emulateMedia({ media: 'print' });
      await pilot.screenshot({ path: `${SHOTS}/codes-impression.png`, fullPage: true });
      await pilot.emulateMedia({ media: 'screen' });
    }
    const code = (await pilot.locator('li.papier .code').first().textContent())!.trim();
    await pilot.close();

    // The participant scans the slip: the event page, the code already typed.
    // A French participant's phone: the event page follows Accept-Language (Playwright's
    // default is en-US, which now gets the English page).
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
    const requested: string[] = [];
    phone.on('request', (r) => requested.push(r.url()));
    await phone.goto(`${base}/grille/${eventCode}#code=${code}`);
    await expect(phone.locator('#code')).toBeDefined();
    await phone.waitForFunction(() => (document.getElementById('code') as HTMLInputElement).value);
    expect(await phone.locator('#code').inputValue()).toBe(code);
    expect(new URL(phone.url()).hash).toBe('');
    expect(await phone.getByText('aucun nom n’est enregistré').count()).toBe(1);
    expect(await phone.locator('#nom').count()).toBe(0);
    expect(await axeViolations(phone)).toEqual([]);
    if (SHOTS) await phone.screenshot({ path: `${SHOTS}/journee.png`, fullPage: true });
    await phone.getByRole('button', { name: 'Ouvrir ma grille' }).click();
    await phone.waitForURL(`${base}/grille/${eventCode}/reponse`);
    expect(requested.some((u) => u.includes(code) || u.includes(code.replace('-', '')))).toBe(
      false,
    );

    // Stacked per level: each field shows its question.
    const question = phone.locator('.question-case').first();
    expect(await question.isVisible()).toBe(true);
    await phone
      .getByLabel('Territoires — Que regarde-t-on ?', { exact: true })
      .fill('Les quartiers');
    await phone
      .getByRole('group', { name: 'Note — Territoires — Que regarde-t-on ?' })
      .getByRole('radio', { name: '2 : Amorcé' })
      .check();
    expect(await axeViolations(phone)).toEqual([]);
    if (SHOTS) await phone.screenshot({ path: `${SHOTS}/grille-telephone.png`, fullPage: true });
    // Nothing wider than the phone (nor than a 1280 px screen at 200 %: 640 px).
    const overflow = () =>
      phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await phone.setViewportSize({ width: 640, height: 900 });
    expect(await overflow()).toBeLessThanOrEqual(0);
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await phone.waitForSelector('#confirmation');
    expect(await phone.locator('#confirmation').textContent()).toContain('Brouillon enregistré');

    // Later, from the same phone: the draft is there; finish.
    await phone.goto(`${base}/grille/${eventCode}/reponse`);
    expect(
      await phone.getByLabel('Territoires — Que regarde-t-on ?', { exact: true }).inputValue(),
    ).toBe('Les quartiers');
    await phone.getByLabel('Acteurs — Avec qui ?', { exact: true }).fill('Les habitants');
    await phone.getByRole('button', { name: 'Terminer' }).click();
    await phone.waitForSelector('#confirmation');
    expect(await phone.locator('#confirmation').textContent()).toContain(
      'Vous pouvez encore les modifier jusqu’à la date limite',
    );
    expect(await axeViolations(phone)).toEqual([]);

    const stored = await h.tdb.db.surveyResponse.findFirstOrThrow({
      where: { roundId: created.round.id },
      include: { cells: { orderBy: [{ level: 'asc' }, { question: 'asc' }] }, participant: true },
    });
    expect(stored.finishedAt).not.toBeNull();
    expect(stored.cells.map((c) => [c.level, c.question, c.text, c.rating])).toEqual([
      [2, 1, 'Les quartiers', 2],
      [3, 4, 'Les habitants', null],
    ]);
    expect(stored.participant!.name).toBeNull();
    await phone.close();
  }, 60_000);

  it('offers a reminder address under the grid of a named round, its error under the field; axe finds nothing serious', async () => {
    const { created } = await createAndLaunchSurvey(h.deps, {
      tenantId: h.tenantId,
      gridCode: 'evaluation-94',
      answerMode: 'person',
      anonymous: false,
      deadline: new Date(Date.now() + 86_400_000),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    const eventCode = created.round.eventCode!;
    const { codes } = await createParticipantCodes(h.deps, {
      tenantId: h.tenantId,
      round: String(created.round.number),
      table: 'Table 2',
      count: 1,
      actor: CLI_ACTOR,
    });
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
    await phone.goto(`${base}/grille/${eventCode}#code=${codes[0]}`);
    await phone.waitForFunction(() => (document.getElementById('code') as HTMLInputElement).value);
    await phone.getByLabel('Votre nom (facultatif)').fill('Zoé');
    await phone.getByRole('button', { name: 'Ouvrir ma grille' }).click();
    await phone.waitForURL(`${base}/grille/${eventCode}/reponse`);
    const field = phone.getByLabel('Votre adresse électronique (facultatif)');
    expect(await field.getAttribute('type')).toBe('email');
    await field.fill('zoe@');
    await phone.getByRole('button', { name: 'Enregistrer mon adresse' }).click();
    await phone.waitForSelector('#courriel-err');
    expect(await phone.locator('#courriel-err').textContent()).toBe(
      'Adresse électronique invalide : « zoe@ » (attendu : nom@domaine.fr).',
    );
    expect(await phone.getByLabel('Votre adresse électronique (facultatif)').inputValue()).toBe(
      'zoe@',
    );
    expect(await axeViolations(phone)).toEqual([]);
    if (SHOTS) await phone.screenshot({ path: `${SHOTS}/rappel-erreur.png`, fullPage: true });
    await phone.getByLabel('Votre adresse électronique (facultatif)').fill('zoe@exemple.test');
    await phone.getByRole('button', { name: 'Enregistrer mon adresse' }).click();
    await phone.waitForURL(/fait=adresse/);
    expect(await phone.locator('#rappel [role=status]').textContent()).toContain(
      'Adresse enregistrée',
    );
    expect(await axeViolations(phone)).toEqual([]);
    const p = await h.tdb.db.surveyParticipant.findFirstOrThrow({
      where: { roundId: created.round.id },
    });
    expect(p.email).toBe('zoe@exemple.test');
    await phone.close();
  }, 60_000);
});
