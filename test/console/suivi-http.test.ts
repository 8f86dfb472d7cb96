import type { AddressInfo } from 'node:net';
import { addContact } from '../../src/app/add-contact';
import { ballotKey } from '../../src/app/ballot-links';
import { recordProxyAvis } from '../../src/app/cast-avis';
import { closeRound } from '../../src/app/close-round';
import { addPilot } from '../../src/app/console-auth';
import { CLI_ACTOR } from '../../src/app/deps';
import { launchRound } from '../../src/app/launch-round';
import { progressInvitationMessage } from '../../src/app/progress-message';
import { ballotUrlFor } from '../../src/app/web-ballot';
import { mountBallot } from '../../src/http/ballot';
import { mountConsole } from '../../src/http/console';
import { createHttpApp, listen, type RunningServer } from '../../src/http/server';
import { roundOnVersion2 } from '../support/rounds';
import {
  createDraftRound,
  createHarness,
  seedOrganisations,
  silentLog,
  type Harness,
} from '../queue/support/harness';
import { consoleClient, formToken } from '../support/console-client';

/**
 * The follow-up of avis over HTTP (issue [10] item 1): the console's « Suites données aux avis »
 * page (a form per avis, CSRF, refusals next to the form with nothing stored, another Caf's pilot
 * kept out), then the partner's web ballot on the next version showing how its avis were handled.
 * Hostile text (HTML in comments and justifications) comes back escaped.
 */
const key = ballotKey({ secret: 'suivi-http-test', databaseUrl: '' });

const HOSTILE_COMMENT = '<script>alert(1)</script> Pas assez de moyens';
const HOSTILE_JUSTIFICATION = '<img src=x onerror=alert(1)> Moyens revus à la hausse';

