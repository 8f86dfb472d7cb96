import ExcelJS from 'exceljs';
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import type { Notifier } from '../../src/adapters/notifier';
import { startSlackServer } from '../support/slack-server';
import { SlackNotifier } from '../../src/adapters/slack/notifier';
import { createInviteCode } from '../../src/app/create-invite-code';
import { launchRound } from '../../src/app/launch-round';
import { CLI_ACTOR, type AppDeps } from '../../src/app/deps';
import { seedDemo } from '../../src/app/seed-demo';
import { ZConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createQueueOutbox } from '../../src/queue/outbox';
import { createQueues, type Queues } from '../../src/queue/queues';
import { startWorker, type RunningWorker } from '../../src/queue/worker';
import { deletePrefixKeys } from '../support/redis';
import { codesOfKind, newestRoundInvitations, roundOnVersion2 } from '../support/rounds';
import { createTestDb, type TestDb } from '../support/db';
import {
  appHomeOpened,
  avisStateValues,
  blockActions,
  FakeSlack,
  postSigned,
  slashCommand,
  viewSubmission,
  type SlackRequest,
} from '../support/fake-slack';

/**
 * A whole consultation in Slack: signed slash commands, block actions and view submissions in
 * Slack's wire format sent to the real web server (Postgres, Redis de-duplication), the real
 * delivery worker sending through SlackNotifier to a local fake of Slack's Web API.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'e2e-signing-secret-0123456789abcdef';
const TEAM = 'T0CAF94';
const PILOT = { userId: 'U0PILOT', channelId: 'C0PILOTES' };
const MARIE = { userId: 'U0MARIE', channelId: 'C0DDCS' };
const JEAN = { userId: 'U0JEAN', channelId: 'C0CD94' };
const ANNE = { userId: 'U0ANNE', channelId: 'C0ANNE' };

type View = {
  callback_id: string;
  private_metadata: string;
  blocks: {
    type: string;
    block_id?: string;
    element?: {
      options?: { value: string }[];
      option_groups?: { label: { text: string }; options: { value: string }[] }[];
      initial_option?: { value: string };
      initial_value?: string;
    };
  }[];
};

describe('a consultation round in Slack, end to end', () => {
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
  let roundId = '';
  let enjeux: { id: string; title: string }[] = [];
  const prefix = `test-slack-${randomBytes(5).toString('hex')}`;
  const invitationTs = new Map<string, string>();

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
      SLACK_BOT_TOKEN: 'xoxb-e2e',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    server = await startSlackServer({ config, deps, log, redis });
    url = `${server.base}/slack/events`;
    // The demo also reaches some organisations and the pilots on the console: a silent notifier.
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
        slack: new SlackNotifier({ tokenFor: async () => 'xoxb-e2e', slackApiUrl: fake.apiUrl }),
      },
    });
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

  const send = async (
    request: SlackRequest,
    options: Parameters<typeof postSigned>[3] = {},
  ): Promise<{ status: number; text: string; json?: unknown }> =>
    postSigned(url, SECRET, request, options);

  /** A slash command; resolves with what was answered privately through response_url. */
  const command = async (who: { userId: string; channelId: string }, text: string) => {
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
  };

  const posts = (channel: string) =>
    fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel && c.status === 200);
  const waitUntil = async <T>(what: string, fn: () => T | undefined | false, ms = 15_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = fn();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const org = (code: string) =>
    t.db.organisation.findUniqueOrThrow({ where: { tenantId_code: { tenantId, code } } });
  const history = () => t.db.avisHistory.count({ where: { tenantId } });
  const lastOpenedView = () => {
    const call = fake.callsTo('views.open').at(-1);
    return (call?.body.view ?? {}) as View;
  };

  it('refuses forged, stale and future requests and records nothing', async () => {
    const req = slashCommand({ teamId: TEAM, ...PILOT, text: 'aide' });
    const now = Math.floor(Date.now() / 1000);
    expect((await send(req, { signature: `v0=${'0'.repeat(64)}` })).status).toBe(401);
    expect((await postSigned(url, 'another-secret', req)).status).toBe(401);
    expect((await send(req, { ts: now - 6 * 60 })).status).toBe(401);
    expect((await send(req, { ts: now + 6 * 60 })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    // Bolt checks its token once at start-up (auth.test); nothing else reached Slack.
    expect(fake.calls.filter((c) => c.method !== 'auth.test')).toHaveLength(0);
  });

  it('links the pilot and two partners with one-time codes (user and channel)', async () => {
    fake.setUserName(MARIE.userId, 'Marie <!channel> Dupont');
    fake.setUserLocale(JEAN.userId, 'en-GB');
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
      // Jean's Slack speaks English.
      expect(await command(who, `rejoindre ${c.code}`)).toContain(
        who === JEAN ? 'Account linked to Conseil départemental' : 'Compte relié à',
      );
      // Spent: typed again (by anyone), it links nothing.
      expect(await command(ANNE, `rejoindre ${c.code}`)).toContain('déjà été utilisé');
    }
    expect(await command(ANNE, 'rejoindre ZZZZ-9999')).toContain('inconnu');

    const destinations = await t.db.destination.findMany({
      where: { tenantId, platform: 'slack' },
      orderBy: { createdAt: 'asc' },
    });
    expect(destinations.map((d) => [d.workspaceId, d.address, d.forPilots])).toEqual([
      [TEAM, PILOT.channelId, true],
      [TEAM, MARIE.channelId, false],
      [TEAM, JEAN.channelId, false],
    ]);
    expect(destinations[1]?.organisationId).toBe((await org('DDCS94')).id);
    expect(await t.db.platformIdentity.count({ where: { platform: 'slack' } })).toBe(3);
  });

  it('refuses pilot commands to a partner, politely, in French or English', async () => {
    for (const sub of ['lancer', 'relancer', 'clore', 'exporter', 'agrements'])
      expect(await command(MARIE, sub)).toContain('réservée aux pilotes');
    // A partner may ask for the results of its own rounds, and has none yet.
    expect(await command(MARIE, 'statut')).toContain("n'est invitée à aucune consultation");
    expect(await command(JEAN, 'lancer')).toContain('for the Caf’s pilots only');
    expect(fake.callsTo('views.open')).toHaveLength(0);
    // Not linked at all: asked for the code.
    const notLinked = await command(ANNE, 'statut');
    expect(notLinked).toContain('rejoindre');
    // In Slack the command to type is the slash command, not « rejoindre <code> ».
    expect(notLinked).toMatch(/`\/concerto rejoindre (<|&lt;)code(>|&gt;)`/);
    expect(notLinked).not.toContain('« rejoindre');
    // A pilot with no round yet is shown the Slack way to name one.
    expect(await command(PILOT, 'statut')).toContain('`/concerto statut 3`');
    // A refused launch submission (a forged view) launches nothing.
    const res = await send(
      viewSubmission({
        teamId: TEAM,
        userId: MARIE.userId,
        view: { callback_id: 'launch.submit', private_metadata: '{}' },
        values: {
          'launch:draftVersion': {
            value: { type: 'static_select', selected_option: { value: randomUUID() } },
          },
          'launch:deadline': { value: { type: 'datepicker', selected_date: '2099-01-01' } },
          'launch:deadlineTime': { value: { type: 'timepicker', selected_time: '18:00' } },
          'launch:reminders': { value: { type: 'plain_text_input', value: '7' } },
        },
      }),
    );
    expect(JSON.stringify(res.json)).toContain('réservée aux pilotes');
    expect(await t.db.round.count({ where: { tenantId } })).toBe(0);
  });

  it('launches a round from the modal; a 429 delays the invitation, it is not dropped', async () => {
    const before = fake.callsTo('views.open').length;
    await send(slashCommand({ teamId: TEAM, ...PILOT, text: 'lancer' }));
    await fake.waitFor('views.open', before + 1);
    const view = lastOpenedView();
    expect(view.callback_id).toBe('launch.submit');
    const draftOption = view.blocks.find((b) => b.block_id === 'launch:draftVersion')?.element
      ?.initial_option?.value;
    const orgOptions = view.blocks
      .find((b) => b.block_id === 'launch:organisations')
      ?.element?.option_groups?.flatMap((g) => g.options);
    const ids = await Promise.all(['DDCS94', 'CD94', 'FCS94'].map(async (c) => (await org(c)).id));
    expect(orgOptions?.map((o) => o.value)).toEqual(expect.arrayContaining(ids));
    // Every partner of the demo is offered (more than one Slack list holds), the Caf is not.
    const partners = await t.db.organisation.count({ where: { tenantId, kind: { not: 'caf' } } });
    expect(partners).toBeGreaterThan(100);
    expect(new Set(orgOptions?.map((o) => o.value)).size).toBe(partners);

    fake.rateLimit('chat.postMessage', 1, 1, (b) => b.channel === MARIE.channelId);
    const deadline = DateTime.now().setZone('Europe/Paris').plus({ days: 20 }).toISODate()!;
    const res = await send(
      viewSubmission({
        teamId: TEAM,
        userId: PILOT.userId,
        view: { callback_id: 'launch.submit', private_metadata: view.private_metadata },
        values: {
          'launch:draftVersion': {
            value: { type: 'static_select', selected_option: { value: draftOption } },
          },
          'launch:organisations': {
            value: {
              type: 'multi_static_select',
              selected_options: ids.map((value) => ({ value })),
            },
          },
          'launch:deadline': { value: { type: 'datepicker', selected_date: deadline } },
          'launch:deadlineTime': { value: { type: 'timepicker', selected_time: '18:00' } },
          'launch:reminders': { value: { type: 'plain_text_input', value: '7, 2, 0' } },
          'launch:options': { value: { type: 'checkboxes', selected_options: [] } },
        },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const round = await t.db.round.findFirstOrThrow({
      where: { tenantId },
      include: { draftVersion: { include: { enjeux: { orderBy: { position: 'asc' } } } } },
    });
    expect(round.status).toBe('open');
    roundId = round.id;
    enjeux = round.draftVersion!.enjeux.map((e) => ({ id: e.id, title: e.title }));
    expect(enjeux).toHaveLength(3);

    // The pilot's confirmation, privately (DM with the app).
    await waitUntil('launch confirmation', () => posts(PILOT.userId).length > 0);
    expect(JSON.stringify(posts(PILOT.userId)[0]?.body)).toContain('Consultation n° 1 lancée');

    // Invitations through the worker: Jean's at once, Marie's after Slack's Retry-After.
    const [toJean] = await waitUntil(
      'invitation to CD94',
      () => posts(JEAN.channelId).length > 0 && posts(JEAN.channelId),
    );
    const [toMarie] = await waitUntil(
      'invitation to DDCS',
      () => posts(MARIE.channelId).length > 0 && posts(MARIE.channelId),
    );
    const attempts = fake
      .callsTo('chat.postMessage')
      .filter((c) => c.body.channel === MARIE.channelId);
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
    for (const [channel, call] of [
      [JEAN.channelId, toJean],
      [MARIE.channelId, toMarie],
    ] as const) {
      const body = JSON.stringify(call!.body);
      expect(body).toContain('Consultation n° 1');
      expect(body).toContain('Donner notre avis');
      expect(body).toContain('Lire le projet complet');
      expect(call!.body.thread_ts).toBeUndefined();
      invitationTs.set(channel, await sentTs(channel));
    }
    const deliveries = await t.db.delivery.findMany({
      where: { tenantId, kind: 'round.invitation', destination: { platform: 'slack' } },
    });
    expect(deliveries.map((d) => d.status).sort()).toEqual(['sent', 'sent']);
  });

  it('/concerto consultations lists the open round for my organisation, what is left, and the button', async () => {
    const mine = await command(MARIE, 'consultations');
    expect(mine).toContain('Consultations en cours (1)');
    expect(mine).toContain('N° 1 : ');
    expect(mine).toContain('Votre organisation a répondu à 0 enjeu sur 3');
    expect(mine).toContain('Date limite : ');
    // The button opens the vote modal for this round, and carries only its id.
    expect(mine).toContain(`"value":"${roundId}"`);
    expect(mine).toContain('Donner notre avis');
    // Jean's Slack speaks English: so does the answer, dates included.
    const jean = await command(JEAN, 'consultations');
    expect(jean).toContain('Open consultations (1)');
    expect(jean).toContain('Your organisation has answered 0 of 3 enjeux');
    expect(jean).toMatch(
      /Deadline: [^"]*(January|February|March|April|May|June|July|August|September|October|November|December)/,
    );
    expect(jean).toContain('Give our avis');
    // The pilot sees participation, without a vote button.
    const pilot = await command(PILOT, 'consultations');
    // « 0 organisation sur 3 a répondu », never « 0/3 organisations ont répondu ».
    expect(pilot).toContain('0 organisation sur 3 a répondu à tous les enjeux.');
    expect(pilot).not.toContain('Donner notre avis');
    // Not linked: asked for the code, shown nothing.
    const anne = await command(ANNE, 'consultations');
    expect(anne).toContain('rejoindre');
    expect(anne).not.toContain('N° 1');
  });

  async function sentTs(channel: string): Promise<string> {
    // The worker records the message's ts after Slack (the fake) answered: under load that write
    // can trail the fake's record of the call by a few milliseconds.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const d = await t.db.delivery.findFirstOrThrow({
        where: {
          tenantId,
          kind: 'round.invitation',
          destination: { platform: 'slack', address: channel },
        },
      });
      if (d.platformMessageId || Date.now() > deadline) {
        expect(d.platformMessageId).toMatch(/^\d{10}\.\d{6}$/);
        return d.platformMessageId!;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  const openModal = async (who: { userId: string; channelId: string }) => {
    const before = fake.callsTo('views.open').length;
    const res = await send(
      blockActions({
        teamId: TEAM,
        ...who,
        actionId: 'avis.open',
        value: roundId,
        messageTs: invitationTs.get(who.channelId),
        responseUrl: fake.responseUrl(`action-${who.userId}`),
      }),
    );
    expect(res.status).toBe(200);
    await fake.waitFor('views.open', before + 1);
    return lastOpenedView();
  };
  const submitAvis = (
    who: { userId: string },
    view: View,
    entries: { enjeuId: string; choice?: string | null; comment?: string | null }[],
    options: Parameters<typeof postSigned>[3] = {},
    request = viewSubmission({
      teamId: TEAM,
      userId: who.userId,
      view: {
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        blocks: view.blocks,
      },
      values: avisStateValues(entries),
    }),
  ) => send(request, options).then((res) => ({ ...res, request }));

  it('a partner gives its avis on three enjeux: stored, confirmed privately, invitation updated', async () => {
    const view = await openModal(MARIE);
    expect(view.callback_id).toBe('avis.submit');
    const radios = view.blocks.filter((b) => b.block_id?.endsWith(':choice'));
    expect(radios.map((b) => b.block_id)).toEqual(enjeux.map((e) => `avis:${e.id}:choice`));

    const res = await submitAvis(MARIE, view, [
      { enjeuId: enjeux[0]!.id, choice: 'favorable' },
      {
        enjeuId: enjeux[1]!.id,
        choice: 'favorable_avec_reserves',
        comment: '<!channel> à préciser',
      },
      {
        enjeuId: enjeux[2]!.id,
        choice: 'defavorable',
        comment: 'Moyens insuffisants <https://evil.example|ici>',
      },
    ]);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const ddcs = await org('DDCS94');
    const rows = await t.db.avis.findMany({ where: { roundId, organisationId: ddcs.id } });
    expect(rows.map((r) => r.choice).sort()).toEqual(
      ['defavorable', 'favorable', 'favorable_avec_reserves'].sort(),
    );
    expect(rows.every((r) => r.channel === 'slack')).toBe(true);

    const [ephemeral] = await fake.waitFor('chat.postEphemeral');
    expect(ephemeral!.body).toMatchObject({ channel: MARIE.channelId, user: MARIE.userId });
    expect(JSON.stringify(ephemeral!.body)).toContain(
      'Avis enregistré pour Direction départementale',
    );

    const [update] = await fake.waitFor('chat.update');
    expect(update!.body).toMatchObject({
      channel: MARIE.channelId,
      ts: invitationTs.get(MARIE.channelId),
    });
    const updated = JSON.stringify(update!.body);
    expect(updated).toContain('3 enjeux sur 3');
    // The partner's display name holds <!channel>: shown, escaped, never a mention.
    expect(updated).toContain('Marie &lt;!channel&gt; Dupont');

    // Opened again, the modal is pre-filled with the organisation's avis.
    const again = await openModal(MARIE);
    const initial = again.blocks
      .filter((b) => b.block_id?.startsWith('avis:'))
      .map((b) => b.element?.initial_option?.value ?? b.element?.initial_value);
    expect(initial).toEqual([
      'favorable',
      undefined,
      'favorable_avec_reserves',
      '<!channel> à préciser',
      'defavorable',
      'Moyens insuffisants <https://evil.example|ici>',
    ]);
  });

  it('refuses an 8,000-character comment under its field and stores nothing', async () => {
    const view = lastOpenedView();
    const before = await history();
    const res = await submitAvis(MARIE, view, [
      { enjeuId: enjeux[0]!.id, choice: 'defavorable', comment: 'x'.repeat(8000) },
    ]);
    expect(res.status).toBe(200);
    const body = res.json as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual([`avis:${enjeux[0]!.id}:comment`]);
    expect(body.errors[`avis:${enjeux[0]!.id}:comment`]).toContain('8000 caractères');
    expect(await history()).toBe(before);
    const first = await t.db.avis.findFirstOrThrow({
      where: { roundId, enjeuId: enjeux[0]!.id, organisation: { code: 'DDCS94' } },
    });
    expect(first.choice).toBe('favorable');
  });

  it('asks for the reason of a défavorable under its comment field, and stores nothing', async () => {
    const view = lastOpenedView();
    const before = await history();
    const res = await submitAvis(MARIE, view, [
      { enjeuId: enjeux[0]!.id, choice: 'defavorable', comment: '   ' },
      { enjeuId: enjeux[1]!.id, choice: 'favorable' },
    ]);
    expect(res.status).toBe(200);
    const body = res.json as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual([`avis:${enjeux[0]!.id}:comment`]);
    expect(body.errors[`avis:${enjeux[0]!.id}:comment`]).toMatch(/motiv|raison/i);
    expect(await history()).toBe(before);
    // The other enjeu of the same submission was not saved either.
    const second = await t.db.avis.findFirstOrThrow({
      where: { roundId, enjeuId: enjeux[1]!.id, organisation: { code: 'DDCS94' } },
    });
    expect(second.choice).toBe('favorable_avec_reserves');
    expect(await command(MARIE, 'consultations')).toContain('a répondu à 3 enjeux sur 3');
  });

  it('gives field errors and refusals in English to a partner whose Slack is in English', async () => {
    const view = await openModal(JEAN);
    const before = await history();
    const res = await submitAvis(JEAN, view, [
      { enjeuId: enjeux[0]!.id, choice: 'defavorable', comment: '' },
    ]);
    const body = res.json as { response_action: string; errors: Record<string, string> };
    expect(body.errors[`avis:${enjeux[0]!.id}:comment`]).toContain(
      'an unfavourable avis must give its reason',
    );
    expect(await history()).toBe(before);
    // A mistyped code: refused in English, nothing linked.
    const identities = await t.db.platformIdentity.count();
    expect(await command(JEAN, 'rejoindre ZZZZ-9999')).toContain('This code is unknown');
    expect(await t.db.platformIdentity.count()).toBe(identities);
  });

  it('records a replayed retry once', async () => {
    const view = await openModal(JEAN);
    const before = await history();
    const first = await submitAvis(JEAN, view, [{ enjeuId: enjeux[0]!.id, choice: 'abstention' }]);
    expect(first.status).toBe(200);
    const retry = await send(first.request, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    const replay = await send(first.request);
    expect(replay.status).toBe(200);
    expect(await history()).toBe(before + 1);
    // One confirmation, in Jean's English.
    const toJean = await waitUntil('the confirmation to Jean', () => {
      const c = fake.callsTo('chat.postEphemeral').filter((e) => e.body.user === JEAN.userId);
      return c.length > 0 && c;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(
      fake.callsTo('chat.postEphemeral').filter((e) => e.body.user === JEAN.userId),
    ).toHaveLength(1);
    expect(JSON.stringify(toJean[0]!.body)).toContain(
      'Avis recorded for Conseil départemental du Val-de-Marne on 1 enjeu of consultation no. 1. Your organisation has answered 1 of 3 enjeux. You can change this avis until',
    );
  });

  it("a partner who edits the modal's metadata to vote for another organisation votes for its own", async () => {
    const view = lastOpenedView();
    const ddcs = await org('DDCS94');
    const cd = await org('CD94');
    const ddcsBefore = await t.db.avis.findMany({ where: { roundId, organisationId: ddcs.id } });
    const forged = {
      ...view,
      private_metadata: JSON.stringify({
        roundId,
        organisationId: ddcs.id,
        organisationCode: 'DDCS94',
      }),
    };
    const res = await submitAvis(JEAN, forged, [
      { enjeuId: enjeux[1]!.id, choice: 'defavorable', comment: 'Non.' },
    ]);
    expect(res.status).toBe(200);
    expect(await t.db.avis.findMany({ where: { roundId, organisationId: ddcs.id } })).toEqual(
      ddcsBefore,
    );
    const cdAvis = await t.db.avis.findMany({ where: { roundId, organisationId: cd.id } });
    expect(cdAvis.map((a) => a.choice).sort()).toEqual(['abstention', 'defavorable']);

    // A round id the partner's organisation is not invited to (or another tenant's) opens nothing;
    // Jean's Slack is in English, and so is the refusal (it was French before the catalogue).
    const other = await send(
      blockActions({
        teamId: TEAM,
        ...JEAN,
        actionId: 'avis.open',
        value: randomUUID(),
        responseUrl: fake.responseUrl('forged-open'),
      }),
    );
    expect(other.status).toBe(200);
    await waitUntil('refusal', () =>
      fake
        .callsTo('response_url')
        .some((c) => JSON.stringify(c.body).includes('Consultation not found.')),
    );
  });

  it('statut, relancer (threaded, non-responders only), App Home', async () => {
    const status = await command(PILOT, 'statut');
    expect(status).toContain('Statut de la consultation n° 1');
    expect(status).toContain('Fédération des centres sociaux');
    // The round shows results to partners only after it closes.
    expect(await command(MARIE, 'statut')).toContain('seront communiqués à sa clôture');

    const updatesBefore = fake.callsTo('chat.postMessage').length;
    const reminded = await command(PILOT, 'relancer');
    // CD94 (Slack) and FCS94 (the demo's console destination); DDCS answered everything.
    expect(reminded).toContain('envoyée à 2 organisations');
    await waitUntil('reminder to CD94', () => posts(JEAN.channelId).length >= 2);
    const reminder = posts(JEAN.channelId)[1]!;
    expect(reminder.body.thread_ts).toBe(invitationTs.get(JEAN.channelId));
    expect(JSON.stringify(reminder.body)).toContain('Rappel');
    await new Promise((r) => setTimeout(r, 300));
    expect(posts(MARIE.channelId)).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage').length).toBeGreaterThan(updatesBefore);

    // The agréments ending within 6 months, soonest first, for the pilot.
    const today = DateTime.now().setZone('Europe/Paris').startOf('day');
    const ending = await t.db.agrement.findMany({
      where: {
        tenantId,
        status: { in: ['active', 'renewal_in_progress'] },
        endDate: {
          gte: new Date(`${today.toISODate()}T00:00:00Z`),
          lte: new Date(`${today.plus({ months: 6 }).toISODate()}T00:00:00Z`),
        },
      },
      include: { organisation: true },
      orderBy: { endDate: 'asc' },
    });
    expect(ending.length).toBeGreaterThan(0);
    const agrements = await command(PILOT, 'agrements');
    expect(agrements).toContain(`d'ici 6 mois (${ending.length})`);
    expect(agrements).toContain(JSON.stringify(ending[0]!.organisation.name).slice(1, -1));
    expect(agrements).toMatch(/fin le \d{1,2} [a-zéû]+ 20\d\d/);

    const publishes = fake.callsTo('views.publish').length;
    await send(appHomeOpened({ teamId: TEAM, userId: JEAN.userId }));
    const [, ...rest] = await fake.waitFor('views.publish', publishes + 1);
    const home = JSON.stringify((rest.at(-1) ?? fake.callsTo('views.publish').at(-1))!.body);
    expect(home).toContain('Conseil départemental');
    expect(home).toContain('avis.open');
  });

  it('clore threads the results under each invitation; exporter uploads the workbook (XLSX), the CSV and the synthesis', async () => {
    const closed = await command(PILOT, 'clore');
    expect(closed).toContain('Consultation n° 1 close');
    await waitUntil(
      'results',
      () => posts(MARIE.channelId).length >= 2 && posts(JEAN.channelId).length >= 3,
    );
    for (const channel of [MARIE.channelId, JEAN.channelId]) {
      const results = posts(channel).at(-1)!;
      expect(results.body.thread_ts).toBe(invitationTs.get(channel));
      expect(JSON.stringify(results.body)).toContain('Résultats de la consultation n° 1');
    }
    const toPilots = await waitUntil('results to pilots', () =>
      posts(PILOT.channelId).find((c) => JSON.stringify(c.body).includes('Résultats')),
    );
    expect(toPilots.body.thread_ts).toBeUndefined();
    // Each invitation is updated in place: the « Donner notre avis » button is gone.
    for (const channel of [MARIE.channelId, JEAN.channelId]) {
      const update = await waitUntil('invitation updated after the close', () =>
        fake
          .callsTo('chat.update')
          .filter((c) => c.body.channel === channel && c.body.ts === invitationTs.get(channel))
          .find((c) => JSON.stringify(c.body).includes('Cette consultation est close')),
      );
      expect(JSON.stringify(update.body)).not.toContain('"action_id":"avis.open"');
    }
    // Closed: the partner may now see the results.
    expect(await command(MARIE, 'statut')).toContain('Statut de la consultation n° 1');

    const exported = await command(PILOT, 'exporter');
    expect(exported).toContain('Export de la consultation n° 1');
    const [complete] = await fake.waitFor('files.completeUploadExternal');
    expect(complete!.body.channel_id).toBe(PILOT.channelId);
    const titles = (complete!.body.files as { title: string }[]).map((f) => f.title);
    expect(titles).toEqual([
      'Classeur des résultats — consultation n° 1',
      'Synthèse PDF — consultation n° 1',
      'Avis — consultation n° 1',
      'Synthèse — consultation n° 1',
    ]);
    expect(exported).toContain(
      'le classeur Excel, la synthèse PDF, le CSV (une ligne par organisation et par enjeu) et la synthèse Markdown sont déposés dans ce canal',
    );
    const uploads = fake.callsTo('upload');
    expect(uploads).toHaveLength(4);
    // The PDF arrives as a PDF.
    expect(uploads.some((c) => (c.body.data as Buffer).includes('%PDF-', 0, 'latin1'))).toBe(true);
    expect(uploads.every((c) => Number(c.body.bytes) > 100)).toBe(true);
    // The workbook arrives whole (in the multipart body of its upload): it opens, with its sheets.
    const zip = uploads
      .map((c) => c.body.data as Buffer)
      .find((data) => data.includes('PK\x03\x04', 0, 'latin1'))!;
    const start = zip.indexOf('PK\x03\x04', 0, 'latin1');
    const end = zip.lastIndexOf('\r\n--', undefined, 'latin1');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(zip.subarray(start, end) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('Participation');
  });

  it("refuses the avis form of a closed round in the partner's language: English for Jean, French for Marie", async () => {
    const refusal = async (who: { userId: string; channelId: string }) => {
      const url = fake.responseUrl(`closed-open-${who.userId}`);
      const res = await send(
        blockActions({
          teamId: TEAM,
          ...who,
          actionId: 'avis.open',
          value: roundId,
          messageTs: invitationTs.get(who.channelId),
          responseUrl: url,
        }),
      );
      expect(res.status).toBe(200);
      const reply = await waitUntil('refusal', () =>
        fake.callsTo('response_url').find((c) => c.responseId === `closed-open-${who.userId}`),
      );
      return String((reply.body as { text?: string }).text);
    };
    // The same refusal (ROUND_CLOSED), the catalogue's words in each partner's Slack locale.
    expect(await refusal(JEAN)).toBe('This consultation is closed: avis can no longer be changed.');
    expect(await refusal(MARIE)).toBe(
      'Cette consultation est close : les avis ne sont plus modifiables.',
    );
  });

  it('invites to version 2 with what changed since the version the organisation answered', async () => {
    const { round } = await roundOnVersion2(deps, {
      tenantId,
      codes: ['DDCS94', 'CD94'],
      deadline: new Date(Date.now() + 14 * 86_400_000),
    });
    const marieBefore = posts(MARIE.channelId).length;
    await launchRound(deps, { tenantId, roundId: round.id, actor: CLI_ACTOR });
    const invitation = await waitUntil(
      'the version 2 invitation',
      () => posts(MARIE.channelId).length > marieBefore && posts(MARIE.channelId).at(-1),
    );
    // A new message in the channel, not a reply in round 1's thread.
    expect(invitation.body.thread_ts).toBeUndefined();
    const text = JSON.stringify(invitation.body);
    expect(text).toContain('Consultation n° 2');
    expect(text).toContain('version 2');
    expect(text).toContain('depuis la version 1');
    expect(text).toContain('(nouvel enjeu)');
  });

  it('launches to every organisation of the chosen kinds plus the chosen ones', async () => {
    const before = fake.callsTo('views.open').length;
    await send(slashCommand({ teamId: TEAM, ...PILOT, text: 'lancer' }));
    await fake.waitFor('views.open', before + 1);
    const view = lastOpenedView();
    const draftOption = view.blocks.find((b) => b.block_id === 'launch:draftVersion')?.element
      ?.initial_option?.value;
    const kinds = view.blocks.find((b) => b.block_id === 'launch:kinds')?.element?.options;
    expect(kinds?.map((k) => k.value)).toEqual(expect.arrayContaining(['federation', 'commune']));
    const cd = await org('CD94');
    const values = (kindValues: string[]) => ({
      'launch:draftVersion': {
        value: { type: 'static_select', selected_option: { value: draftOption } },
      },
      'launch:kinds': {
        value: {
          type: 'multi_static_select',
          selected_options: kindValues.map((value) => ({ value })),
        },
      },
      'launch:organisations': {
        value: { type: 'multi_static_select', selected_options: [{ value: cd.id }] },
      },
      'launch:deadline': {
        value: {
          type: 'datepicker',
          selected_date: DateTime.now().setZone('Europe/Paris').plus({ days: 20 }).toISODate(),
        },
      },
      'launch:deadlineTime': { value: { type: 'timepicker', selected_time: '18:00' } },
      // 30 days before a deadline 20 days away: in the past, not planned, and the pilot is told.
      'launch:reminders': { value: { type: 'plain_text_input', value: '30, 7' } },
    });
    const submit = (kindValues: string[]) =>
      send(
        viewSubmission({
          teamId: TEAM,
          userId: PILOT.userId,
          view: { callback_id: 'launch.submit', private_metadata: view.private_metadata },
          values: values(kindValues),
        }),
      );
    const rounds = await t.db.round.count({ where: { tenantId } });

    // A forged kind (the Caf itself) is refused under its field; nothing is launched.
    const forged = await submit(['caf']);
    expect(forged.json).toMatchObject({
      response_action: 'errors',
      errors: { 'launch:kinds': expect.stringContaining('inconnu') },
    });
    expect(await t.db.round.count({ where: { tenantId } })).toBe(rounds);

    const dms = posts(PILOT.userId).length;
    const res = await submit(['federation']);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const [confirmation] = await waitUntil(
      'launch confirmation',
      () => posts(PILOT.userId).length > dms && posts(PILOT.userId).slice(dms),
    );
    expect(JSON.stringify(confirmation!.body)).toMatch(
      /Le rappel « 30 jours avant » \(.+\) tombe dans le passé : il n’est pas programmé\./,
    );
    expect(await newestRoundInvitations(t.db, tenantId)).toEqual({
      number: rounds + 1,
      codes: [...(await codesOfKind(t.db, tenantId, 'federation')), 'CD94'].sort(),
    });
  });

  it('never sends a raw mention or link from user text in a message', () => {
    const messages = fake.calls
      .filter((c) =>
        ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url'].includes(
          c.method,
        ),
      )
      .map((c) => JSON.stringify(c.body));
    expect(messages.some((m) => m.includes('&lt;!channel&gt;'))).toBe(true);
    expect(messages.filter((m) => m.includes('<!channel>'))).toEqual([]);
    expect(messages.filter((m) => m.includes('<https://evil'))).toEqual([]);
  });
});
