import type { Express } from 'express';
import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { createInviteCode } from '../../src/app/create-invite-code';
import { seedDemo } from '../../src/app/seed-demo';
import {
  mountTeamsForConcerto,
  type MountedConcertoTeams,
} from '../../src/adapters/teams/concerto-handlers';
import { TeamsNotifier } from '../../src/adapters/teams/notifier';
import type { NeutralMessage } from '../../src/domain/messages';
import { createHttpApp } from '../../src/http/server';
import { createTestDb, type TestDb } from '../support/db';
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
 * An evaluation (a grid) launched from the Teams launch card as a consultation is: the grid
 * offered beside the draft versions, the invitation with « Remplir la grille », the
 * « consultations » command listing it. Bot Framework activities with signed tokens against the
 * real web server and Postgres, the fake Bot Connector recording what is sent.
 */
const PILOT = { id: '29:pilot', name: 'Paul Pilote', aadObjectId: 'aad-pilot' };
const MARIE = { id: '29:marie', name: 'Marie Dupont', aadObjectId: 'aad-marie' };
const PILOT_CONV = { conversationType: 'personal', tenantId: TENANT_ID, id: 'a:pilot-chat' };
const DDCS_CHANNEL = '19:ddcs-evaluations@thread.tacv2';
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
    channel: { id: DDCS_CHANNEL, name: 'Caf' },
  },
};
type InvokeBody = { statusCode: number; type: string; value: unknown };

describe('an evaluation launched from Teams', () => {
  let t: TestDb;
  let jwks: TestJwks;
  let connector: FakeConnector;
  let server: Awaited<ReturnType<typeof listen>>;
  let mounted: MountedConcertoTeams | undefined;
  let deps: AppDeps;
  let tenantId: string;
  let config: ReturnType<typeof teamsConfig>;
  const clock = new Date('2026-11-28T09:00:00Z');

  beforeAll(async () => {
    [t, jwks, connector] = await Promise.all([createTestDb(), startJwks(), startFakeConnector()]);
    config = teamsConfig({
      PUBLIC_URL: 'https://concerto.caf94.example',
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
        });
      },
    });
    server = await listen(app);
    const pilotCode = await createInviteCode(deps, { tenantId, role: 'pilot', actor: CLI_ACTOR });
    expect(
      (await say(PILOT, `rejoindre ${pilotCode.code}`, { conversation: PILOT_CONV }))[0],
    ).toContain('pilote');
    const partnerCode = await createInviteCode(deps, {
      tenantId,
      organisationCode: 'DDCS94',
      role: 'partner',
      actor: CLI_ACTOR,
    });
    expect((await say(MARIE, `rejoindre ${partnerCode.code}`, channelOver))[0]).toContain(
      'Compte relié',
    );
  });

  afterAll(async () => {
    await server?.close();
    await connector?.close();
    await jwks?.close();
    await t?.drop();
  });

  const token = () => jwks.botToken({ audience: CLIENT_ID, serviceUrl: connector.url });
  async function say(from: typeof PILOT, text: string, over: Record<string, unknown> = {}) {
    const before = connector.calls.length;
    const res = await post(
      server.url,
      messageActivity(connector.url, text, { from, ...over }),
      token(),
    );
    expect(res.status).toBe(200);
    return connector.calls.slice(before).map((c) => JSON.stringify(c.body));
  }
  const launch = async (data: Record<string, unknown>) => {
    const res = await post(
      server.url,
      executeActivity(connector.url, 'round.launch', data, {
        from: PILOT,
        conversation: PILOT_CONV,
      }),
      token(),
    );
    expect(res.status).toBe(200);
    return JSON.stringify((res.body as InvokeBody).value);
  };
  const org = (code: string) =>
    t.db.organisation.findUniqueOrThrow({ where: { tenantId_code: { tenantId, code } } });

  it('offers the Caf’s grid on the launch card, with the evaluation’s rules', async () => {
    const [form] = await say(PILOT, 'lancer', { conversation: PILOT_CONV });
    expect(form).toContain('round.launch');
    expect(form).toContain('grille:evaluation-94');
    expect(form).toContain('Évaluation : Évaluer l');
    expect(form).toContain('une fois par organisation');
    // The newest draft version stays the one pre-selected.
    const draft = await t.db.draftVersion.findFirstOrThrow({
      where: { tenantId },
      orderBy: { createdAt: 'desc' },
    });
    expect(form).toContain(draft.id);
  });

  it('refuses an unknown grid on the card; launches the evaluation; the invitation says « Remplir la grille »', async () => {
    const base = {
      organisationIds: [(await org('DDCS94')).id, (await org('CD94')).id].join(','),
      deadlineDate: '2026-12-15',
      deadlineTime: '18:00',
      reminderSchedule: '2j',
      silenceVautFavorable: 'true',
      resultsVisibleDuringRound: 'false',
    };
    const refused = await launch({ ...base, draftVersionId: 'grille:inconnue' });
    expect(refused).toContain('round.launch');
    expect(refused).toContain('une grille d’évaluation de la Caf');
    expect(await t.db.round.count({ where: { tenantId } })).toBe(0);

    const ok = await launch({ ...base, draftVersionId: 'grille:evaluation-94' });
    expect(ok).toContain('Évaluation n° 1 lancée');
    const round = await t.db.round.findFirstOrThrow({ where: { tenantId } });
    expect(round).toMatchObject({
      kind: 'survey',
      answerMode: 'organisation',
      draftVersionId: null,
      silenceMeansFavorable: false,
    });
    expect(round.reminderSchedule).toEqual(['P2D']);

    const delivery = await t.db.delivery.findFirstOrThrow({
      where: { kind: 'round.invitation', destination: { platform: 'teams' } },
      include: { destination: true },
    });
    expect(delivery.destination.address).toBe(DDCS_CHANNEL);
    const notifier = new TeamsNotifier({ config, log: deps.log, app: mounted!.app });
    const before = connector.calls.length;
    await notifier.send(
      {
        workspaceId: delivery.destination.workspaceId,
        address: delivery.destination.address,
        reference: delivery.destination.reference,
      },
      delivery.payload as unknown as NeutralMessage,
    );
    const card = JSON.stringify(connector.calls[before]!.body);
    expect(card).toContain('Évaluation n° 1');
    expect(card).toContain('Remplir la grille');
    expect(card).toContain('avis.open');
  });

  it('« consultations » lists the evaluation for the pilot and the partner', async () => {
    const [pilot] = await say(PILOT, 'consultations', { conversation: PILOT_CONV });
    expect(pilot).toContain('Évaluation n° 1 — Évaluer l');
    expect(pilot).toContain('0 organisation sur 2 a terminé la grille');
    const marie = (await say(MARIE, 'consultations', channelOver)).join('\n');
    expect(marie).toContain('Évaluation n° 1 — Évaluer l');
    expect(marie).toContain('pas encore rempli la grille');
    expect(marie).toContain('Remplir la grille (n° 1)');
    expect(marie).toContain('avis.open');
  });
});
