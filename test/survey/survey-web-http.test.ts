import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { CLI_ACTOR } from '../../src/app/deps';
import { addContact } from '../../src/app/add-contact';
import { addPilot } from '../../src/app/console-auth';
import { ballotKey } from '../../src/app/ballot-links';
import { ballotUrlFor } from '../../src/app/web-ballot';
import { importGrid } from '../../src/app/import-grid';
import { launchRound } from '../../src/app/launch-round';
import { createAndLaunchSurvey } from '../../src/app/survey/create-survey';
import { createParticipantCodes } from '../../src/app/survey/participants';
import { mountBallot } from '../../src/http/ballot';
import { mountConsole } from '../../src/http/console';
import { createHttpApp, listen, type RunningServer } from '../../src/http/server';
import { CookieJar, consoleClient, formToken } from '../support/console-client';
import {
  createDraftRound,
  createHarness,
  seedOrganisations,
  silentLog,
  type Harness,
} from '../queue/support/harness';

/**
 * A survey's web pages over HTTP, as a browser without JavaScript uses them: the journée's event
 * page (code, throttled guesses, signed session), the participant's grid (CSRF, field errors
 * kept as typed, draft then finished), the organisation's grid from its e-mail link, the pilot's
 * codes sheet; every refusal answers a French page with a 4xx and changes nothing stored.
 */
const key = ballotKey({ secret: 'survey-web-http-test', databaseUrl: '' });
const GRID = readFileSync(`${__dirname}/../../src/data/grille-evaluation-94.yaml`, 'utf8');

let h: Harness;
let server: RunningServer;
let base: string;

