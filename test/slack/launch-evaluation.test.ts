import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import type { Notifier } from '../../src/adapters/notifier';
import { startSlackServer } from '../support/slack-server';
import { SlackNotifier } from '../../src/adapters/slack/notifier';
import { createInviteCode } from '../../src/app/create-invite-code';
import { CLI_ACTOR, type AppDeps } from '../../src/app/deps';
import { seedDemo } from '../../src/app/seed-demo';
import { ZConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createQueueOutbox } from '../../src/queue/outbox';
import { createQueues, type Queues } from '../../src/queue/queues';
import { startWorker, type RunningWorker } from '../../src/queue/worker';
import { deletePrefixKeys } from '../support/redis';
import { createTestDb, type TestDb } from '../support/db';
import {
  appHomeOpened,
  FakeSlack,
  postSigned,
  slashCommand,
  viewSubmission,
  type SlackRequest,
} from '../support/fake-slack';

/**
 * An evaluation (a grid) launched from Slack's launch modal as a consultation is: the grid is
 * offered beside the draft versions, the invitations go to the organisations with « Remplir la
 * grille », and the chat lists (« consultations », App Home) show it. Signed requests to the real
 * server, the real delivery worker, a local fake of Slack's Web API.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'launch-eval-secret-0123456789abcdef';
const TEAM = 'T0CAF94';
const PILOT = { userId: 'U0PILOT', channelId: 'C0PILOTES' };
const MARIE = { userId: 'U0MARIE', channelId: 'C0DDCS' };
const JEAN = { userId: 'U0JEAN', channelId: 'C0CD94' };
const GRID_TITLE = "Évaluer l'animation de la vie sociale dans le Val-de-Marne";

type View = {
  callback_id: string;
  private_metadata: string;
  blocks: {
    type: string;
    block_id?: string;
    hint?: { text: string };
    element?: {
      options?: { value: string; text: { text: string } }[];
      initial_option?: { value: string };
    };
  }[];
};

describe('an evaluation launched from Slack', () => {
  jest.setTimeout(60_000);
  let t: TestDb;
  let fake: FakeSlack;
  let redis: Redis;
  let queues: Queues;
  let worker: RunningWorker;
  let server: Awaited<ReturnType<typeof startSlackServer>>;
  let deps: AppDeps;
  let tenantId: string;
  let url = '';
  const prefix = `test-slack-launch-eval-${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    [t, fake] = await Promise.all([createTestDb(), new FakeSlack().start()]);
    const log = createLogger(process.env.SLACK_TEST_LOG ?? 'silent');
    redis = new Redis(REDIS_URL);
    queues = createQueues({ redisUrl: REDIS_URL, prefix });
    deps = {
      db: t.db,
      now: () => new Date(),
      log,
      outbox: createQueueOutbox(queues, { db: t.db, log }),
      publicUrl: 'https://concerto.caf94.example',
    };
    tenantId = (await seedDemo(deps, { actor: CLI_ACTOR })).tenant.id;
    const config = ZConfig.parse({
      NODE_ENV: 'test',
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      SLACK_BOT_TOKEN: 'xoxb-eval',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    server = await startSlackServer({ config, deps, log, redis });
    url = `${server.base}/slack/events`;
    const console: Notifier = {
      platform: 'console',
      send: async () => ({ messageId: `console-${randomBytes(4).toString('hex')}` }),
    };
    worker = await startWorker({
      config: { REDIS_URL, QUEUE_PREFIX: prefix },
      deps,
      log,
      schedulers: false,
      notifiers: {
        console,
        slack: new SlackNotifier({ tokenFor: async () => 'xoxb-eval', slackApiUrl: fake.apiUrl }),
      },
    });
    const pilotCode = await createInviteCode(deps, { tenantId, role: 'pilot', actor: CLI_ACTOR });
    expect(await command(PILOT, `rejoindre ${pilotCode.code}`)).toContain('vous êtes pilote');
    for (const [who, code] of [
      [MARIE, 'DDCS94'],
      [JEAN, 'CD94'],
    ] as const) {
      const c = await createInviteCode(deps, {
        tenantId,
        role: 'partner',
        organisationCode: code,
        actor: CLI_ACTOR,
      });
      expect(await command(who, `rejoindre ${c.code}`)).toContain('Compte relié à');
    }
  });

  afterAll(async () => {
    await server?.close();
    await worker?.close();
    await queues?.close();
    await redis?.quit();
    await deletePrefixKeys(prefix);
    await fake?.stop();
    await t?.drop();
  });

  const send = async (request: SlackRequest) => postSigned(url, SECRET, request);
  const waitUntil = async <T>(what: string, fn: () => T | undefined | false, ms = 15_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = fn();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  async function command(who: { userId: string; channelId: string }, text: string) {
    const id = randomBytes(4).toString('hex');
    const res = await send(
      slashCommand({ teamId: TEAM, ...who, text, responseUrl: fake.responseUrl(id) }),
    );
    expect(res.status).toBe(200);
    const [reply] = await waitUntil(`an answer to « ${text} »`, () => {
      const found = fake.callsTo('response_url').filter((c) => c.responseId === id);
      return found.length > 0 && found;
    });
    return JSON.stringify(reply!.body);
  }
  const posts = (channel: string) =>
    fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel && c.status === 200);
  const org = (code: string) =>
    t.db.organisation.findUniqueOrThrow({ where: { tenantId_code: { tenantId, code } } });
  const submit = (subject: string, ids: string[], silence: boolean) =>
    send(
      viewSubmission({
        teamId: TEAM,
        userId: PILOT.userId,
        view: { callback_id: 'launch.submit', private_metadata: '{}' },
        values: {
          'launch:draftVersion': {
            value: { type: 'static_select', selected_option: { value: subject } },
          },
          'launch:organisations': {
            value: {
              type: 'multi_static_select',
              selected_options: ids.map((value) => ({ value })),
            },
          },
          'launch:deadline': {
            value: {
              type: 'datepicker',
              selected_date: DateTime.now().setZone('Europe/Paris').plus({ days: 20 }).toISODate(),
            },
          },
          'launch:deadlineTime': { value: { type: 'timepicker', selected_time: '18:00' } },
          'launch:reminders': { value: { type: 'plain_text_input', value: '7, 2' } },
          'launch:options': {
            value: {
              type: 'checkboxes',
              selected_options: silence ? [{ value: 'silence_vaut_favorable' }] : [],
            },
          },
        },
      }),
    );

  it('offers the Caf’s grid beside the draft versions, with the evaluation’s rules', async () => {
    const before = fake.callsTo('views.open').length;
    await send(slashCommand({ teamId: TEAM, ...PILOT, text: 'lancer' }));
    await fake.waitFor('views.open', before + 1);
    const view = fake.callsTo('views.open').at(-1)!.body.view as View;
    const subject = view.blocks.find((b) => b.block_id === 'launch:draftVersion')!;
    const options = subject.element!.options!;
    // Draft versions first (the newest pre-selected), then the grid.
    expect(subject.element!.initial_option!.value).toBe(options[0]!.value);
    expect(options[0]!.value).not.toMatch(/^grille:/);
    expect(options.at(-1)).toEqual({
      value: 'grille:evaluation-94',
      text: expect.objectContaining({ text: `Évaluation : ${GRID_TITLE}` }),
    });
    expect(subject.hint!.text).toContain('une fois par organisation');
    expect(subject.hint!.text).toContain('console');
    expect(subject.hint!.text).toContain('ne s’applique pas à une évaluation');
  });

  it('refuses a grid that is not the Caf’s under the subject field, and launches nothing', async () => {
    const res = await submit('grille:inconnue', [(await org('CD94')).id], false);
    const body = res.json as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors['launch:draftVersion']).toContain('une grille d’évaluation de la Caf');
    expect(await t.db.round.count({ where: { tenantId } })).toBe(0);
  });

  it('launches the evaluation per organisation; the organisations get « Remplir la grille »', async () => {
    const ids = await Promise.all(['DDCS94', 'CD94'].map(async (c) => (await org(c)).id));
    // « Le silence vaut avis favorable » ticked: ignored for an evaluation (the hint says so).
    const res = await submit('grille:evaluation-94', ids, true);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const round = await t.db.round.findFirstOrThrow({
      where: { tenantId },
      include: { invitations: true },
    });
    expect(round).toMatchObject({
      kind: 'survey',
      status: 'open',
      answerMode: 'organisation',
      draftVersionId: null,
      silenceMeansFavorable: false,
      eventCode: null,
    });
    expect(round.invitations.map((i) => i.organisationId).sort()).toEqual([...ids].sort());
    expect(round.reminderSchedule).toHaveLength(2);

    await waitUntil('launch confirmation', () => posts(PILOT.userId).length > 0);
    const confirmation = JSON.stringify(posts(PILOT.userId)[0]!.body);
    expect(confirmation).toContain('Évaluation n° 1 lancée');
    expect(confirmation).toContain('2 organisations invitées');

    for (const who of [MARIE, JEAN]) {
      const [call] = await waitUntil(
        `invitation to ${who.channelId}`,
        () => posts(who.channelId).length > 0 && posts(who.channelId),
      );
      const body = JSON.stringify(call!.body);
      expect(body).toContain('Évaluation n° 1');
      expect(body).toContain('Remplir la grille');
      expect(body).not.toContain('Donner notre avis');
    }
  });

  it('/concerto consultations and the App Home show the evaluation and its state', async () => {
    const pilot = await command(PILOT, 'consultations');
    expect(pilot).toContain('Consultations en cours (1)');
    expect(pilot).toContain('Évaluation n° 1 — Évaluer l');
    expect(pilot).toContain('0 organisation sur 2 a terminé la grille');
    const marie = await command(MARIE, 'consultations');
    expect(marie).toContain('Évaluation n° 1 — ');
    expect(marie).toContain('pas encore rempli la grille');
    expect(marie).toContain('Remplir la grille (n° 1)');
    expect(marie).toContain('avis.open');

    const publishes = fake.callsTo('views.publish').length;
    await send(appHomeOpened({ teamId: TEAM, userId: PILOT.userId }));
    await fake.waitFor('views.publish', publishes + 1);
    const home = JSON.stringify(fake.callsTo('views.publish').at(-1)!.body);
    expect(home).toContain('Évaluation n° 1 — ');
    expect(home).toContain('a terminé la grille');

    await send(appHomeOpened({ teamId: TEAM, userId: MARIE.userId }));
    await fake.waitFor('views.publish', publishes + 2);
    const partnerHome = JSON.stringify(fake.callsTo('views.publish').at(-1)!.body);
    expect(partnerHome).toContain('Évaluation n° 1 — ');
    expect(partnerHome).toContain('Remplir la grille (n° 1)');
  });

  it('/concerto statut on the evaluation: who stands where for the Caf, its own grid for a partner', async () => {
    // The newest open round is the evaluation: « statut » without a number is about it.
    const pilot = await command(PILOT, 'statut');
    expect(pilot).toContain('Statut de l’évaluation n° 1 : ');
    expect(pilot).toContain('0 organisation sur 2 a terminé la grille, 0 en brouillon.');
    expect(pilot).toContain('Pas encore remplie (2)');
    expect(pilot).toContain('Conseil départemental du Val-de-Marne');
    expect(pilot).toContain('ouverte');
    expect(pilot).not.toContain('enjeu');
    const marie = await command(MARIE, 'statut 1');
    expect(marie).toContain('Statut de l’évaluation n° 1 : ');
    expect(marie).toContain('Votre organisation n’a pas encore rempli la grille.');
    expect(marie).not.toContain('Conseil départemental');
    expect(marie).not.toContain('Pas encore remplie');
  });
});
