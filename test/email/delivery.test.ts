import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { startTestSmtp } from '../support/smtp-server';
import { CLI_ACTOR } from '../../src/app/deps';
import { addContact } from '../../src/app/add-contact';
import { launchRound } from '../../src/app/launch-round';
import { EmailNotifier } from '../../src/adapters/email/notifier';
import {
  createDraftRound,
  createHarness,
  recordingNotifier,
  seedOrganisations,
  silentLog,
  waitFor,
  type Harness,
} from '../queue/support/harness';

/** Refuses `refuse@…` (550) and `later@…` (451). */
const startSmtp = () =>
  startTestSmtp({
    refuse: (address) =>
      address.startsWith('refuse@')
        ? { code: 550, message: '5.1.1 Mailbox unknown' }
        : address.startsWith('later@')
          ? { code: 451, message: '4.2.0 Try again later' }
          : undefined,
  });

describe('e-mail channel: invitations and reminders through the delivery queue to a real SMTP server', () => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let email: EmailNotifier;
  beforeAll(async () => {
    h = await createHarness();
    smtp = await startSmtp();
    email = new EmailNotifier({
      smtpUrl: smtp.url,
      from: 'Caf du Val-de-Marne <concerto@caf94.test>',
      mailDir: mkdtempSync(path.join(tmpdir(), 'concerto-mail-')),
      ballotUrl: async (target, roundId) => `https://concerto.test/b/${roundId}/${target.address}`,
      log: silentLog,
    });
    await h.start({ notifiers: { console: recordingNotifier(), email } });
  });
  afterAll(async () => {
    email.close();
    await smtp.close();
    await h.close();
  });

  it('sends each contact its own accessible French invitation, and fails a refused address with the reason', async () => {
    await seedOrganisations(h, ['CS1', 'CS2']);
    for (const [code, address] of [
      ['CS1', 'direction@cs1.test'],
      ['CS1', 'refuse@cs1.test'],
      ['CS2', 'accueil@cs2.test'],
    ] as const)
      await addContact(h.deps, {
        tenantId: h.tenantId,
        organisationCode: code,
        email: address,
        actor: CLI_ACTOR,
      });
    const round = await createDraftRound(h, {
      codes: ['CS1', 'CS2'],
      deadline: new Date(Date.now() + 3_600_000),
      reminderSchedule: 'aucun',
    });
    const { deliveryIds } = await launchRound(h.deps, {
      tenantId: h.tenantId,
      roundId: round.id,
      actor: CLI_ACTOR,
    });
    // 2 console destinations + 3 contacts.
    expect(deliveryIds).toHaveLength(5);
    await waitFor(
      'every invitation settled',
      async () =>
        (await h.tdb.db.delivery.count({
          where: { id: { in: deliveryIds }, status: { in: ['sent', 'failed'] } },
        })) === 5,
    );
    const rows = await h.tdb.db.delivery.findMany({
      where: { id: { in: deliveryIds }, destination: { platform: 'email' } },
      include: { destination: true },
    });
    const refused = rows.find((r) => r.destination.address === 'refuse@cs1.test')!;
    expect(refused.status).toBe('failed');
    expect(refused.lastError).toContain('Refusé par le serveur SMTP (550)');
    expect(refused.lastError).toContain('Mailbox unknown');
    expect(refused.attempts).toBeLessThanOrEqual(1);

    expect(smtp.received.map((r) => r.to).sort()).toEqual([
      'accueil@cs2.test',
      'direction@cs1.test',
    ]);
    const m = smtp.received.find((r) => r.to === 'direction@cs1.test')!.mail;
    const row = rows.find((r) => r.destination.address === 'direction@cs1.test')!;
    expect(row.status).toBe('sent');
    expect(m.messageId).toBe(`<${row.id}@caf94.test>`);
    expect(row.platformMessageId).toBe(m.messageId);
    expect(m.from?.text).toContain('concerto@caf94.test');
    expect(m.subject).toBeTruthy();
    const html = String(m.html);
    expect(html).toContain('<html lang="fr">');
    expect(html).toMatch(/<h1[^>]*>/);
    expect(html).toMatch(/<h2[^>]*>/); // one heading per enjeu
    // The personal link says where it goes, in the HTML and in the text part.
    expect(html).toContain(`href="https://concerto.test/b/${round.id}/direction@cs1.test"`);
    expect(html).toContain('sur la page de vote de Concerto</a>');
    expect(m.text).toContain(`https://concerto.test/b/${round.id}/direction@cs1.test`);
    expect(m.text).not.toContain('<');
  });

  it('retries a temporary refusal (4xx) instead of failing it at once', async () => {
    await seedOrganisations(h, ['CS3']);
    await addContact(h.deps, {
      tenantId: h.tenantId,
      organisationCode: 'CS3',
      email: 'later@cs3.test',
      actor: CLI_ACTOR,
    });
    const round = await createDraftRound(h, {
      codes: ['CS3'],
      deadline: new Date(Date.now() + 3_600_000),
      reminderSchedule: 'aucun',
    });
    await launchRound(h.deps, { tenantId: h.tenantId, roundId: round.id, actor: CLI_ACTOR });
    const row = await waitFor('an attempt made', async () => {
      const r = await h.tdb.db.delivery.findFirst({
        where: {
          destination: { address: 'later@cs3.test' },
          status: 'pending',
          lastError: { not: null },
        },
      });
      return r ?? undefined;
    });
    expect(row.status).toBe('pending');
    expect(row.lastError).toContain('Refus temporaire du serveur SMTP (451)');
  });
});