beforeAll(async () => {
  h = await createHarness();
  const app = await createHttpApp({
    deps: h.deps,
    log: silentLog,
    redis: { ping: async () => 'PONG' },
    mount: (a) => {
      mountBallot(a, {
        deps: h.deps,
        log: silentLog,
        key,
        surveyCodeThrottle: { perAddressAndEvent: 3, perAddress: 100, windowMs: 15 * 60_000 },
      });
      mountConsole(a, { deps: h.deps, log: silentLog, key });
    },
  });
  server = await listen(app, 0, '127.0.0.1');
  base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  h.deps.publicUrl = base;
  await importGrid(h.deps, {
    tenantId: h.tenantId,
    text: GRID,
    fileName: 'grille.yaml',
    actor: CLI_ACTOR,
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await h?.close();
});

const { get, post, signIn, joinEvent } = consoleClient({
  base: () => base,
  deps: () => h.deps,
  key,
});

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

const join = joinEvent;

const responses = (roundId: string) =>
  h.tdb.db.surveyResponse.findMany({ where: { roundId }, include: { cells: true } });

describe('the journée’s event page', () => {
  it('lets a participant in with their code: a signed HttpOnly SameSite=Lax cookie, no code in the URL', async () => {
    const { eventCode, codes } = await perPersonSurvey(false);
    const page = await get(`/grille/${eventCode}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Évaluation n°');
    expect(html).toContain('Caf du Val-de-Marne');
    expect(html).toContain('Votre nom (facultatif)');
    expect(page.headers.get('cache-control')).toBe('no-store');

    const { res } = await join(eventCode, codes[0]!.toLowerCase().replace('-', ''), 'Zoé');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/grille/${eventCode}/reponse`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('concerto_grille='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toContain(`Path=/grille/${eventCode}`);
    expect(cookie).not.toContain(codes[0]!.replace('-', ''));
    const p = await h.tdb.db.surveyParticipant.findFirstOrThrow({
      where: { code: codes[0]!.replace('-', '') },
    });
    expect(p.name).toBe('Zoé');
    expect(p.firstSeenAt).not.toBeNull();
  });

  it('answers in English to a browser that prefers it (Accept-Language), its grid and refusals too', async () => {
    const { eventCode, codes } = await perPersonSurvey(false);
    const en = { 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' };
    const page = await fetch(`${base}/grille/${eventCode}`, { headers: en });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Evaluation no.');
    expect(html).toContain('Your name (optional)');
    expect(html).toContain('Deadline: <strong>');
    expect(html).toContain('>Open my grid</button>');
    expect(html).not.toContain('Votre');
    // French first: the same page for a browser that prefers French, or names neither.
    for (const al of ['fr-FR,fr;q=0.9,en;q=0.8', 'de-DE']) {
      const fr = await (
        await fetch(`${base}/grille/${eventCode}`, { headers: { 'accept-language': al } })
      ).text();
      expect(fr).toContain('<html lang="fr">');
      expect(fr).toContain('Votre nom (facultatif)');
    }
    // The participant's grid follows.
    const jar = new CookieJar();
    const entry = await fetch(`${base}/grille/${eventCode}`, { headers: en });
    jar.take(entry);
    const joined = await fetch(`${base}/grille/${eventCode}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        ...en,
        'content-type': 'application/x-www-form-urlencoded',
        cookie: jar.header(),
      },
      body: new URLSearchParams({
        jeton: formToken(await entry.text()),
        code: codes[0]!,
        nom: '',
      }).toString(),
    });
    expect(joined.status).toBe(303);
    jar.take(joined);
    const grid = await (
      await fetch(`${base}/grille/${eventCode}/reponse`, {
        headers: { ...en, cookie: jar.header() },
      })
    ).text();
    expect(grid).toContain('<html lang="en">');
    expect(grid).toContain('Save the draft');
    expect(grid).toContain('You are answering without a name (Table 1).');
    // A refusal in English.
    const missing = await fetch(`${base}/grille/zzzzzzzzzzzz`, { headers: en });
    expect(missing.status).toBe(404);
    const refusal = await missing.text();
    expect(refusal).toContain('<html lang="en">');
    expect(refusal).toContain('Page not found');
    expect(refusal).not.toContain('Ce lien de journée');
  });

  it('refuses an unknown or malformed event with a French 404 page', async () => {
    for (const path of ['/grille/zzzzzzzzzzzz', '/grille/..%2fconsole', '/grille/ABC']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('Ce lien de journée ne correspond à aucune évaluation');
    }
    expect((await get('/grille/zzzzzzzzzzzz/reponse')).status).toBe(404);
  });

  it('refuses a wrong code in place (422, typed value kept), then throttles guesses per address (429); nothing stored', async () => {
    const { round, eventCode, codes } = await perPersonSurvey(false);
    const before = await h.tdb.db.surveyParticipant.findMany({ where: { roundId: round.id } });
    const wrong = await join(eventCode, 'AAAA-AAAA', 'Intrus');
    expect(wrong.res.status).toBe(422);
    const html = await wrong.res.text();
    expect(html).toContain('Ce code ne correspond à aucun participant');
    expect(html).toContain('value="AAAA-AAAA"');
    expect(html).toContain('aria-invalid="true"');
    await join(eventCode, 'AAAA-AAAC');
    await join(eventCode, 'AAAA-AAAD');
    // Past 3 wrong codes from this address, even the right one waits.
    const throttled = await join(eventCode, codes[0]!);
    expect(throttled.res.status).toBe(429);
    expect(await throttled.res.text()).toContain('Trop de codes essayés');
    expect(throttled.jar.cookies.has('concerto_grille')).toBe(false);
    expect(await h.tdb.db.surveyParticipant.findMany({ where: { roundId: round.id } })).toEqual(
      before,
    );
    expect(await responses(round.id)).toEqual([]);
    await h.tdb.db.$executeRaw`DELETE FROM invite_attempts`;
  });

  it('refuses a code without the page’s form token (403) and lets nobody in', async () => {
    const { eventCode, codes } = await perPersonSurvey(false);
    const res = await post(`/grille/${eventCode}`, { code: codes[0]!, nom: 'X' });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('concerto_grille='))).toBe(false);
  });
});

describe('a participant’s grid', () => {
  it('saves a draft, keeps a refused value as typed, finishes; CSRF and tampered sessions change nothing', async () => {
    const { round, eventCode, codes } = await perPersonSurvey(true);
    const { jar } = await join(eventCode, codes[1]!, 'Jamais gardé');
    const page = await get(`/grille/${eventCode}/reponse`, jar);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="case-1-1"');
    expect(html).toContain('Enregistrer le brouillon');
    expect(html).toContain('Terminer');
    const jeton = formToken(html);

    // No token: refused, nothing stored.
    const noCsrf = await post(`/grille/${eventCode}/reponse`, { 'case-1-1': 'Sans jeton' }, jar);
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.text()).toContain('Formulaire expiré');
    // A tampered session: back to the event page, nothing stored.
    const forged = new CookieJar();
    forged.cookies = new Map(jar.cookies);
    forged.cookies.set('concerto_grille', `${jar.cookies.get('concerto_grille')!.slice(0, -2)}xx`);
    const tampered = await post(
      `/grille/${eventCode}/reponse`,
      { jeton, 'case-1-1': 'Forgé' },
      forged,
    );
    expect(tampered.status).toBe(303);
    expect(tampered.headers.get('location')).toBe(`/grille/${eventCode}`);
    expect(await responses(round.id)).toEqual([]);

    // A rating off the scale: 422, errors listed and in place, values as typed, nothing stored.
    const bad = await post(
      `/grille/${eventCode}/reponse`,
      { jeton, 'case-1-1': 'Gardé tel quel', 'note-1-1': '9', action: 'brouillon' },
      jar,
    );
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="erreurs"');
    expect(badHtml).toContain('Choisissez une note de 1 à 4');
    expect(badHtml).toContain('>Gardé tel quel</textarea>');
    expect(await responses(round.id)).toEqual([]);

    const draft = await post(
      `/grille/${eventCode}/reponse`,
      { jeton, 'case-1-1': 'Les habitants', 'note-1-1': '3', action: 'brouillon' },
      jar,
    );
    expect(draft.status).toBe(303);
    expect(draft.headers.get('location')).toBe(
      `/grille/${eventCode}/reponse?fait=brouillon#confirmation`,
    );
    let [r] = await responses(round.id);
    expect(r!.finishedAt).toBeNull();
    expect(r!.cells.map((c) => [c.text, c.rating])).toEqual([['Les habitants', 3]]);
    const back = await (await get(`/grille/${eventCode}/reponse?fait=brouillon`, jar)).text();
    expect(back).toContain('Brouillon enregistré');
    expect(back).toContain('>Les habitants</textarea>');

    const done = await post(
      `/grille/${eventCode}/reponse`,
      { jeton, 'case-1-1': 'Les habitants', 'note-1-1': '3', action: 'terminer' },
      jar,
    );
    expect(done.status).toBe(303);
    [r] = await responses(round.id);
    expect(r!.finishedAt).not.toBeNull();
    const confirmed = await (await get(`/grille/${eventCode}/reponse?fait=termine`, jar)).text();
    expect(confirmed).toContain('Vous pouvez encore les modifier jusqu’à la date limite');
    // Anonymous round: no name stored.
    const p = await h.tdb.db.surveyParticipant.findFirstOrThrow({
      where: { code: codes[1]!.replace('-', '') },
    });
    expect(p.name).toBeNull();
  });

  it('refuses a session of one event posted to another event’s page; nothing stored', async () => {
    const a = await perPersonSurvey(false);
    const b = await perPersonSurvey(false);
    const { jar } = await join(a.eventCode, a.codes[0]!, 'Léa');
    const jeton = formToken(await (await get(`/grille/${a.eventCode}/reponse`, jar)).text());
    // The session cookie's path is the event's: sent along by hand, as a forger would.
    const res = await post(
      `/grille/${b.eventCode}/reponse`,
      { jeton, 'case-1-1': 'Ailleurs', action: 'brouillon' },
      jar,
    );
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('code');
    expect(await responses(a.round.id)).toEqual([]);
    expect(await responses(b.round.id)).toEqual([]);
  });

  it('refuses a closed, cancelled or past-deadline round with a French 410 page; nothing changes', async () => {
    for (const change of ['closed', 'cancelled', 'past'] as const) {
      const { round, eventCode, codes } = await perPersonSurvey(false);
      const { jar } = await join(eventCode, codes[0]!);
      const jeton = formToken(await (await get(`/grille/${eventCode}/reponse`, jar)).text());
      await h.tdb.db.round.update({
        where: { id: round.id },
        data:
          change === 'past'
            ? { deadline: new Date(Date.now() - 60_000) }
            : { status: change === 'closed' ? 'closed' : 'cancelled' },
      });
      const event = await get(`/grille/${eventCode}`);
      expect(event.status).toBe(410);
      expect(await event.text()).toMatch(/close|annulée|date limite/);
      const saved = await post(
        `/grille/${eventCode}/reponse`,
        { jeton, 'case-1-1': 'Trop tard', action: 'terminer' },
        jar,
      );
      expect(saved.status).toBe(410);
      expect(await saved.text()).toContain('Vos réponses déjà enregistrées sont gardées');
      expect(await responses(round.id)).toEqual([]);
    }
  });
});

describe('an organisation’s grid from its contact’s e-mail link', () => {
  it('opens the grid on /vote/<link>, saves and finishes for the organisation; another organisation’s link gets nothing', async () => {
    await seedOrganisations(h, ['ORG1', 'ORG2', 'HORS']);
    for (const [code, email] of [
      ['ORG1', 'direction@org1.test'],
      ['HORS', 'direction@hors.test'],
    ] as const)
      await addContact(h.deps, {
        tenantId: h.tenantId,
        organisationCode: code,
        email,
        name: 'Mme Durand',
        actor: CLI_ACTOR,
      });
    const { created } = await createAndLaunchSurvey(h.deps, {
      tenantId: h.tenantId,
      gridCode: 'evaluation-94',
      answerMode: 'organisation',
      organisations: { codes: ['ORG1', 'ORG2'] },
      deadline: new Date(Date.now() + 86_400_000),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    const roundId = created.round.id;
    const linkOf = async (email: string) => {
      const contact = await h.tdb.db.contact.findFirstOrThrow({ where: { email } });
      const url = await ballotUrlFor(h.deps, {
        key,
        publicUrl: base,
        contactId: contact.id,
        roundId,
      });
      return new URL(url!).pathname;
    };
    const path = await linkOf('direction@org1.test');
    const jar = new CookieJar();
    const page = await get(path, jar);
    jar.take(page);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(
      'Vous répondez pour Structure ORG1, en tant que Mme Durand (direction@org1.test).',
    );
    expect(html).toContain('name="case-4-4"');
    const jeton = formToken(html);

    const noCsrf = await post(path, { 'case-1-1': 'Sans jeton' }, jar);
    expect(noCsrf.status).toBe(403);
    expect(await responses(roundId)).toEqual([]);
    const tampered = await get(`${path.slice(0, -3)}abc`, jar);
    expect(tampered.status).toBe(404);

    const saved = await post(path, { jeton, 'case-2-2': 'Pour ORG1', action: 'terminer' }, jar);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${path}?fait=termine#confirmation`);
    const [r] = await responses(roundId);
    const org1 = await h.tdb.db.organisation.findFirstOrThrow({ where: { code: 'ORG1' } });
    expect(r!.organisationId).toBe(org1.id);
    expect(r!.finishedAt).not.toBeNull();
    expect(r!.cells.map((c) => c.text)).toEqual(['Pour ORG1']);

    // A contact of an organisation not invited to the survey: refused, nothing stored.
    const other = await linkOf('direction@hors.test');
    const refused = await get(other);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('n’est pas invitée');
    const otherJar = new CookieJar();
    otherJar.cookies = new Map(jar.cookies);
    const refusedPost = await post(other, { jeton, 'case-1-1': 'Intrus' }, otherJar);
    expect([403]).toContain(refusedPost.status);
    expect((await responses(roundId)).length).toBe(1);
  });

  it('still opens a consultation’s ballot on the same kind of link', async () => {
    await seedOrganisations(h, ['CONS']);
    await addContact(h.deps, {
      tenantId: h.tenantId,
      organisationCode: 'CONS',
      email: 'avis@cons.test',
      actor: CLI_ACTOR,
    });
    const round = await createDraftRound(h, {
      codes: ['CONS'],
      deadline: new Date(Date.now() + 3_600_000),
      reminderSchedule: 'aucun',
    });
    await launchRound(h.deps, { tenantId: h.tenantId, roundId: round.id, actor: CLI_ACTOR });
    const contact = await h.tdb.db.contact.findFirstOrThrow({ where: { email: 'avis@cons.test' } });
    const url = await ballotUrlFor(h.deps, {
      key,
      publicUrl: base,
      contactId: contact.id,
      roundId: round.id,
    });
    const res = await get(new URL(url!).pathname);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Consultation n°');
  });
});

describe('the pilot’s codes sheet', () => {
  it('is for signed-in pilots: the event link with its QR code, a slip per participant, a form adding codes', async () => {
    const { round, eventCode, codes } = await perPersonSurvey(false, 2);
    const n = round.number;
    const anonymous = await get(`/console/consultations/${n}/codes`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/console/connexion');

    await addPilot(h.deps, {
      tenantId: h.tenantId,
      email: 'pilote@caf94.test',
      name: 'Mme Pilote',
      actor: CLI_ACTOR,
    });
    const { jar } = await signIn('pilote@caf94.test', h.tenantId);
    const sheet = await get(`/console/consultations/${n}/codes`, jar);
    expect(sheet.status).toBe(200);
    const html = await sheet.text();
    expect(html).toContain(`/grille/${eventCode}`);
    expect(html.match(/<svg /g)?.length).toBe(3);
    for (const c of codes) expect(html).toContain(c);
    expect(html).not.toContain('?code=');
    expect(html).toContain('@media print');

    const count = () => h.tdb.db.surveyParticipant.count({ where: { roundId: round.id } });
    const noCsrf = await post(
      `/console/consultations/${n}/codes`,
      { table: 'B', nombre: '4' },
      jar,
    );
    expect(noCsrf.status).toBe(403);
    expect(await count()).toBe(2);
    const bad = await post(
      `/console/consultations/${n}/codes`,
      { jeton: formToken(html), table: 'B', nombre: '0' },
      jar,
    );
    expect(bad.status).toBe(422);
    expect(await count()).toBe(2);
    const added = await post(
      `/console/consultations/${n}/codes`,
      { jeton: formToken(html), table: 'B', nombre: '4' },
      jar,
    );
    expect(added.status).toBe(303);
    expect(await count()).toBe(6);
    const after = await (await get(`/console/consultations/${n}/codes?ajoutes=4`, jar)).text();
    expect(after).toContain('B — 4 codes');
    expect(after).toContain('4 codes ajoutés');

    // A survey answered per organisation has no codes.
    const { created } = await createAndLaunchSurvey(h.deps, {
      tenantId: h.tenantId,
      gridCode: 'evaluation-94',
      answerMode: 'organisation',
      organisations: { codes: ['ORG1'] },
      deadline: new Date(Date.now() + 86_400_000),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    const none = await get(`/console/consultations/${created.round.number}/codes`, jar);
    expect(none.status).toBe(409);
  });
});
