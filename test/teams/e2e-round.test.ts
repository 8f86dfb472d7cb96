import ExcelJS from 'exceljs';
import type { Express } from 'express';
import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { castAvis } from '../../src/app/cast-avis';
import { createInviteCode } from '../../src/app/create-invite-code';
import { createRound } from '../../src/app/create-round';
import { launchRound } from '../../src/app/launch-round';
import { linkIdentity } from '../../src/app/link-identity';
import { seedDemo } from '../../src/app/seed-demo';
import {
  mountTeamsForConcerto,
  type MountedConcertoTeams,
} from '../../src/adapters/teams/concerto-handlers';
import { TeamsNotifier } from '../../src/adapters/teams/notifier';
import { ZLiveProgress, progressInvitationMessage } from '../../src/app/progress-message';
import type { NeutralMessage } from '../../src/domain/messages';
import { CHAT_FR, TEAMS_FR } from '../../src/domain/catalogue/fr';
import { createHttpApp } from '../../src/http/server';
import { createTestDb, type TestDb } from '../support/db';
import { codesOfKind, newestRoundInvitations } from '../support/rounds';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { startJwks, type TestJwks } from '../support/jwks';
import {
  CLIENT_ID,
  TENANT_ID,
  captureLogger,
  executeActivity,
  listen,
  messageActivity,
  post,
  teamsConfig,
} from './helpers';

/**
 * A whole consultation in Teams against the real web server and Postgres: Bot Framework
 * activities in wire format with signed tokens, replies and proactive messages recorded by the
 * fake Bot Connector.
 */
const HOST = 'concerto.caf94.example';
const PILOT = { id: '29:pilot', name: 'Paul Pilote', aadObjectId: 'aad-pilot' };
const MARIE = { id: '29:marie', name: 'Marie Dupont', aadObjectId: 'aad-marie' };
const PILOT_CONV = { conversationType: 'personal', tenantId: TENANT_ID, id: 'a:pilot-chat' };
const DDCS_CHANNEL = '19:ddcs-consultations@thread.tacv2';
const channelOver = {
  conversation: {
    conversationType: 'channel',
    tenantId: TENANT_ID,
    id: DDCS_CHANNEL,
    isGroup: true,
  },
  channelData: {
    tenant: { id: TENANT_ID },
    team: { id: '19:team-ddcs@thread.tacv2', name: 'DDCS 94' },
    channel: { id: DDCS_CHANNEL, name: 'Consultations Caf' },
  },
};

type Card = { body: unknown[]; actions?: { verb?: string; data?: unknown }[] };
type InvokeBody = { statusCode: number; type: string; value: Card | string };

