import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { ParsedMail } from 'mailparser';
import { startTestSmtp, type TestSmtp } from '../support/smtp-server';
import { axeViolations } from '../support/axe';
import { chromium, type Browser } from 'playwright-core';
import { CLI_ACTOR } from '../../src/app/deps';
import { addContact } from '../../src/app/add-contact';
import { launchRound } from '../../src/app/launch-round';
import { remindRound } from '../../src/app/remind-round';
import { closeRound } from '../../src/app/close-round';
import { ballotKey } from '../../src/app/ballot-links';
import { ballotUrlFor } from '../../src/app/web-ballot';
import { EmailNotifier } from '../../src/adapters/email/notifier';
import { mountBallot } from '../../src/http/ballot';
import { createHttpApp, listen, type RunningServer } from '../../src/http/server';
import {
  createDraftRound,
  createHarness,
  recordingNotifier,
  seedOrganisations,
  silentLog,
  waitFor,
  type Harness,
} from '../queue/support/harness';

/**
 * E-mail partners answer a round from their links in headless Chromium (Debian's package):
 * invitations through a real SMTP server, the ballot on the real web server, reminders only to
 * who has not answered, results by e-mail at the close; axe-core checks every ballot page.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`Test du vote par courriel dans le navigateur ignoré : ${CHROMIUM} absent.`);
const describeWithChromium = hasChromium ? describe : describe.skip;

describeWithChromium('e-mail partners answer from their links, in a real browser', () => {
  let h: Harness;
  let browser: Browser;
  let server: RunningServer;
  let smtp: TestSmtp;
  let email: EmailNotifier;
  const key = ballotKey({ secret: 'browser-test-link-secret', databaseUrl: '' });

  beforeAll(async () => {
    h = await createHarness();
    smtp = await startTestSmtp();
    const app = await createHttpApp({
      deps: h.deps,
      log: silentLog,
      redis: { ping: async () => 'PONG' },
      mount: (a) => mountBallot(a, { deps: h.deps, log: silentLog, key }),
    });
    server = await listen(app, 0, '127.0.0.1');
    const base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    email = new EmailNotifier({
      smtpUrl: smtp.url,
      from: 'Caf du Val-de-Marne <concerto@caf94.test>',
      mailDir: '/nonexistent',
      ballotUrl: async (target, roundId) => {
        const contactId = (target.reference as { contactId: string }).contactId;
        return ballotUrlFor(h.deps, { key, publicUrl: base, contactId, roundId });
      },
      log: silentLog,
    });
    await h.start({ notifiers: { console: recordingNotifier(), email } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    email?.close();
    await server?.close();
    await smtp?.close();
    await h.close();
  });

  const mailsTo = (to: string) => smtp.mailsTo(to);
  const linkIn = (mail: ParsedMail) =>
    /href="([^"]+\/vote\/[^"]+)"/.exec(String(mail.html))?.[1]?.replace(/&amp;/g, '&');

  it('invites, takes a field error then the avis, reminds only who has not answered, and e-mails the results', async () => {
    await seedOrganisations(h, ['CS1', 'MAIRIE', 'MDL']);
    await addContact(h.deps, {
      tenantId: h.tenantId,
      organisationCode: 'MAIRIE',
      email: 'avs@mairie.test',
      name: 'Mme Lefèvre',
      actor: CLI_ACTOR,
    });
    await addContact(h.deps, {
      tenantId: h.tenantId,
      organisationCode: 'MDL',
      email: 'direction@mdl.test',
      actor: CLI_ACTOR,
    });
    const round = await createDraftRound(h, {
      codes: ['CS1', 'MAIRIE', 'MDL'],
      deadline: new Date(Date.now() + 3_600_000),
      reminderSchedule: 'aucun',
    });
    await launchRound(h.deps, { tenantId: h.tenantId, roundId: round.id, actor: CLI_ACTOR });
    await waitFor(
      'both invitations e-mailed',
      () => mailsTo('avs@mairie.test').length === 1 && mailsTo('direction@mdl.test').length === 1,
    );

    // Mme Lefèvre opens her link: a défavorable without its reason first.
    const link = linkIn(mailsTo('avs@mairie.test')[0]!.mail)!;
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(link);
    expect(await page.locator('h1').textContent()).toContain('Consultation n° 1');
    expect(await axeViolations(page)).toEqual([]);
    const fieldsets = page.locator('fieldset');
    const n = await fieldsets.count();
    expect(n).toBeGreaterThanOrEqual(3);
    await fieldsets.nth(0).getByLabel('Favorable', { exact: true }).check();
    await fieldsets.nth(1).getByLabel('Défavorable (à motiver)').check();
    await page.getByRole('button', { name: /Enregistrer les avis/ }).click();
    await page.waitForSelector('#erreurs');
    expect(await page.locator('#erreurs').textContent()).toContain('doit être motivé');
    expect(await fieldsets.nth(0).getByLabel('Favorable', { exact: true }).isChecked()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(await h.tdb.db.avis.count({ where: { roundId: round.id } })).toBe(0);

    await page
      .getByLabel("Commentaire sur l'enjeu 2")
      .fill('Le calendrier est trop serré pour les communes.');
    for (let i = 2; i < n; i += 1) await fieldsets.nth(i).getByLabel('Abstention').check();
    await page.getByRole('button', { name: /Enregistrer les avis/ }).click();
    await page.waitForSelector('#confirmation');
    expect(await page.locator('#confirmation').textContent()).toContain('Avis enregistré');
    expect(await axeViolations(page)).toEqual([]);
    await waitFor('the receipt', () =>
      mailsTo('avs@mairie.test').some((m) => m.mail.subject?.startsWith('Avis enregistré')),
    );

    // The MDL answers one enjeu only.
    const page2 = await browser.newPage();
    await page2.goto(linkIn(mailsTo('direction@mdl.test')[0]!.mail)!);
    await page2.locator('fieldset').nth(0).getByLabel('Favorable', { exact: true }).check();
    await page2.getByRole('button', { name: /Enregistrer les avis/ }).click();
    await page2.waitForSelector('#confirmation');

    const avis = await h.tdb.db.avis.findMany({
      where: { roundId: round.id },
      include: { organisation: true },
    });
    expect(avis.filter((a) => a.organisation.code === 'MAIRIE')).toHaveLength(n);
    expect(avis.every((a) => a.channel === 'web')).toBe(true);

    await waitFor('the MDL receipt', () => mailsTo('direction@mdl.test').length === 2);
    // A reminder: only the MDL (and the console organisation, which said nothing) get it.
    const before = smtp.received.length;
    await remindRound(h.deps, {
      tenantId: h.tenantId,
      roundId: round.id,
      step: 'manual-test',
      actor: CLI_ACTOR,
    });
    await waitFor('the MDL reminded', () => mailsTo('direction@mdl.test').length === 3);
    const reminder = mailsTo('direction@mdl.test')[2]!.mail;
    expect(reminder.inReplyTo).toBe(mailsTo('direction@mdl.test')[0]!.mail.messageId);
    expect(linkIn(reminder)).toBeTruthy();
    expect(smtp.received.slice(before).map((r) => r.to)).toEqual(['direction@mdl.test']);

    // The close e-mails the results to both.
    await closeRound(h.deps, { tenantId: h.tenantId, roundId: round.id, actor: CLI_ACTOR });
    await waitFor('results e-mailed', () =>
      ['avs@mairie.test', 'direction@mdl.test'].every((to) =>
        mailsTo(to).some(
          (m) =>
            /résultats|Résultats/.test(`${m.mail.subject} ${m.mail.text}`) &&
            m.mail.subject !== reminder.subject,
        ),
      ),
    );
    // The link now says the round is closed.
    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('Ce lien ne permet plus de voter');
    expect(await axeViolations(page)).toEqual([]);
  }, 90_000);
});
