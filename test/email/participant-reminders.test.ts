import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { CLI_ACTOR } from '../../src/app/deps';
import { ballotKey } from '../../src/app/ballot-links';
import { personalLinkFor } from '../../src/app/email-links';
import { importGrid } from '../../src/app/import-grid';
import { reminderSummary, remindRound } from '../../src/app/remind-round';
import { createAndLaunchSurvey } from '../../src/app/survey/create-survey';
import { createParticipantCodes } from '../../src/app/survey/participants';
import { EmailNotifier } from '../../src/adapters/email/notifier';
import { mountBallot } from '../../src/http/ballot';
import { createHttpApp, listen, type RunningServer } from '../../src/http/server';
import { CookieJar, consoleClient, formToken } from '../support/console-client';
import { startTestSmtp, type TestSmtp } from '../support/smtp-server';
import {
  createHarness,
  recordingNotifier,
  silentLog,
  sleep,
  waitFor,
  type Harness,
} from '../queue/support/harness';

/**
 * Participants of a per-person evaluation (issue [11]) may leave an e-mail address under their
 * grid to be reminded before the deadline: the reminder goes through the outbox and the delivery
 * worker to a real SMTP server, only to who left an address and has not finished, once per
 * step, with a signed link that reopens their grid. Anonymous rounds never ask for one.
 */
const key = ballotKey({ secret: 'participant-reminders-test', databaseUrl: '' });
const GRID = readFileSync(`${__dirname}/../../src/data/grille-evaluation-94.yaml`, 'utf8');

let h: Harness;
let server: RunningServer;
let smtp: TestSmtp;
let email: EmailNotifier;
let base: string;

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
  base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  email = new EmailNotifier({
    smtpUrl: smtp.url,
    from: 'Caf du Val-de-Marne <concerto@caf94.test>',
    mailDir: '/nonexistent',
    // As the worker's notifier does (cli/commands/processes.ts).
    ballotUrl: (target, roundId) =>
      personalLinkFor(h.deps, { key, publicUrl: base, reference: target.reference, roundId }),
    log: silentLog,
  });
  await h.start({ notifiers: { console: recordingNotifier(), email } });
  await importGrid(h.deps, {
    tenantId: h.tenantId,
    text: GRID,
    fileName: 'grille.yaml',
    actor: CLI_ACTOR,
  });
}, 60_000);
afterAll(async () => {
  email?.close();
  await server?.close();
  await smtp?.close();
  await h?.close();
});

const { get, post, joinEvent } = consoleClient({ base: () => base, deps: () => h.deps, key });

async function perPersonSurvey(anonymous: boolean, codes = 3) {
  const { created } = await createAndLaunchSurvey(h.deps, {
    tenantId: h.tenantId,
    gridCode: 'evaluation-94',
    answerMode: 'person',
    anonymous,
    deadline: new Date(Date.now() + 86_400_000),
    reminderSchedule: 'aucun',
    actor: CLI_ACTOR,
  });
  const t = await createParticipantCodes(h.deps, {
    tenantId: h.tenantId,
    round: String(created.round.number),
    table: 'Table 1',
    count: codes,
    actor: CLI_ACTOR,
  });
  return { round: created.round, eventCode: created.round.eventCode!, codes: t.codes };
}