describe('a consultation round in Teams, end to end', () => {
  let t: TestDb;
  let jwks: TestJwks;
  let connector: FakeConnector;
  let server: Awaited<ReturnType<typeof listen>>;
  let mounted: MountedConcertoTeams | undefined;
  let deps: AppDeps;
  let tenantId: string;
  let clock = new Date('2026-11-28T09:00:00Z');
  let roundId = '';
  let enjeux: { id: string; title: string }[] = [];
  let config: ReturnType<typeof teamsConfig>;

  beforeAll(async () => {
    [t, jwks, connector] = await Promise.all([createTestDb(), startJwks(), startFakeConnector()]);
    config = teamsConfig({
      PUBLIC_URL: `https://${HOST}`,
      TEAMS_BOT_OPENID_METADATA_URL: jwks.openIdMetadataUrl,
      TEAMS_SERVICE_URLS: `${connector.url}/`,
    });
    const { log } = captureLogger(process.env.TEAMS_TEST_LOG ?? 'silent');
    deps = { db: t.db, now: () => clock, log, outbox: NO_OUTBOX };
    tenantId = (await seedDemo(deps, { actor: CLI_ACTOR })).tenant.id;
    const app: Express = await createHttpApp({
      deps,
      log,
      redis: { ping: async () => 'PONG' },
      mount: async (expressApp) => {
        mounted = await mountTeamsForConcerto(expressApp, {
          config,
          deps,
          log,
          endpoints: { loginEndpoint: connector.url },
          tabJwksUri: `${jwks.url}/common/discovery/v2.0/keys`,
        });
      },
    });
    server = await listen(app);
  });

  afterAll(async () => {
    await server?.close();
    await connector?.close();
    await jwks?.close();
    await t?.drop();
  });

  const token = () => jwks.botToken({ audience: CLIENT_ID, serviceUrl: connector.url });
  const say = async (from: typeof PILOT, text: string, over: Record<string, unknown> = {}) => {
    const before = connector.calls.length;
    const res = await post(
      server.url,
      messageActivity(connector.url, text, { from, ...over }),
      token(),
    );
    expect(res.status).toBe(200);
    return connector.calls.slice(before).map((c) => JSON.stringify(c.body));
  };
  const execute = async (
    from: typeof PILOT,
    verb: string,
    data: Record<string, unknown>,
    over: Record<string, unknown> = {},
  ) => {
    const res = await post(
      server.url,
      executeActivity(connector.url, verb, data, { from, ...over }),
      token(),
    );
    expect(res.status).toBe(200);
    return res.body as InvokeBody;
  };
  const avisRows = () =>
    t.db.avis.findMany({ where: { roundId }, include: { organisation: true } });
  const org = (code: string) =>
    t.db.organisation.findUniqueOrThrow({ where: { tenantId_code: { tenantId, code } } });

  it('mounts the bot and the tab on the web server', () => {
    expect(mounted?.tab).toBe(true);
    expect(mounted?.localMode).toBe(false);
  });

  it('refuses activities without a token or with a bad one, and records nothing', async () => {
    const body = messageActivity(connector.url, 'aide', { from: PILOT, conversation: PILOT_CONV });
    expect((await post(server.url, body)).status).toBe(401);
    const forged = jwks.botToken({ audience: CLIENT_ID, serviceUrl: connector.url, forged: true });
    expect((await post(server.url, body, forged)).status).toBe(401);
    const other = jwks.botToken({ audience: 'another-bot', serviceUrl: connector.url });
    expect((await post(server.url, body, other)).status).toBe(401);
    expect(connector.calls).toHaveLength(0);
  });

  it('links a pilot and a partner with one-time codes; the conversations become destinations', async () => {
    const pilotCode = await createInviteCode(deps, { tenantId, role: 'pilot', actor: CLI_ACTOR });
    const [welcome] = await say(PILOT, `rejoindre ${pilotCode.code}`, { conversation: PILOT_CONV });
    expect(welcome).toContain('pilote de la Caf du Val-de-Marne');

    // Not linked yet: a pilot command asks for the code, politely.
    const [notLinked] = await say(MARIE, 'statut', channelOver);
    expect(notLinked).toContain('rejoindre');
    expect(notLinked).not.toContain('/concerto');

    const partnerCode = await createInviteCode(deps, {
      tenantId,
      organisationCode: 'DDCS94',
      role: 'partner',
      actor: CLI_ACTOR,
    });
    const [linked] = await say(MARIE, `rejoindre ${partnerCode.code}`, channelOver);
    expect(linked).toContain('Compte relié à Direction départementale de la cohésion sociale');

    // The code is spent: typed again, it links nothing.
    const [spent] = await say(PILOT, `rejoindre ${partnerCode.code}`, { conversation: PILOT_CONV });
    expect(spent).toContain('déjà été utilisé');

    const destinations = await t.db.destination.findMany({
      where: { tenantId, platform: 'teams' },
      orderBy: { createdAt: 'asc' },
    });
    expect(destinations).toHaveLength(2);
    expect(destinations[0]).toMatchObject({ forPilots: true, address: 'a:pilot-chat' });
    expect(destinations[1]).toMatchObject({
      organisationId: (await org('DDCS94')).id,
      workspaceId: TENANT_ID,
      address: DDCS_CHANNEL,
    });
    expect(destinations[1]!.reference).toMatchObject({
      serviceUrl: connector.url,
      conversation: { id: DDCS_CHANNEL, conversationType: 'channel' },
    });

    // Installing the bot again where it already is changes nothing but the reference.
    const res = await post(
      server.url,
      {
        ...messageActivity(connector.url, '', { from: PILOT, conversation: PILOT_CONV }),
        type: 'conversationUpdate',
        membersAdded: [{ id: `28:${CLIENT_ID}` }],
      },
      token(),
    );
    expect(res.status).toBe(200);
    expect(await t.db.destination.count({ where: { tenantId, platform: 'teams' } })).toBe(2);
  });

  it('refuses pilot commands to a partner, politely and in French', async () => {
    for (const cmd of ['lancer', 'relancer', 'clore', 'exporter', 'agrements']) {
      const [reply] = await say(MARIE, cmd, channelOver);
      expect(reply).toContain('réservée aux pilotes');
    }
    // « statut » is the partners' too, for the results of their own rounds: none yet.
    const [status] = await say(MARIE, 'statut', channelOver);
    expect(status).toContain("n'est invitée à aucune consultation");
  });

  it('launches a round from the pilot card form', async () => {
    const [form] = await say(PILOT, 'lancer', { conversation: PILOT_CONV });
    expect(form).toContain('round.launch');
    const draft = await t.db.draftVersion.findFirstOrThrow({ where: { tenantId } });

    // A deadline in the past comes back on the form, nothing is created.
    const refused = await execute(
      PILOT,
      'round.launch',
      {
        draftVersionId: draft.id,
        organisationIds: [(await org('DDCS94')).id, (await org('CD94')).id].join(','),
        deadlineDate: '2026-11-01',
        deadlineTime: '18:00',
      },
      { conversation: PILOT_CONV },
    );
    expect(JSON.stringify(refused.value)).toContain('round.launch');
    expect(await t.db.round.count({ where: { tenantId } })).toBe(0);

    const badReminders = await execute(
      PILOT,
      'round.launch',
      {
        draftVersionId: draft.id,
        organisationIds: [(await org('DDCS94')).id, (await org('CD94')).id].join(','),
        deadlineDate: '2026-12-15',
        deadlineTime: '18:00',
        reminderSchedule: '9x',
        silenceVautFavorable: 'false',
        resultsVisibleDuringRound: 'false',
      },
      { conversation: PILOT_CONV },
    );
    // A schedule Concerto cannot read: refused under the reminders field, nothing launched.
    expect(JSON.stringify(badReminders.value)).toContain('round.launch');
    expect(JSON.stringify(badReminders.value)).toContain('9x');
    expect(await t.db.round.count({ where: { tenantId } })).toBe(0);
    const ok = await execute(
      PILOT,
      'round.launch',
      {
        draftVersionId: draft.id,
        organisationIds: [(await org('DDCS94')).id, (await org('CD94')).id].join(','),
        deadlineDate: '2026-12-15',
        deadlineTime: '18:00',
        reminderSchedule: '2j, matin',
        silenceVautFavorable: 'false',
        resultsVisibleDuringRound: 'false',
      },
      { conversation: PILOT_CONV },
    );
    expect(JSON.stringify(ok.value)).toContain('Consultation n° 1 lancée');
    const round = await t.db.round.findFirstOrThrow({
      where: { tenantId, number: 1 },
      include: { draftVersion: { include: { enjeux: { orderBy: { position: 'asc' } } } } },
    });
    expect(round.status).toBe('open');
    expect(round.reminderSchedule).toEqual(['P2D', 'morning']);
    roundId = round.id;
    enjeux = round.draftVersion!.enjeux;
    expect(enjeux).toHaveLength(3);
  });

  it('sends the invitation to the Teams channel through the notifier', async () => {
    const delivery = await t.db.delivery.findFirstOrThrow({
      where: { kind: 'round.invitation', destination: { platform: 'teams' } },
      include: { destination: true },
    });
    expect(delivery.destination.address).toBe(DDCS_CHANNEL);
    const notifier = new TeamsNotifier({ config, log: deps.log, app: mounted!.app });
    const before = connector.calls.length;
    const sent = await notifier.send(
      {
        workspaceId: delivery.destination.workspaceId,
        address: delivery.destination.address,
        reference: delivery.destination.reference,
      },
      delivery.payload as unknown as NeutralMessage,
    );
    const call = connector.calls[before]!;
    expect(call).toMatchObject({ kind: 'send', conversationId: DDCS_CHANNEL, id: sent.messageId });
    const card = JSON.stringify(call.body);
    expect(card).toContain('Consultation n° 1');
    expect(card).toContain('avis.open');
    expect(card).toContain(roundId);
  });

  /**
   * The pending update of the Teams invitation (as the worker would send it): rendered from the
   * round as it is now, sent through the notifier in place of the invitation activity.
   */
  const sendInvitationUpdate = async () => {
    const invitation = await t.db.delivery.findFirstOrThrow({
      where: {
        dedupeKey: { startsWith: `round:${roundId}:invite:` },
        destination: { platform: 'teams' },
      },
      include: { destination: true },
    });
    const update = await t.db.delivery.findFirstOrThrow({
      where: { kind: 'round.progress', updatesDeliveryId: invitation.id, status: 'pending' },
      orderBy: { createdAt: 'desc' },
    });
    const message = await progressInvitationMessage(deps, ZLiveProgress.parse(update.payload));
    await t.db.delivery.update({ where: { id: update.id }, data: { status: 'sent' } });
    const notifier = new TeamsNotifier({ config, log: deps.log, app: mounted!.app });
    const before = connector.calls.length;
    await notifier.send(
      {
        workspaceId: invitation.destination.workspaceId,
        address: invitation.destination.address,
        reference: invitation.destination.reference,
        updateMessageId: 'invitation-activity',
      },
      message,
    );
    const call = connector.calls[before]!;
    expect(call).toMatchObject({ kind: 'update', id: 'invitation-activity' });
    return (call.body as { attachments: { content: Record<string, unknown> }[] }).attachments[0]!
      .content;
  };

  it('records avis with Action.Execute, shows errors on the card, and lets the partner change them', async () => {
    const [e1, e2, e3] = enjeux;
    // The card opened from the invitation is pre-filled with nothing yet.
    const opened = await execute(MARIE, 'avis.open', { roundId }, channelOver);
    expect(JSON.stringify(opened.value)).toContain(`avis_${e1!.id}`);

    // A défavorable without a reason: refused, the error under its enjeu, nothing recorded.
    const refused = await execute(
      MARIE,
      'avis.submit',
      { roundId, [`avis_${e1!.id}`]: 'favorable', [`avis_${e2!.id}`]: 'defavorable' },
      channelOver,
    );
    expect(refused.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(refused.value)).toContain('doit être motivé');
    expect(await avisRows()).toHaveLength(0);

    const ok = await execute(
      MARIE,
      'avis.submit',
      {
        roundId,
        [`avis_${e1!.id}`]: 'favorable',
        [`avis_${e2!.id}`]: 'defavorable',
        [`comment_${e2!.id}`]: 'Le pilotage doit associer les communes.',
      },
      channelOver,
    );
    const card = JSON.stringify(ok.value);
    expect(card).toContain('Avis enregistré');
    // The card refreshes by itself for the organisation's members, however big the channel.
    expect((ok.value as unknown as { refresh: { userIds: string[] } }).refresh.userIds).toEqual([
      '8:orgid:aad-marie',
    ]);
    expect(card).toContain('Avis donné par Marie Dupont');

    // The invitation's progress update does not put the plain invitation in front of Marie:
    // its refresh makes the organisation's members (Marie) fetch their own view, which keeps
    // the confirmation; the others see the progress.
    const updated = await sendInvitationUpdate();
    expect(updated.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'avis.refresh', data: { roundId } },
      userIds: ['8:orgid:aad-marie'],
    });
    expect(JSON.stringify(updated)).toContain('2 enjeux sur 3');
    const refreshed = await execute(MARIE, 'avis.refresh', { roundId }, channelOver);
    expect(JSON.stringify(refreshed.value)).toContain('Avis enregistré');
    expect(JSON.stringify(refreshed.value)).toContain('Avis donné par Marie Dupont');
    // Opened afresh from the invitation, the card is the form, without the confirmation.
    const reopened = await execute(MARIE, 'avis.open', { roundId }, channelOver);
    expect(JSON.stringify(reopened.value)).not.toContain('Avis enregistré');
    let rows = await avisRows();
    expect(rows.map((r) => [r.enjeuId, r.choice, r.channel, r.organisation.code]).sort()).toEqual(
      [
        [e1!.id, 'favorable', 'teams', 'DDCS94'],
        [e2!.id, 'defavorable', 'teams', 'DDCS94'],
      ].sort(),
    );

    // A change, with data naming another organisation and user: those fields are ignored.
    const cd94 = await org('CD94');
    await execute(
      MARIE,
      'avis.submit',
      {
        roundId,
        organisationId: cd94.id,
        organisationCode: 'CD94',
        tenantId: '00000000-0000-0000-0000-000000000000',
        aadObjectId: 'aad-someone-else',
        [`avis_${e1!.id}`]: 'abstention',
        [`avis_${e3!.id}`]: 'favorable',
      },
      channelOver,
    );
    rows = await avisRows();
    expect(rows.every((r) => r.organisation.code === 'DDCS94')).toBe(true);
    const first = rows.find((r) => r.enjeuId === e1!.id)!;
    expect(first).toMatchObject({ choice: 'abstention', revision: 2 });
    expect(rows).toHaveLength(3);
    expect(await t.db.avisHistory.count({ where: { avisId: first.id } })).toBe(2);
  });

  it('refuses a card naming a round the organisation is not invited to', async () => {
    const draft = await t.db.draftVersion.findFirstOrThrow({ where: { tenantId } });
    const other = await createRound(deps, {
      tenantId,
      draftVersionId: draft.id,
      organisations: { codes: ['CD94'] },
      deadline: new Date('2026-12-20T17:00:00Z'),
      actor: CLI_ACTOR,
    });
    await launchRound(deps, { tenantId, roundId: other.round.id, actor: CLI_ACTOR });
    const res = await execute(
      MARIE,
      'avis.submit',
      { roundId: other.round.id, [`avis_${enjeux[0]!.id}`]: 'favorable' },
      channelOver,
    );
    expect(JSON.stringify(res.value)).toContain("n'est pas invitée");
    expect(await t.db.avis.count({ where: { roundId: other.round.id } })).toBe(0);
  });

  it('counts a Slack organisation next to the Teams one, and shows the pilot the results', async () => {
    const { code } = await createInviteCode(deps, {
      tenantId,
      organisationCode: 'CD94',
      role: 'partner',
      actor: CLI_ACTOR,
    });
    const slack = await linkIdentity(deps, {
      code,
      platform: 'slack',
      workspaceId: 'T1',
      userId: 'U1',
      displayName: 'Claire',
    });
    await castAvis(deps, {
      tenantId,
      roundId,
      memberId: slack.member.id,
      votes: enjeux.map((e) => ({ enjeuId: e.id, choice: 'favorable' })),
      channel: 'slack',
    });

    const [status] = await say(PILOT, 'statut 1', { conversation: PILOT_CONV });
    expect(status).toContain('Statut de la consultation n° 1');
    expect(status).toContain('2/2');

    // The tab's results for the pilot (SSO token of the same Entra user).
    const sso = jwks.ssoToken({
      audience: `api://${HOST}/${CLIENT_ID}`,
      tenantId: TENANT_ID,
      oid: PILOT.aadObjectId,
    });
    const res = await fetch(`${server.url}/tab/api/rounds/${roundId}/results`, {
      headers: { authorization: `Bearer ${sso}` },
    });
    expect(res.status).toBe(200);
    const results = (await res.json()) as {
      complete: number;
      summary: string;
      enjeux: {
        id: string;
        answered: number;
        participation: string;
        counts: { choice: string; count: number }[];
      }[];
    };
    expect(results.complete).toBe(2);
    // The tab shows the domain's words, numbers agreed (silence would be labelled as such).
    expect(results.summary).toBe('2 organisations sur 2 ont répondu à tous les enjeux.');
    expect(results.enjeux.map((e) => e.participation)).toEqual([
      '2 réponses sur 2',
      '2 réponses sur 2',
      '2 réponses sur 2',
    ]);
    const count = (i: number, choice: string) =>
      results.enjeux[i]!.counts.find((c) => c.choice === choice)!.count;
    expect([count(0, 'favorable'), count(0, 'abstention')]).toEqual([1, 1]);
    expect([count(1, 'favorable'), count(1, 'defavorable')]).toEqual([1, 1]);
    expect(count(2, 'favorable')).toBe(2);

    // The partner cannot read the results before the round closes.
    const partnerSso = jwks.ssoToken({
      audience: `api://${HOST}/${CLIENT_ID}`,
      tenantId: TENANT_ID,
      oid: MARIE.aadObjectId,
    });
    const refused = await fetch(`${server.url}/tab/api/rounds/${roundId}/results`, {
      headers: { authorization: `Bearer ${partnerSso}` },
    });
    expect(refused.status).toBe(403);

    // The pilot downloads the workbook from the tab; a partner cannot.
    expect(
      (results as unknown as { exports: { format: string }[] }).exports.map((e) => e.format),
    ).toEqual(expect.arrayContaining(['xlsx', 'csv', 'md']));
    const xlsx = await fetch(`${server.url}/tab/api/rounds/${roundId}/export/xlsx`, {
      headers: { authorization: `Bearer ${sso}` },
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain('consultation-1.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    expect(wb.getWorksheet('Enjeu 1')!.rowCount).toBe(2 + 2);
    const partnerExport = await fetch(`${server.url}/tab/api/rounds/${roundId}/export/xlsx`, {
      headers: { authorization: `Bearer ${partnerSso}` },
    });
    expect(partnerExport.status).toBe(403);
  });

  it('sends the tab the words of its round view, the catalogue’s: the same as the other channels', async () => {
    const sso = jwks.ssoToken({
      audience: `api://${HOST}/${CLIENT_ID}`,
      tenantId: TENANT_ID,
      oid: PILOT.aadObjectId,
    });
    const res = await fetch(`${server.url}/tab/api/rounds/${roundId}`, {
      headers: { authorization: `Bearer ${sso}` },
    });
    expect(res.status).toBe(200);
    const view = (await res.json()) as {
      title: string;
      version: number;
      deadlineText: string;
      words: Record<string, unknown>;
    };
    expect(view.words).toMatchObject({
      heading: `${view.title} — version ${view.version}`,
      deadline: `${CHAT_FR.deadline} : ${view.deadlineText}`,
      changes: { added: CHAT_FR.changes.added, changed: CHAT_FR.changes.changed },
      avis: `${TEAMS_FR.avis} : `,
      noAnswer: TEAMS_FR.noAnswer,
      removed: [],
    });
  });

  it('exports the synthesis as a message with signed download links', async () => {
    const replies = await say(PILOT, 'exporter 1', { conversation: PILOT_CONV });
    expect(replies[0]).toContain('# Synthèse de la consultation n° 1');
    expect(replies[0]).toContain('Le pilotage doit associer les communes');
    const url = /"url":"(https:\/\/[^"]+\.csv\?[^"]+)"/.exec(replies[1]!)?.[1];
    expect(url).toBeDefined();
    const local = url!.replace(`https://${HOST}`, server.url);
    const csv = await fetch(local);
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('DDCS94');
    const tampered = await fetch(local.replace(/sig=[^&]+/, 'sig=AAAA'));
    expect(tampered.status).toBe(403);
    // The workbook, by its own signed link: it opens, one sheet per enjeu.
    const xlsxUrl = /"url":"(https:\/\/[^"]+\.xlsx\?[^"]+)"/.exec(replies[1]!)?.[1];
    expect(xlsxUrl).toBeDefined();
    const xlsx = await fetch(xlsxUrl!.replace(`https://${HOST}`, server.url));
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain('consultation-1.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toContain('Enjeu 1');
    // A link signed for the CSV does not open the workbook.
    const swapped = await fetch(local.replace('.csv?', '.xlsx?'));
    expect(swapped.status).toBe(403);
  });

  it('lists the agréments ending within six months', async () => {
    const [reply] = await say(PILOT, 'agrements', { conversation: PILOT_CONV });
    expect(reply).toContain("Agréments arrivant à échéance d'ici 6 mois");
    // S94-043 ends on 31 March 2027 (in the window); S94-001 in May 2028 (not).
    expect(reply).toContain("Centre social L'Escale");
    expect(reply).toContain('fin le 31 mars 2027');
    expect(reply).not.toContain('Les Coteaux');
  });

  it('refuses a vote after the deadline on the card and keeps the recorded avis', async () => {
    clock = new Date('2026-12-16T09:00:00Z');
    const res = await execute(
      MARIE,
      'avis.submit',
      {
        roundId,
        [`avis_${enjeux[0]!.id}`]: 'defavorable',
        [`comment_${enjeux[0]!.id}`]: 'Trop tard',
      },
      channelOver,
    );
    expect(res.type).toBe('application/vnd.microsoft.card.adaptive');
    const card = JSON.stringify(res.value);
    expect(card).toContain('date limite de cette consultation est passée');
    expect(card).not.toContain('avis.submit');
    const first = (await avisRows()).find((r) => r.enjeuId === enjeux[0]!.id)!;
    expect(first.choice).toBe('abstention');
  });

  it('closes the round from Teams', async () => {
    const [reply] = await say(PILOT, 'clore 1', { conversation: PILOT_CONV });
    expect(reply).toContain('Consultation n° 1 close');
    expect((await t.db.round.findUniqueOrThrow({ where: { id: roundId } })).status).toBe('closed');
    // The invitation is updated: no « Donner notre avis » any more, and it says why.
    const updated = JSON.stringify(await sendInvitationUpdate());
    expect(updated).not.toContain('avis.open');
    expect(updated).not.toContain('Donner notre avis');
    expect(updated).toContain('Cette consultation est close');
  });

  it('exports the last closed round when none is open and no number is given, as in Slack', async () => {
    const [closed] = await say(PILOT, 'clore 2', { conversation: PILOT_CONV });
    expect(closed).toContain('Consultation n° 2 close');
    expect(await t.db.round.count({ where: { tenantId, status: 'open' } })).toBe(0);
    const replies = await say(PILOT, 'exporter', { conversation: PILOT_CONV });
    expect(replies[0]).toContain('# Synthèse de la consultation n° 2');
  });

  it('launches to every organisation of the chosen kinds plus the chosen ones', async () => {
    const [form] = await say(PILOT, 'lancer', { conversation: PILOT_CONV });
    expect(form).toContain('"id":"organisationKinds"');
    expect(form).toMatch(/Communes \(\d+\)/);
    const draft = await t.db.draftVersion.findFirstOrThrow({ where: { tenantId } });
    const launch = (fields: Record<string, string>) =>
      execute(
        PILOT,
        'round.launch',
        {
          draftVersionId: draft.id,
          deadlineDate: '2026-12-20',
          deadlineTime: '18:00',
          ...fields,
        },
        { conversation: PILOT_CONV },
      );
    const rounds = await t.db.round.count({ where: { tenantId } });

    // A forged kind (the Caf itself) or another Caf's organisation comes back on the form.
    for (const forged of [
      { organisationKinds: 'caf' } as Record<string, string>,
      { organisationIds: `${(await org('CD94')).id},00000000-0000-4000-8000-000000000000` },
    ]) {
      const refused = await launch(forged);
      expect(JSON.stringify(refused.value)).toContain('inconnu');
      expect(JSON.stringify(refused.value)).toContain('round.launch');
    }
    expect(await t.db.round.count({ where: { tenantId } })).toBe(rounds);

    const ok = await launch({
      organisationKinds: 'federation',
      organisationIds: (await org('CD94')).id,
    });
    expect(JSON.stringify(ok.value)).toContain('lancée');
    // Launched on 16 December for the 20th: « 7 days before » is in the past, and said so.
    expect(JSON.stringify(ok.value)).toContain(
      'Le rappel « 7 jours avant » (13 décembre à 18:00) tombe dans le passé : il n’est pas programmé.',
    );
    expect(await newestRoundInvitations(t.db, tenantId)).toEqual({
      number: rounds + 1,
      codes: [...(await codesOfKind(t.db, tenantId, 'federation')), 'CD94'].sort(),
    });
  });

  describe('in the language of the Teams activity', () => {
    const JOHN = { id: '29:john', name: 'John Smith', aadObjectId: 'aad-john' };
    const JOHN_CHAT = { conversationType: 'personal', tenantId: TENANT_ID, id: 'a:john-chat' };
    const english = { conversation: JOHN_CHAT, locale: 'en-US' };
    // No locale at all: French, as before.
    const marie = { ...channelOver, locale: undefined };
    let newest = { id: '', enjeux: [] as { id: string }[] };

    it('answers help, refusals and linking in English to an en-* locale, in French otherwise', async () => {
      const [help] = await say(JOHN, 'help', english);
      expect(help).toContain(
        'Concerto — partner consultations and evaluations on the AVS schéma directeur.',
      );
      expect(help).toContain('rejoindre <code>: link your account and this conversation');
      expect(help).not.toContain('Commande inconnue');
      const [aide] = await say(MARIE, 'aide', marie);
      expect(aide).toContain(
        'Concerto — consultations et évaluations des partenaires sur le schéma directeur AVS.',
      );

      const [notLinked] = await say(JOHN, 'consultations', english);
      expect(notLinked).toContain('Your account is not linked to any organisation. Type');
      expect(notLinked).toContain('rejoindre <code>');

      const { code } = await createInviteCode(deps, {
        tenantId,
        organisationCode: 'CD94',
        role: 'partner',
        actor: CLI_ACTOR,
      });
      const [linked] = await say(JOHN, `rejoindre ${code}`, english);
      expect(linked).toContain(
        'Account linked to Conseil départemental du Val-de-Marne (Caf du Val-de-Marne). This conversation will receive the consultations, reminders and results.',
      );
      const [spent] = await say(JOHN, `rejoindre ${code}`, english);
      expect(spent).toContain('This code has already been used. Ask the Caf for a new one.');

      const [reserved] = await say(JOHN, 'lancer', english);
      expect(reserved).toContain('This command is for the Caf’s pilots only.');
      const [reservé] = await say(MARIE, 'lancer', marie);
      expect(reservé).toContain('réservée aux pilotes');

      const PAT = { id: '29:pat', name: 'Pat Pilot', aadObjectId: 'aad-pat' };
      const pilotCode = await createInviteCode(deps, { tenantId, role: 'pilot', actor: CLI_ACTOR });
      const [welcome] = await say(PAT, `rejoindre ${pilotCode.code}`, {
        conversation: { ...PILOT_CONV, id: 'a:pat-chat' },
        locale: 'en-GB',
      });
      expect(welcome).toContain(
        'Welcome Pat Pilot: you are a pilot of the Caf du Val-de-Marne. This conversation will receive the messages for pilots.',
      );
    });

    it("words a refusal from the catalogue in the activity's language (it was French for all)", async () => {
      const text = (reply: string | undefined) =>
        (JSON.parse(reply ?? '{}') as { text?: string }).text;
      const [missing] = await say(JOHN, 'statut 99', english);
      expect(text(missing)).toBe('Consultation "99" not found.');
      const [manquante] = await say(MARIE, 'statut 99', marie);
      expect(text(manquante)).toBe('Consultation « 99 » introuvable.');
    });

    it('lists the open rounds as English avis cards, and French ones to the others', async () => {
      const round = await t.db.round.findFirstOrThrow({
        where: { tenantId },
        orderBy: { number: 'desc' },
        include: { draftVersion: { include: { enjeux: { orderBy: { position: 'asc' } } } } },
      });
      newest = { id: round.id, enjeux: round.draftVersion!.enjeux };
      const cards = await say(JOHN, 'consultations', english);
      expect(cards.length).toBeGreaterThan(0);
      const card = cards.find((c) => c.includes(newest.id))!;
      for (const en of [
        'Consultation: ',
        '"title":"Deadline"',
        'December',
        '"label":"Avis on enjeu 1"',
        '"title":"Favourable"',
        '"title":"Favourable with reservations"',
        '"title":"Unfavourable"',
        '"title":"Abstention"',
        '"label":"Comment on enjeu 1"',
        '"title":"Save my avis"',
      ])
        expect(card).toContain(en);
      for (const fr of ['Date limite', 'Défavorable', 'Enregistrer mes avis', 'Commentaire'])
        expect(card).not.toContain(fr);

      // DDCS94 is not invited to the newest rounds: French, with no locale.
      const [none] = await say(MARIE, 'consultations', marie);
      expect(none).toContain('Aucune consultation en cours.');
      const [noneEn] = await say(MARIE, 'consultations', { ...channelOver, locale: 'en-US' });
      expect(noneEn).toContain('No open consultation.');
    });

    it('shows the field errors and the confirmation on the card in English', async () => {
      const [e1, e2] = newest.enjeux;
      const refused = await execute(
        JOHN,
        'avis.submit',
        { roundId: newest.id, [`avis_${e1!.id}`]: 'defavorable', [`avis_${e2!.id}`]: 'favorable' },
        english,
      );
      expect(refused.type).toBe('application/vnd.microsoft.card.adaptive');
      const refusedCard = JSON.stringify(refused.value);
      expect(refusedCard).toContain(
        'an unfavourable avis must give its reason. Write it in the comment.',
      );
      expect(refusedCard).not.toContain('doit être motivé');
      expect(await t.db.avis.count({ where: { roundId: newest.id } })).toBe(0);

      const empty = await execute(JOHN, 'avis.submit', { roundId: newest.id }, english);
      expect(JSON.stringify(empty.value)).toContain(
        'Nothing to record: choose an avis for at least one enjeu.',
      );

      const ok = await execute(
        JOHN,
        'avis.submit',
        {
          roundId: newest.id,
          [`avis_${e1!.id}`]: 'defavorable',
          [`comment_${e1!.id}`]: 'Not enough for the communes.',
          [`avis_${e2!.id}`]: 'favorable',
        },
        english,
      );
      const card = JSON.stringify(ok.value);
      expect(card).toContain('Avis recorded.');
      expect(card).toContain(
        'Avis given by John Smith for Conseil départemental du Val-de-Marne, on',
      );
      expect(card).not.toContain('Avis enregistré');
      expect(await t.db.avis.count({ where: { roundId: newest.id } })).toBe(2);
    });

    it('says in English that the deadline has passed', async () => {
      clock = new Date('2026-12-21T09:00:00Z');
      const res = await execute(
        JOHN,
        'avis.submit',
        { roundId: newest.id, [`avis_${newest.enjeux[0]!.id}`]: 'abstention' },
        english,
      );
      const card = JSON.stringify(res.value);
      expect(card).toContain('The deadline of this consultation has passed');
      expect(card).not.toContain('date limite');
      expect(card).not.toContain('avis.submit');
    });
  });
});
