import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { axeViolations } from '../support/axe';
import { chromium, type Browser } from 'playwright-core';
import { CLI_ACTOR } from '../../src/app/deps';
import { ballotKey } from '../../src/app/ballot-links';
import { addPilot, createSignInLink } from '../../src/app/console-auth';
import { importGrid } from '../../src/app/import-grid';
import { mountConsole } from '../../src/http/console';
import { createHttpApp, listen, type RunningServer } from '../../src/http/server';
import { createHarness, silentLog, type Harness } from '../queue/support/harness';

/**
 * The evaluation grid as its participants will fill it in, previewed by a pilot in the console:
 * a table on a wide screen, one block per level on a phone, every field labelled, ratings as
 * radio buttons, errors under their field and listed at the top; another Caf's grid is not
 * found; nothing is stored. axe-core checks the page at both widths.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Test des grilles dans le navigateur ignoré : ${CHROMIUM} absent.`);
const describeWithChromium = hasChromium ? describe : describe.skip;
const SHOTS = process.env.CONCERTO_SCREENSHOTS; // a folder, to look at the pages

describeWithChromium('evaluation grids in the pilots’ console', () => {
  let h: Harness;
  let server: RunningServer;
  let base: string;
  let browser: Browser;
  const key = ballotKey({ secret: 'grids-browser-test', databaseUrl: '' });

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
      name: 'Mme Martin',
      actor: CLI_ACTOR,
    });
    await importGrid(h.deps, {
      tenantId: h.tenantId,
      text: readFileSync(`${__dirname}/../../src/data/grille-evaluation-94.yaml`, 'utf8'),
      fileName: 'grille-evaluation-94.yaml',
      actor: CLI_ACTOR,
    });
    const other = await h.tdb.db.tenant.create({ data: { code: '75', name: 'Caf de Paris' } });
    await importGrid(h.deps, {
      tenantId: other.id,
      text: 'code: paris-1\ntitre: "<script>alert(1)</script> Grille de Paris"\nquestions: [Quoi ?]\nniveaux: [Tout]\n',
      fileName: 'paris.yaml',
      actor: CLI_ACTOR,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  async function signedInPage(width: number) {
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
    return page;
  }

  it('lists the Caf’s grids and shows one as a table, every field labelled by level and question', async () => {
    const page = await signedInPage(1400);
    await page.getByRole('link', { name: 'Grilles d’évaluation' }).click();
    await page.getByRole('link', { name: /Évaluer l'animation de la vie sociale/ }).click();
    expect(await page.locator('h1').textContent()).toBe(
      "Évaluer l'animation de la vie sociale dans le Val-de-Marne",
    );
    expect(await page.locator('table.grille thead th').allTextContents()).toEqual([
      expect.stringMatching(/^Que regarde-t-on \?/),
      expect.stringMatching(/^Comment procède-t-on \?/),
      expect.stringMatching(/^Quand évalue-t-on \?/),
      expect.stringMatching(/^Avec qui \?/),
    ]);
    expect(await page.locator('textarea').count()).toBe(16);
    await expect(
      page.getByLabel('Territoires — Avec qui ?', { exact: true }).count(),
    ).resolves.toBe(1);
    // The table layout: levels are rows, side by side with their four cells.
    const display = await page.locator('table.grille').evaluate((t) => getComputedStyle(t).display);
    expect(display).toBe('table');
    expect(await axeViolations(page)).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/grille-large.png`, fullPage: true });
    await page.close();
  });

  it('stacks the grid level by level on a phone, each field showing its question', async () => {
    const page = await signedInPage(390);
    await page.goto(`${base}/console/grilles/evaluation-94`);
    const display = await page.locator('table.grille').evaluate((t) => getComputedStyle(t).display);
    expect(display).toBe('block');
    const q = page.locator('.question-case').first();
    expect(await q.isVisible()).toBe(true);
    // Nothing wider than the screen (no horizontal scrolling at 390 px).
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/grille-telephone.png`, fullPage: true });
    await page.close();
  });

  it('checks a try-out as it will check answers: errors under their field and at the top; nothing stored', async () => {
    const page = await signedInPage(1400);
    await page.goto(`${base}/console/grilles/evaluation-94`);
    await page
      .getByLabel('Généralités — Que regarde-t-on ?', { exact: true })
      .fill('Les effets du schéma.');
    const rating = page.getByRole('group', { name: 'Note — Généralités — Que regarde-t-on ?' });
    await rating.getByRole('radio', { name: '3 : En place' }).check();
    // Past the browser's maxlength, as a script or an old browser could send it.
    await page
      .getByLabel('Acteurs — Avec qui ?', { exact: true })
      .evaluate((t: HTMLTextAreaElement) => {
        t.removeAttribute('maxlength');
        t.value = 'x'.repeat(1001);
      });
    await page.getByRole('button', { name: 'Vérifier l’aperçu' }).click();
    const summary = page.locator('#erreurs');
    expect(await summary.textContent()).toContain(
      'Acteurs — Avec qui ? : 1001 caractères : 1000 au plus. Raccourcissez la contribution.',
    );
    expect(await page.locator('#case-3-4-erreur').textContent()).toContain('1000 au plus');
    // What was typed is kept.
    expect(
      await page.getByLabel('Généralités — Que regarde-t-on ?', { exact: true }).inputValue(),
    ).toBe('Les effets du schéma.');
    expect(await page.locator('input[name="note-1-1"][value="3"]').isChecked()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/grille-erreurs.png`, fullPage: true });

    await page
      .getByLabel('Acteurs — Avec qui ?', { exact: true })
      .fill('Les habitants, les bénévoles et la fédération.');
    await page.getByRole('button', { name: 'Vérifier l’aperçu' }).click();
    expect(await page.getByRole('status').textContent()).toContain(
      'Aperçu vérifié : 2 cases remplies, aucune erreur.',
    );
    expect(await page.locator('body').textContent()).toContain('Cases remplies : 2 sur 16');
    await page.close();
  });

  it('does not show another Caf’s grid, and refuses a try-out without the form’s token', async () => {
    const page = await signedInPage(1400);
    const res = await page.goto(`${base}/console/grilles/paris-1`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('body').textContent()).toContain(
      'Aucune grille « paris-1 » pour cette Caf',
    );
    const cookies = await page.context().cookies();
    const forged = await fetch(`${base}/console/grilles/evaluation-94`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      },
      body: 'case-1-1=x',
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('Le formulaire a expiré');
    await page.close();
  });
});
