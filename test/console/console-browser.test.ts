import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import { startTestSmtp, type TestSmtp } from '../support/smtp-server';
import { axeViolations } from '../support/axe';
import { chromium, type Browser } from 'playwright-core';
import { CLI_ACTOR } from '../../src/app/deps';
import { addContact } from '../../src/app/add-contact';
import { addPilot, signInUrlFor } from '../../src/app/console-auth';
import { importDraft } from '../../src/app/import-draft';
import { ballotKey } from '../../src/app/ballot-links';
import { ballotUrlFor } from '../../src/app/web-ballot';
import { EmailNotifier } from '../../src/adapters/email/notifier';
import { mountBallot } from '../../src/http/ballot';
import { mountConsole } from '../../src/http/console';
import { createHttpApp, listen, type RunningServer } from '../../src/http/server';
import {
  createHarness,
  recordingNotifier,
  seedOrganisations,
  silentLog,
  waitFor,
  type Harness,
} from '../queue/support/harness';

/**
 * A pilot runs a round from the console in headless Chromium: signs in from the e-mailed link
 * (a real SMTP server), launches a round, watches the matrix fill as an e-mail partner answers
 * from its ballot link, records an avis received by post, downloads the export, closes the
 * round, and signs out; axe-core checks every console page.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`Test de la console dans le navigateur ignoré : ${CHROMIUM} absent.`);
const describeWithChromium = hasChromium ? describe : describe.skip;

describeWithChromium('the pilots’ console in a real browser', () => {
  let h: Harness;
  let browser: Browser;
  let server: RunningServer;
  let smtp: TestSmtp;
  let email: EmailNotifier;
  let base = '';
  const key = ballotKey({ secret: 'console-browser-test', databaseUrl: '' });

  beforeAll(async () => {
    h = await createHarness();
    smtp = await startTestSmtp();
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
    email = new EmailNotifier({
      smtpUrl: smtp.url,
      from: 'Caf du Val-de-Marne <concerto@caf94.test>',
      mailDir: '/nonexistent',
      ballotUrl: async (target, roundId) => {
        const contactId = (target.reference as { contactId?: string } | undefined)?.contactId;
        if (!contactId) return undefined;
        return ballotUrlFor(h.deps, { key, publicUrl: base, contactId, roundId });
      },
      signInUrl: (linkId) => signInUrlFor(h.deps, { key, publicUrl: base, linkId }),
      log: silentLog,
    });
    await h.start({ notifiers: { console: recordingNotifier(), email } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });

    await seedOrganisations(h, ['CS1', 'MAIRIE']);
    await addContact(h.deps, {
      tenantId: h.tenantId,
      organisationCode: 'MAIRIE',
      email: 'avs@mairie.test',
      name: 'Mme Lefèvre',
      actor: CLI_ACTOR,
    });
    await importDraft(h.deps, {
      tenantId: h.tenantId,
      markdown: readFileSync(`${__dirname}/../fixtures/schema-94-v1.md`, 'utf8'),
      actor: CLI_ACTOR,
    });
    await addPilot(h.deps, {
      tenantId: h.tenantId,
      email: 'pilote@caf94.test',
      name: 'Mme Martin',
      actor: CLI_ACTOR,
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    email?.close();
    await server?.close();
    await smtp?.close();
    await h.close();
  });

  const mailsTo = (to: string) => smtp.mailsTo(to);
  const linkIn = (mail: ParsedMail, path: string) =>
    new RegExp(`href="([^"]+${path}[^"]+)"`).exec(String(mail.html))?.[1]?.replace(/&amp;/g, '&');

  it('signs in from the e-mail, launches a round, sees the matrix fill, records a posted avis, exports, closes and signs out', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/console`);
    expect(new URL(page.url()).pathname).toBe('/console/connexion');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Adresse électronique').fill('pilote@caf94.test');
    await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
    await page.waitForSelector('#message');
    expect(await page.locator('#message').textContent()).toContain('Si cette adresse');
    expect(await axeViolations(page)).toEqual([]);

    const mail = await waitFor('the sign-in e-mail', () => mailsTo('pilote@caf94.test')[0]);
    expect(mail.mail.subject).toContain('connexion');
    const link = linkIn(mail.mail, '/console/connexion/')!;
    expect(link).toBeTruthy();
    await page.goto(link);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForSelector('h1:text("Consultations")');
    expect(await page.textContent('body')).toContain('Aucune consultation');
    expect(await axeViolations(page)).toEqual([]);

    // A new round: the centre social by kind, the mairie one by one.
    await page.getByRole('link', { name: 'Préparer une nouvelle consultation' }).click();
    await page.waitForSelector('h1:text("Nouvelle consultation")');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Centres sociaux').check();
    await page.getByLabel(/Structure MAIRIE/).check();
    const deadline = DateTime.now().setZone('Europe/Paris').plus({ days: 3 }).set({ second: 0 });
    await page.getByLabel('Date limite').fill(deadline.toFormat("yyyy-MM-dd'T'HH:mm"));
    await page.getByLabel('Rappels').fill('aucun');
    await page.getByRole('button', { name: 'Préparer et lancer' }).click();
    await page.waitForSelector('h1:has-text("Consultation n° 1")');
    expect(await page.locator('#message').textContent()).toContain('ouverte');
    expect(await page.locator('#etat').textContent()).toContain('ouverte');
    expect(await page.textContent('table')).toContain('sans réponse');
    expect(await axeViolations(page)).toEqual([]);

    // The mairie answers from its e-mail.
    const invitation = await waitFor('the invitation', () => mailsTo('avs@mairie.test')[0]);
    const ballot = await browser.newPage();
    await ballot.goto(linkIn(invitation.mail, '/vote/')!);
    const fieldsets = ballot.locator('fieldset');
    const n = await fieldsets.count();
    for (let i = 0; i < n; i += 1)
      await fieldsets.nth(i).getByLabel('Favorable', { exact: true }).check();
    await ballot.getByRole('button', { name: /Enregistrer les avis/ }).click();
    await ballot.waitForSelector('#confirmation');

    await page.reload();
    const matrix = page.locator('table#matrice');
    expect(await matrix.locator('tr', { hasText: 'MAIRIE' }).textContent()).toContain('Favorable');
    expect(await matrix.locator('tr', { hasText: 'MAIRIE' }).textContent()).toContain(
      'page de vote',
    );
    expect(await page.textContent('body')).toContain('1 organisation sur 2 a répondu');

    // The centre social sent its avis by post: a réserve without its reason first.
    await page.getByLabel('Organisation', { exact: true }).selectOption('CS1');
    await page.getByLabel('Enjeu', { exact: true }).selectOption('tous');
    await page.getByLabel('Favorable avec réserves (à motiver)').check();
    await page.getByLabel('Reçu par (courrier, mail…)').fill('courrier du 3 décembre');
    await page.getByRole('button', { name: "Enregistrer l'avis" }).click();
    await page.waitForSelector('#erreur-avis');
    expect(await page.locator('#erreur-avis').textContent()).toMatch(/motiv/);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Commentaire', { exact: true }).fill('Sous réserve des moyens.');
    await page.getByRole('button', { name: "Enregistrer l'avis" }).click();
    await page.waitForSelector('#message');
    expect(await matrix.locator('tr', { hasText: 'CS1' }).textContent()).toContain(
      'courrier du 3 décembre',
    );
    expect(await page.textContent('body')).toContain('2 organisations sur 2 ont répondu');
    // The chart of each enjeu: an image named by its text alternative, also written under it.
    const chart = page.getByRole('img', { name: /Diagramme en barres des avis sur/ }).first();
    expect(await chart.isVisible()).toBe(true);
    expect(await page.locator('#graphique-1 figcaption').textContent()).toContain(
      'Favorable avec réserves 1 (50\u00a0%)',
    );

    // The export, as the pilot downloads it.
    const csvHref = await page
      .getByRole('link', { name: /Télécharger le tableau des avis/ })
      .getAttribute('href');
    const csv = await page.request.get(`${base}${csvHref}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-disposition']).toContain('.csv');
    expect(await csv.text()).toContain('Sous réserve des moyens.');

    // Close.
    const mailsBefore = mailsTo('avs@mairie.test').length;
    await page.getByRole('button', { name: 'Clore la consultation maintenant' }).click();
    await page.waitForSelector('#message');
    expect(await page.locator('#etat').textContent()).toContain('close');
    expect(await axeViolations(page)).toEqual([]);
    await waitFor(
      'the results e-mailed to the mairie',
      () => mailsTo('avs@mairie.test').length > mailsBefore,
    );

    // The agréments page, then sign out.
    await page.getByRole('link', { name: 'Agréments à renouveler' }).click();
    await page.waitForSelector('h1:text("Agréments à renouveler")');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForSelector('h1:text("Connexion à la console des pilotes")');
    await page.goto(`${base}/console`);
    expect(new URL(page.url()).pathname).toBe('/console/connexion');
  }, 120_000);
});