describe('e-mail channel without SMTP_URL: .eml files', () => {
  it('writes the message as an .eml file and prints its address and link', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'concerto-eml-'));
    const lines: string[] = [];
    const n = new EmailNotifier({
      from: 'Concerto <concerto@localhost>',
      mailDir: dir,
      ballotUrl: async () => 'http://localhost:3000/b/xyz',
      log: silentLog,
      announce: (l) => lines.push(l),
    });
    const { messageId } = await n.send(
      { workspaceId: 'org', address: 'a@b.test' },
      {
        kind: 'round.invitation',
        locale: 'fr',
        title: 'Consultation n° 1 : <projet>',
        text: ['Ligne 1\nLigne 2'],
        fields: [{ label: 'Date limite', value: 'lundi 14 décembre 2026 à 18:00' }],
        sections: [{ title: 'Enjeu 1', text: 'Texte' }],
        actions: [{ type: 'avis.open', label: 'Donner notre avis', roundId: 'r1' }],
        fallback: '',
      },
      { deliveryId: 'd-1' },
    );
    expect(messageId).toBe('<d-1@localhost>');
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    expect(JSON.parse(readFileSync(path.join(dir, `${files[0]!}.json`), 'utf8'))).toMatchObject({
      to: 'a@b.test',
      subject: 'Consultation n° 1 : <projet>',
      ballotUrl: 'http://localhost:3000/b/xyz',
    });
    const parsed = await simpleParser(readFileSync(path.join(dir, files[0]!)));
    expect(parsed.subject).toBe('Consultation n° 1 : <projet>');
    expect(String(parsed.html)).toContain('Consultation n° 1 : &lt;projet&gt;');
    expect(String(parsed.html)).toContain('Ligne 1<br>Ligne 2');
    expect(lines.join('\n')).toContain('courriel pour a@b.test');
    expect(lines.join('\n')).toContain('lien de vote : http://localhost:3000/b/xyz');
    // An update (progress) sends nothing: e-mail cannot edit.
    await n.send(
      { workspaceId: 'org', address: 'a@b.test', updateMessageId: '<d-1@localhost>' },
      {
        kind: 'round.progress',
        locale: 'fr',
        title: 't',
        text: [],
        fields: [],
        sections: [],
        actions: [],
        fallback: '',
      },
    );
    expect(readdirSync(dir)).toHaveLength(2);
    n.close();
  });
});