/** A participant in: their jar, their grid page, its two forms' tokens. */
async function participantIn(eventCode: string, code: string, name = '') {
  const { jar } = await joinEvent(eventCode, code, name);
  const page = await get(`/grille/${eventCode}/reponse`, jar);
  expect(page.status).toBe(200);
  const html = await page.text();
  const row = await h.tdb.db.surveyParticipant.findFirstOrThrow({
    where: { code: code.replace('-', '') },
  });
  return {
    jar,
    html,
    id: row.id,
    gridToken: formToken(html),
    emailToken:
      /action="[^"]*\/rappel"[^>]*>\s*<input type="hidden" name="jeton" value="([^"]+)"/.exec(
        html,
      )?.[1],
  };
}

const participantRow = (id: string) =>
  h.tdb.db.surveyParticipant.findUniqueOrThrow({ where: { id } });
const destinationsOf = (participantId: string) =>
  h.tdb.db.destination.findMany({ where: { workspaceId: `participant:${participantId}` } });

const linkIn = (html: string) =>
  /href="([^"]+\/grille\/[a-z0-9]{12}\/reprendre\/[^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');

describe('a participant’s reminder address (not anonymous)', () => {
  let other: Awaited<ReturnType<typeof perPersonSurvey>>;
  let round: Awaited<ReturnType<typeof perPersonSurvey>>;
  let draft: Awaited<ReturnType<typeof participantIn>>;
  let resumeLink: string;

  it('asks for it under the grid, refuses a malformed one in French under the field, storing nothing', async () => {
    round = await perPersonSurvey(false);
    const p = await participantIn(round.eventCode, round.codes[2]!, 'Sans Adresse');
    expect(p.html).toContain('Votre adresse électronique (facultatif)');
    expect(p.html).toContain(
      'Elle sert uniquement à vous rappeler de terminer votre grille avant la date limite et à vous envoyer le lien pour la reprendre.',
    );
    expect(p.html).toContain('type="email" id="courriel" name="courriel"');
    expect(p.emailToken).toBeTruthy();
    expect(p.emailToken).not.toBe(p.gridToken);

    const bad = await post(
      `/grille/${round.eventCode}/rappel`,
      { jeton: p.emailToken!, courriel: 'marie.durand@' },
      p.jar,
    );
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain(
      '<p class="champ-erreur" id="courriel-err">Adresse électronique invalide : « marie.durand@ » (attendu : nom@domaine.fr).</p>',
    );
    expect(html).toContain('aria-invalid="true" value="marie.durand@"');
    expect(html).toContain('Adresse non enregistrée');
    expect((await participantRow(p.id)).email).toBeNull();
    expect(await destinationsOf(p.id)).toEqual([]);

    // Without the form's token (another site's form): refused, nothing stored.
    const forged = await post(
      `/grille/${round.eventCode}/rappel`,
      { jeton: p.gridToken, courriel: 'marie@exemple.test' },
      p.jar,
    );
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('votre adresse n’a pas été enregistrée');
    expect((await participantRow(p.id)).email).toBeNull();

    // A draft, without an address.
    const saved = await post(
      `/grille/${round.eventCode}/reponse`,
      { jeton: p.gridToken, 'case-1-1': 'Sans adresse', action: 'brouillon' },
      p.jar,
    );
    expect(saved.status).toBe(303);
  });

  it('keeps a valid address (trimmed, lower-cased) with an e-mail destination, and says so', async () => {
    draft = await participantIn(round.eventCode, round.codes[1]!, 'Zoé');
    const res = await post(
      `/grille/${round.eventCode}/rappel`,
      { jeton: draft.emailToken!, courriel: '  Zoe.Martin@Exemple.TEST ' },
      draft.jar,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(
      `/grille/${round.eventCode}/reponse?fait=adresse#rappel`,
    );
    expect((await participantRow(draft.id)).email).toBe('zoe.martin@exemple.test');
    expect(
      (await destinationsOf(draft.id)).map((d) => [d.platform, d.address, d.active, d.reference]),
    ).toEqual([['email', 'zoe.martin@exemple.test', true, { participantId: draft.id }]]);
    const page = await (
      await get(`/grille/${round.eventCode}/reponse?fait=adresse`, draft.jar)
    ).text();
    expect(page).toContain('Adresse enregistrée');
    expect(page).toContain('Rappels envoyés à zoe.martin@exemple.test');

    const saved = await post(
      `/grille/${round.eventCode}/reponse`,
      { jeton: draft.gridToken, 'case-1-1': 'Les habitants du quartier', action: 'brouillon' },
      draft.jar,
    );
    expect(saved.status).toBe(303);
  });

  it('reminds by e-mail only the participant with an address who has not finished, once per step', async () => {
    // A finished participant with an address gets nothing.
    const done = await participantIn(round.eventCode, round.codes[0]!, 'Fini');
    expect(
      (
        await post(
          `/grille/${round.eventCode}/rappel`,
          { jeton: done.emailToken!, courriel: 'fini@exemple.test' },
          done.jar,
        )
      ).status,
    ).toBe(303);
    expect(
      (
        await post(
          `/grille/${round.eventCode}/reponse`,
          { jeton: done.gridToken, 'case-1-1': 'Terminé', action: 'terminer' },
          done.jar,
        )
      ).status,
    ).toBe(303);

    const step = { tenantId: h.tenantId, roundId: round.round.id, step: 'P2D', actor: CLI_ACTOR };
    const r = await remindRound(h.deps, step);
    expect(r.deliveryIds).toHaveLength(1);
    expect('participants' in r && r.participants).toEqual({ reminded: 1, withoutAddress: 1 });
    expect(reminderSummary(round.round.number, r)).toEqual([
      `Relance de l’évaluation n° ${round.round.number} envoyée par courriel à 1 participant qui n’a pas terminé.`,
      '1 participant sans grille terminée n’a pas laissé d’adresse.',
    ]);
    await waitFor('the reminder e-mailed', async () => smtp.received.length >= 1);
    const row = await h.tdb.db.delivery.findUniqueOrThrow({ where: { id: r.deliveryIds[0]! } });
    const dest = (await destinationsOf(draft.id))[0]!;
    expect(row.dedupeKey).toBe(`round:${round.round.id}:reminder:P2D:${dest.id}`);

    // The same step again (a retried job, the sweep): nothing new.
    const again = await remindRound(h.deps, step);
    expect(again.deliveryIds).toEqual([]);
    await sleep(1500);
    expect(smtp.received.map((m) => m.to)).toEqual(['zoe.martin@exemple.test']);
    const mail = smtp.received[0]!.mail;
    expect(mail.subject).toMatch(new RegExp(`^Rappel : évaluation n° ${round.round.number}, `));
    expect(mail.text).toContain('Votre grille est enregistrée en brouillon');
    resumeLink = linkIn(String(mail.html))!;
    expect(resumeLink).toMatch(
      new RegExp(`^${base}/grille/${round.eventCode}/reprendre/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`),
    );
    expect(mail.text).toContain(resumeLink);
  });

  it('reopens the grid from the e-mail’s link, in a browser with no session', async () => {
    const jar = new CookieJar();
    const res = await get(new URL(resumeLink).pathname, jar);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/grille/${round.eventCode}/reponse`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('concerto_grille='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toContain(`Path=/grille/${round.eventCode}`);
    jar.take(res);
    const grid = await get(`/grille/${round.eventCode}/reponse`, jar);
    expect(grid.status).toBe(200);
    const html = await grid.text();
    expect(html).toContain('Les habitants du quartier');
    expect(html).toContain('Vous répondez en votre nom (Zoé, Table 1).');
  });

  it('answers a tampered link or another event’s with a French 404 page, setting no cookie', async () => {
    other = await perPersonSurvey(false, 1);
    const path = new URL(resumeLink).pathname;
    const token = path.split('/').pop()!;
    const tampered = `${token.slice(0, -3)}${token.endsWith('aaa') ? 'bbb' : 'aaa'}`;
    for (const url of [
      `/grille/${round.eventCode}/reprendre/${tampered}`,
      `/grille/${other.eventCode}/reprendre/${token}`,
      `/grille/${round.eventCode}/reprendre/x`,
    ]) {
      const res = await get(url);
      expect(res.status).toBe(404);
      expect(res.headers.getSetCookie()).toEqual([]);
      const html = await res.text();
      expect(html).toContain('<html lang="fr">');
      expect(html).toMatch(/Ce lien de reprise ne correspond à aucune grille de cette journée/);
    }
    // A session cookie is not a resume link.
    const session = draft.jar.cookies.get('concerto_grille')!;
    const asLink = await get(`/grille/${round.eventCode}/reprendre/${session}`);
    expect(asLink.status).toBe(404);
    expect(asLink.headers.getSetCookie()).toEqual([]);
  });

  it('forgets the address when the field is emptied: no more reminders', async () => {
    const res = await post(
      `/grille/${round.eventCode}/rappel`,
      { jeton: draft.emailToken!, courriel: '' },
      draft.jar,
    );
    expect(res.headers.get('location')).toBe(
      `/grille/${round.eventCode}/reponse?fait=adresse-effacee#rappel`,
    );
    expect((await participantRow(draft.id)).email).toBeNull();
    expect((await destinationsOf(draft.id)).map((d) => d.active)).toEqual([false]);
    // The links already sent no longer open anything.
    const old = await get(new URL(resumeLink).pathname);
    expect(old.status).toBe(404);
    expect(old.headers.getSetCookie()).toEqual([]);
    const r = await remindRound(h.deps, {
      tenantId: h.tenantId,
      roundId: round.round.id,
      step: 'morning',
      actor: CLI_ACTOR,
    });
    expect(r.deliveryIds).toEqual([]);
    expect('participants' in r && r.participants).toEqual({ reminded: 0, withoutAddress: 2 });
  });
});

describe('an anonymous per-person round', () => {
  it('never shows the field, refuses an address posted anyway, and reminds no one', async () => {
    const { round, eventCode, codes } = await perPersonSurvey(true, 1);
    const p = await participantIn(eventCode, codes[0]!);
    expect(p.html).not.toContain('courriel');
    expect(p.html).not.toContain('adresse électronique');
    expect(p.emailToken).toBeUndefined();

    const res = await post(
      `/grille/${eventCode}/rappel`,
      { jeton: p.gridToken, courriel: 'anonyme@exemple.test' },
      p.jar,
    );
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain(
      `L’évaluation n° ${round.number} est anonyme : aucune adresse électronique n’est demandée ni gardée.`,
    );
    expect((await participantRow(p.id)).email).toBeNull();
    expect(await destinationsOf(p.id)).toEqual([]);

    // Even an address written into the table by hand is never used.
    await h.tdb.db.surveyParticipant.update({
      where: { id: p.id },
      data: { email: 'anonyme@exemple.test' },
    });
    await h.tdb.db.destination.create({
      data: {
        tenantId: h.tenantId,
        platform: 'email',
        workspaceId: `participant:${p.id}`,
        address: 'anonyme@exemple.test',
        reference: { participantId: p.id },
      },
    });
    const before = smtp.received.length;
    const r = await remindRound(h.deps, {
      tenantId: h.tenantId,
      roundId: round.id,
      step: 'P2D',
      actor: CLI_ACTOR,
    });
    expect(r.deliveryIds).toEqual([]);
    expect('participants' in r && r.participants).toEqual({ reminded: 0, withoutAddress: 0 });
    await sleep(500);
    expect(smtp.received.length).toBe(before);
  });
});