describe('follow-up of avis: console page, then the partner’s ballot on the next version', () => {
  let h: Harness;
  let server: RunningServer;
  let base: string;
  let round1Id: string;
  let pilotId: string;
  let cs1Avis: string;
  let cs2Avis: string;

  beforeAll(async () => {
    h = await createHarness();
    const app = await createHttpApp({
      deps: h.deps,
      log: silentLog,
      redis: { ping: async () => 'PONG' },
      mount: (a) => {
        mountConsole(a, { deps: h.deps, log: silentLog, key });
        mountBallot(a, { deps: h.deps, log: silentLog, key });
      },
    });
    server = await listen(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    h.deps.publicUrl = base;
    await seedOrganisations(h, ['CS1', 'CS2']);
    for (const code of ['CS1', 'CS2'])
      await addContact(h.deps, {
        tenantId: h.tenantId,
        organisationCode: code,
        email: `direction@${code.toLowerCase()}.test`,
        name: 'Mme Durand',
        actor: CLI_ACTOR,
      });
    pilotId = (
      await addPilot(h.deps, {
        tenantId: h.tenantId,
        email: 'pilote@caf94.test',
        name: 'Mme Pilote',
        actor: CLI_ACTOR,
      })
    ).member.id;
    const round = await createDraftRound(h, {
      codes: ['CS1', 'CS2'],
      deadline: new Date(Date.now() + 86_400_000),
      reminderSchedule: 'aucun',
    });
    round1Id = round.id;
    await launchRound(h.deps, { tenantId: h.tenantId, roundId: round.id, actor: CLI_ACTOR });
    const enjeux = await h.tdb.db.enjeu.findMany({
      where: { draftVersionId: round.draftVersionId! },
      orderBy: { position: 'asc' },
    });
    const proxy = (
      org: string,
      votes: { enjeuId: string; choice: string; comment: string | null }[],
    ) =>
      recordProxyAvis(h.deps, {
        tenantId: h.tenantId,
        roundId: round.id,
        organisationCode: org,
        source: 'courrier',
        votes,
        actor: CLI_ACTOR,
      });
    await proxy('CS1', [
      { enjeuId: enjeux[0]!.id, choice: 'defavorable', comment: HOSTILE_COMMENT },
      { enjeuId: enjeux[1]!.id, choice: 'favorable', comment: null },
    ]);
    await proxy('CS2', [
      { enjeuId: enjeux[0]!.id, choice: 'favorable_avec_reserves', comment: 'Une réserve' },
    ]);
    const avis = await h.tdb.db.avis.findMany({
      where: { roundId: round.id, enjeuId: enjeux[0]!.id },
      include: { organisation: true },
    });
    cs1Avis = avis.find((a) => a.organisation.code === 'CS1')!.id;
    cs2Avis = avis.find((a) => a.organisation.code === 'CS2')!.id;

    // Another Caf with a pilot of its own.
    const other = await h.tdb.db.tenant.create({ data: { code: '75', name: 'Caf de Paris' } });
    await addPilot(h.deps, {
      tenantId: other.id,
      email: 'pilote@caf75.test',
      name: 'M. Paris',
      actor: CLI_ACTOR,
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  const {
    get,
    post,
    signIn: openSession,
  } = consoleClient({
    base: () => base,
    deps: () => h.deps,
    key,
  });
  /** A page's text with the escaped apostrophes back (escapeHtml writes ' as &#39;). */
  const text = async (res: Response) => (await res.text()).replace(/&#39;/g, "'");

  async function signIn(email: string, tenantId: string) {
    const { jar, res } = await openSession(email, tenantId);
    expect(res.status).toBe(303);
    return jar;
  }

  const stored = () => h.tdb.db.avisFollowup.count();

  it('shows no form while the round is open, and refuses a follow-up (409), storing nothing', async () => {
    const jar = await signIn('pilote@caf94.test', h.tenantId);
    const page = await get('/console/consultations/1/suivi', jar);
    expect(page.status).toBe(200);
    const html = await text(page);
    expect(html).toContain(
      "les suites données aux avis s'enregistrent une fois la consultation close",
    );
    expect(html).not.toContain('name="reponse"');
    const res = await post(
      '/console/consultations/1/suivi',
      {
        jeton: formToken(html),
        organisation: 'CS1',
        enjeu: '1',
        avis: cs1Avis,
        reponse: 'retenue',
        justification: 'Ajouté',
      },
      jar,
    );
    expect(res.status).toBe(409);
    expect(await text(res)).toContain('La consultation n° 1 est ouverte');
    expect(await stored()).toBe(0);
  });

  it('records a follow-up from the console once the round is closed; refusals come back next to their form', async () => {
    await closeRound(h.deps, { tenantId: h.tenantId, roundId: round1Id, actor: CLI_ACTOR });
    await roundOnVersion2(h.deps, {
      tenantId: h.tenantId,
      codes: ['CS1', 'CS2'],
      deadline: new Date(Date.now() + 7 * 86_400_000),
    });
    const v2enjeu4 = await h.tdb.db.enjeu.findFirstOrThrow({
      where: { position: 4, draftVersion: { version: 2 } },
    });
    const jar = await signIn('pilote@caf94.test', h.tenantId);
    const roundPage = await (await get('/console/consultations/1', jar)).text();
    expect(roundPage).toContain('href="/console/consultations/1/suivi"');

    const page = await get('/console/consultations/1/suivi', jar);
    expect(page.status).toBe(200);
    const html = await text(page);
    expect(html).toContain('<h1>Suites données aux avis — consultation n° 1');
    expect(html).toContain('2 avis sur 2 sans suite enregistrée.');
    expect(html).toContain(`id="suivi-${cs1Avis}"`);
    expect(html).toContain(`id="suivi-${cs2Avis}"`);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Pas assez de moyens');
    expect(html).not.toContain('<script>');
    expect(html).toContain(
      `<option value="${v2enjeu4.id}">Version 2, enjeu 4 : Évaluer le schéma</option>`,
    );
    const jeton = formToken(html);
    const form = {
      jeton,
      organisation: 'CS1',
      enjeu: '1',
      avis: cs1Avis,
      reponse: 'partiellement_retenue',
      justification: HOSTILE_JUSTIFICATION,
      enjeuSuivant: v2enjeu4.id,
    };

    const noToken = await post('/console/consultations/1/suivi', { ...form, jeton: '' }, jar);
    expect(noToken.status).toBe(403);

    const empty = await post(
      '/console/consultations/1/suivi',
      { ...form, justification: '  ' },
      jar,
    );
    expect(empty.status).toBe(422);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain(
      `<p class="erreur" id="erreur-suivi-${cs1Avis}" role="alert">La justification est obligatoire`,
    );
    expect(emptyHtml).toContain('value="partiellement_retenue" checked');

    const noResponse = await post('/console/consultations/1/suivi', { ...form, reponse: '' }, jar);
    expect(noResponse.status).toBe(422);
    expect(await text(noResponse)).toContain('Choisissez la réponse de la Caf');

    const v1enjeu = await h.tdb.db.enjeu.findFirstOrThrow({
      where: { position: 2, draftVersion: { version: 1 } },
    });
    const notLater = await post(
      '/console/consultations/1/suivi',
      { ...form, enjeuSuivant: v1enjeu.id },
      jar,
    );
    expect(notLater.status).toBe(422);
    expect(await text(notLater)).toContain("n'est pas un enjeu d'une version postérieure");

    const notNeeded = await post(
      '/console/consultations/1/suivi',
      { ...form, enjeu: '2', avis: '' },
      jar,
    );
    expect(notNeeded.status).toBe(422);
    expect(await text(notNeeded)).toContain("n'appelle pas de suite");
    expect(await stored()).toBe(0);

    const ok = await post('/console/consultations/1/suivi', form, jar);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(
      `/console/consultations/1/suivi?fait=suivi#suivi-${cs1Avis}`,
    );
    const after = await text(await get('/console/consultations/1/suivi?fait=suivi', jar));
    expect(after).toContain('Suite enregistrée.');
    expect(after).toContain('1 avis sur 2 sans suite enregistrée.');
    expect(after).toContain('&lt;img src=x onerror=alert(1)&gt; Moyens revus à la hausse');
    expect(after).not.toContain('<img');
    expect(after).toContain('Repris dans la version 2, enjeu 4 : Évaluer le schéma.');

    const row = await h.tdb.db.avisFollowup.findUniqueOrThrow({ where: { avisId: cs1Avis } });
    expect(row).toMatchObject({
      response: 'partiellement_retenue',
      justification: HOSTILE_JUSTIFICATION,
      nextEnjeuId: v2enjeu4.id,
      recordedByMemberId: pilotId,
      recordedBy: 'Mme Pilote',
    });
    const event = await h.tdb.db.auditEvent.findFirstOrThrow({
      where: { action: 'followup.record' },
    });
    expect(event).toMatchObject({
      actorMemberId: pilotId,
      actor: 'Mme Pilote',
      subjectId: cs1Avis,
    });
  });

  it('keeps another Caf’s pilot out of this Caf’s follow-ups (404), storing nothing', async () => {
    const jar = await signIn(
      'pilote@caf75.test',
      (await h.tdb.db.tenant.findUniqueOrThrow({ where: { code: '75' } })).id,
    );
    const page = await get('/console/consultations/1/suivi', jar);
    expect(page.status).toBe(404);
    const html = await text(page);
    const res = await post(
      '/console/consultations/1/suivi',
      {
        jeton: formToken(html),
        organisation: 'CS2',
        enjeu: '1',
        avis: cs2Avis,
        reponse: 'retenue',
        justification: 'Intrusion',
      },
      jar,
    );
    expect(res.status).toBe(404);
    expect(await stored()).toBe(1);
  });

  it('shows each partner, on the next version’s ballot, how its earlier avis were handled', async () => {
    const round2 = await h.tdb.db.round.findFirstOrThrow({ where: { number: 2 } });
    await launchRound(h.deps, { tenantId: h.tenantId, roundId: round2.id, actor: CLI_ACTOR });
    const urlOf = async (code: string) => {
      const contact = await h.tdb.db.contact.findFirstOrThrow({
        where: { organisation: { code } },
      });
      return (await ballotUrlFor(h.deps, {
        key,
        publicUrl: base,
        contactId: contact.id,
        roundId: round2.id,
      }))!;
    };
    const res = await fetch(await urlOf('CS1'));
    expect(res.status).toBe(200);
    const html = await text(res);
    expect(html).toContain(
      '<h2 id="suites-titre">Suites données à vos avis sur la version 1 (consultation n° 1)</h2>',
    );
    expect(html).toContain(
      'votre avis : Défavorable (« &lt;script&gt;alert(1)&lt;/script&gt; Pas assez de moyens »)',
    );
    expect(html).toContain(
      'Réponse de la Caf : <strong>Partiellement retenue</strong> — &lt;img src=x onerror=alert(1)&gt; Moyens revus à la hausse',
    );
    expect(html).toContain("(repris dans l'enjeu 4 de la version 2 : Évaluer le schéma)");
    expect(html).toContain(
      "Cet enjeu reprend votre avis sur l'enjeu 1 de la version 1 (Défavorable) : partiellement retenue par la Caf.",
    );
    // Next to the diff: the « what changed » paragraph comes first.
    expect(html.indexOf('Votre organisation a répondu à la version 1')).toBeLessThan(
      html.indexOf('suites-titre'),
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    // Its avis favorable without a comment called for nothing: not listed.
    expect(html).not.toContain('votre avis : Favorable.');

    const other = await text(await fetch(await urlOf('CS2')));
    expect(other).toContain('votre avis : Favorable avec réserves (« Une réserve »).');
    expect(other).toContain('Réponse de la Caf : pas encore communiquée.');
    // CS2 sees nothing of CS1's avis.
    expect(other).not.toContain('Pas assez de moyens');
  });

  it('says so in the next version’s invitation too, to each organisation its own', async () => {
    const invitation = async (code: string) => {
      const d = await h.tdb.db.delivery.findFirstOrThrow({
        where: {
          kind: 'round.invitation',
          destination: { organisation: { code } },
          dedupeKey: {
            contains: (await h.tdb.db.round.findFirstOrThrow({ where: { number: 2 } })).id,
          },
        },
      });
      return (d.payload as { text: string[] }).text;
    };
    const cs1 = await invitation('CS1');
    expect(cs1).toContain('Suites données par la Caf à vos avis sur la version 1 :');
    expect(cs1).toContain(
      `• enjeu 1 (Défavorable) : Partiellement retenue — ${HOSTILE_JUSTIFICATION}`,
    );
    const cs2 = await invitation('CS2');
    expect(cs2).toContain('• enjeu 1 (Favorable avec réserves) : réponse à venir');
    expect(cs2.join('\n')).not.toContain('Moyens revus');
    // The invitation re-rendered with the organisation's progress keeps it.
    const round2 = await h.tdb.db.round.findFirstOrThrow({ where: { number: 2 } });
    const cs1Org = await h.tdb.db.organisation.findFirstOrThrow({ where: { code: 'CS1' } });
    const live = await progressInvitationMessage(h.deps, {
      live: 'round.progress',
      tenantId: h.tenantId,
      roundId: round2.id,
      organisationId: cs1Org.id,
    });
    expect(live.text).toContain(
      `• enjeu 1 (Défavorable) : Partiellement retenue — ${HOSTILE_JUSTIFICATION}`,
    );
  });
});
