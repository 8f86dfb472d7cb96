import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import {
  createSlackApp,
  mountSlack,
  resetSlackDisabledLog,
  SLACK_EVENTS_PATH,
  type SlackApp,
} from '../../src/adapters/slack/app';
import { RedisDedupStore } from '../../src/adapters/slack/dedup';
import type { SlackHandlers } from '../../src/adapters/slack/handlers';
import { buildAvisModal } from '../../src/adapters/slack/render';
import { loadConfig } from '../../src/config';
import { DomainError } from '../../src/domain/errors';
import type { NeutralMessage } from '../../src/domain/messages';
import { NO_OUTBOX } from '../../src/app/deps';
import { createHttpApp, listen, type RunningServer } from '../../src/http/server';
import { createTestDb, type TestDb } from '../support/db';
import { captureLogger } from '../support/logger';
import {
  appHomeOpened,
  avisStateValues,
  blockActions,
  FakeSlack,
  postSigned,
  slashCommand,
  viewSubmission,
} from '../support/fake-slack';

const SECRET = 'test-signing-secret-0123456789';

function notice(text: string): NeutralMessage {
  return {
    kind: 'notice',
    locale: 'fr',
    title: '',
    text: [text],
    fields: [],
    sections: [],
    actions: [],
    fallback: text,
  };
}

type Call = { name: string; ctx: Record<string, unknown> };

/** Alice's submission of a vote modal in the Caf's workspace (T0CAF), with these answers. */
function aliceVotes(
  view: Parameters<typeof viewSubmission>[0]['view'],
  values: Parameters<typeof avisStateValues>[0],
) {
  return viewSubmission({
    teamId: 'T0CAF',
    userId: 'U0ALICE',
    view,
    values: avisStateValues(values),
  });
}

/** Handlers that record their calls; `fail` makes the next call of a handler throw. */
function stubHandlers(calls: Call[], fail: Map<string, unknown>): SlackHandlers {
  const claimed = new Set<string>();
  const record =
    <T>(name: string, result: (ctx: Record<string, unknown>) => T) =>
    async (ctx: unknown): Promise<T> => {
      calls.push({ name, ctx: ctx as Record<string, unknown> });
      const error = fail.get(name);
      if (error) {
        fail.delete(name);
        throw error;
      }
      return result(ctx as Record<string, unknown>);
    };
  return {
    join: record('join', (ctx) => notice(`Relié avec le code ${String(ctx.code)}`)),
    listRounds: record('listRounds', () => notice('Aucune consultation')),
    launchForm: record('launchForm', () => ({
      draftVersions: [{ id: 'v1', title: 'Schéma', version: 1, period: '2016-2020' }],
      organisations: [],
    })),
    launch: record('launch', () => notice('Consultation lancée')),
    status: record('status', () => notice('Statut')),
    remind: record('remind', () => notice('Relances envoyées')),
    close: record('close', () => notice('Close')),
    export: record('export', () => ({
      message: notice('Exporté'),
      files: [{ filename: 'avis.csv', content: 'a;b\n1;2\n' }],
    })),
    agrements: record('agrements', () => notice('Agréments')),
    avisForm: record('avisForm', () => ({
      enjeux: [{ id: 'e1', position: 1, title: 'Politique départementale', body: 'Texte' }],
      current: {},
    })),
    // Like castAvisAs: a request key seen before is a replay, recorded nothing.
    castAvis: record('castAvis', (ctx) => {
      const key = ctx.requestKey as string | undefined;
      if (key && claimed.has(key)) return { duplicate: true as const };
      if (key) claimed.add(key);
      return { confirmation: notice('Merci, avis enregistré'), channelId: 'C0PARTNER' };
    }),
    // Every round of these tests is a consultation: the vote modal opens.
    surveyForm: async () => null,
    saveSurvey: record('saveSurvey', () => {
      throw new Error('no survey round in these tests');
    }),
    home: record('home', () => ({ role: 'unlinked' as const })),
    followupForm: record('followupForm', () => ({ message: notice('Aucune suite à donner') })),
    recordFollowup: record('recordFollowup', () => notice('Suite enregistrée')),
  };
}

describe('Slack on the web server (signed requests, fake Web API)', () => {
  const fake = new FakeSlack();
  const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: false });
  const prefix = `test:slack:${randomBytes(4).toString('hex')}:`;
  const calls: Call[] = [];
  const fail = new Map<string, unknown>();
  const captured = captureLogger('info');
  const logLines = captured.text();
  let server: Server;
  let url: string;
  let slack: SlackApp;

  beforeAll(async () => {
    await fake.start();
    const { log } = captured;
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    const web = express();
    const mounted = mountSlack(web, {
      config,
      log,
      handlers: stubHandlers(calls, fail),
      dedup: new RedisDedupStore(redis, prefix),
    });
    if (!mounted) throw new Error('Slack not mounted');
    slack = mounted;
    // Bolt checks the token once at start-up (auth.test); let it finish against the fake.
    await fake.waitFor('auth.test');
    // A global JSON parser mounted after Slack must not disturb it.
    web.use(express.json());
    server = web.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SLACK_EVENTS_PATH}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await fake.stop();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  beforeEach(() => {
    calls.length = 0;
    fail.clear();
    fake.reset();
  });

  it('runs in HTTP mode with one workspace', () => {
    expect(slack.mode).toBe('http');
    expect(slack.auth).toBe('single');
  });

  it('accepts a signed slash command and answers /concerto aide privately, in French', async () => {
    const res = await postSigned(
      url,
      SECRET,
      slashCommand({ text: 'aide', responseUrl: fake.responseUrl('aide') }),
    );
    expect(res.status).toBe(200);
    const [reply] = await fake.waitFor('response_url');
    expect(reply?.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(reply?.body.text)).toContain('/concerto rejoindre &lt;code&gt;');
    expect(String(reply?.body.text)).toContain('Pilotes de la Caf');
  });

  it('answers /concerto aide in English to a user whose Slack locale is English', async () => {
    fake.setUserLocale('U0ENGLISH', 'en-GB');
    await postSigned(
      url,
      SECRET,
      slashCommand({ text: 'aide', userId: 'U0ENGLISH', responseUrl: fake.responseUrl() }),
    );
    const [reply] = await fake.waitFor('response_url');
    expect(String(reply?.body.text)).toContain('Caf pilots');
  });

  it('refuses forged signatures, stale and future timestamps with 401, and runs nothing', async () => {
    const now = Math.floor(Date.now() / 1000);
    const request = slashCommand({ text: 'rejoindre ABC-123', responseUrl: fake.responseUrl() });
    expect((await postSigned(url, 'not-the-secret', request)).status).toBe(401);
    expect(
      (await postSigned(url, SECRET, request, { signature: 'v0=' + '0'.repeat(64) })).status,
    ).toBe(401);
    expect((await postSigned(url, SECRET, request, { ts: now - 6 * 60 })).status).toBe(401);
    expect((await postSigned(url, SECRET, request, { ts: now + 6 * 60 })).status).toBe(401);
    // A tampered body with the original signature.
    const signedFor = slashCommand({ text: 'aide' });
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': signedFor.contentType,
        ...(await import('../support/fake-slack')).signSlackRequest(SECRET, signedFor.body),
      },
      body: request.body,
    });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toEqual([]);
    expect(fake.calls).toEqual([]);
    expect(logLines.join('')).toContain('SLACK_TIMESTAMP_FUTURE');
  });

  it('accepts a timestamp 4 minutes ahead (clock skew within tolerance)', async () => {
    const res = await postSigned(
      url,
      SECRET,
      slashCommand({ text: 'rejoindre XYZ', responseUrl: fake.responseUrl() }),
      {
        ts: Math.floor(Date.now() / 1000) + 4 * 60,
      },
    );
    expect(res.status).toBe(200);
    await fake.waitFor('response_url');
    expect(calls.map((c) => c.name)).toEqual(['join']);
  });

  it('links with /concerto rejoindre <code>: identity and channel come from the payload', async () => {
    await postSigned(
      url,
      SECRET,
      slashCommand({
        text: 'rejoindre ABC-123',
        teamId: 'T0CAF',
        userId: 'U0ALICE',
        channelId: 'C0DDETS',
        responseUrl: fake.responseUrl(),
      }),
    );
    const [reply] = await fake.waitFor('response_url');
    expect(calls[0]).toMatchObject({
      name: 'join',
      ctx: {
        code: 'ABC-123',
        channelId: 'C0DDETS',
        who: { teamId: 'T0CAF', userId: 'U0ALICE' },
        locale: 'fr',
      },
    });
    expect(String(reply?.body.text)).toContain('Relié avec le code ABC-123');
  });

  it('answers a DomainError with its French message, privately', async () => {
    fail.set('status', new DomainError('FORBIDDEN', { pilotsOnly: true }));
    await postSigned(
      url,
      SECRET,
      slashCommand({ text: 'statut', responseUrl: fake.responseUrl() }),
    );
    const [reply] = await fake.waitFor('response_url');
    expect(reply?.body).toMatchObject({
      response_type: 'ephemeral',
      text: 'Cette commande est réservée aux pilotes de la Caf. Si vous pensez devoir y accéder, contactez votre Caf.',
    });
  });

  it('answers any other error with a generic message and a correlation id that is in the logs', async () => {
    fail.set('remind', new Error('database exploded: password=hunter2'));
    await postSigned(
      url,
      SECRET,
      slashCommand({ text: 'relancer', responseUrl: fake.responseUrl() }),
    );
    const [reply] = await fake.waitFor('response_url');
    const text = String(reply?.body.text);
    expect(text).not.toContain('hunter2');
    const id = /([0-9a-f-]{36})/.exec(text)?.[1];
    expect(id).toBeDefined();
    expect(logLines.some((l) => l.includes(id as string) && l.includes('database exploded'))).toBe(
      true,
    );
  });

  it('opens the vote modal from the avis.open button, for the clicking user', async () => {
    await postSigned(
      url,
      SECRET,
      blockActions({ actionId: 'avis.open', value: 'r-1', teamId: 'T0CAF', userId: 'U0BOB' }),
    );
    const [open] = await fake.waitFor('views.open');
    expect(calls[0]).toMatchObject({
      name: 'avisForm',
      ctx: { roundId: 'r-1', who: { teamId: 'T0CAF', userId: 'U0BOB' } },
    });
    expect(open?.body.view).toMatchObject({
      type: 'modal',
      callback_id: 'avis.submit',
      private_metadata: '{"roundId":"r-1"}',
    });
  });

  const modal = buildAvisModal({
    roundId: 'r-1',
    enjeux: [
      { id: 'e1', position: 1, title: 'Politique', body: 'x' },
      { id: 'e2', position: 2, title: 'Cadre', body: 'y' },
    ],
    current: {},
    locale: 'fr',
  });

  it('records a vote from the modal with the submitter’s identity, never from hidden fields', async () => {
    const forgedView = {
      ...modal,
      private_metadata: JSON.stringify({
        roundId: 'r-1',
        organisationId: 'org-other',
        userId: 'U0EVE',
      }),
    };
    const res = await postSigned(
      url,
      SECRET,
      viewSubmission({
        teamId: 'T0CAF',
        userId: 'U0ALICE',
        view: forgedView,
        values: avisStateValues([
          { enjeuId: 'e1', choice: 'defavorable', comment: 'Manque de moyens <!channel>' },
          { enjeuId: 'e2', choice: null, comment: null },
        ]),
      }),
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.ctx).toEqual({
      who: { teamId: 'T0CAF', userId: 'U0ALICE' },
      locale: 'fr',
      correlationId: expect.any(String),
      roundId: 'r-1',
      avis: [{ enjeuId: 'e1', choice: 'defavorable', comment: 'Manque de moyens <!channel>' }],
      requestKey: expect.stringMatching(/^payload-text:[0-9a-f]{64}$/),
    });
    const [confirmation] = await fake.waitFor('chat.postEphemeral');
    expect(confirmation?.body).toMatchObject({ channel: 'C0PARTNER', user: 'U0ALICE' });
  });

  it('confirms a vote by direct message when Slack refuses the ephemeral (voter not in the channel)', async () => {
    fake.fail('chat.postEphemeral', 'user_not_in_channel');
    const res = await postSigned(
      url,
      SECRET,
      aliceVotes(modal, [{ enjeuId: 'e1', choice: 'favorable', comment: null }]),
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const [dm] = await fake.waitFor('chat.postMessage');
    expect(dm?.body).toMatchObject({ channel: 'U0ALICE' });
    expect(JSON.stringify(dm?.body)).toContain('Merci, avis enregistré');
    expect(fake.callsTo('chat.postEphemeral')).toHaveLength(1);
  });

  it('sends the confirmation again when Slack rate-limits it (429), as the WebClient would', async () => {
    const before = fake.callsTo('chat.postEphemeral').length;
    const dms = fake.callsTo('chat.postMessage').length;
    fake.rateLimit('chat.postEphemeral', 1, 0);
    const res = await postSigned(
      url,
      SECRET,
      aliceVotes(modal, [{ enjeuId: 'e1', choice: 'favorable', comment: null }]),
    );
    expect(res.status).toBe(200);
    const ephemerals = await fake.waitFor('chat.postEphemeral', before + 2);
    expect(ephemerals.slice(before).map((c) => c.status)).toEqual([429, 200]);
    expect(ephemerals.at(-1)?.body).toMatchObject({ channel: 'C0PARTNER', user: 'U0ALICE' });
    expect(JSON.stringify(ephemerals.at(-1)?.body)).toContain('Merci, avis enregistré');
    expect(fake.callsTo('chat.postMessage')).toHaveLength(dms);
  });

  it('gives a vote that Bolt dispatches (Socket Mode, OAuth) to the same listener', async () => {
    calls.length = 0;
    const request = viewSubmission({
      teamId: 'T0CAF',
      userId: 'U0BOB',
      view: { ...modal, private_metadata: JSON.stringify({ roundId: 'r-2' }) },
      values: avisStateValues([
        { enjeuId: 'e1', choice: 'favorable', comment: null },
        { enjeuId: 'e2', choice: null, comment: null },
      ]),
    });
    const body = JSON.parse(new URLSearchParams(request.body).get('payload')!) as Record<
      string,
      unknown
    >;
    const acks: unknown[] = [];
    const ephemeralsBefore = fake.callsTo('chat.postEphemeral').length;
    await slack.bolt.processEvent({
      body,
      ack: async (response?: unknown) => {
        acks.push(response);
      },
    });
    expect(acks).toEqual([undefined]);
    expect(calls.map((c) => [c.name, c.ctx.who, c.ctx.roundId])).toEqual([
      ['castAvis', { teamId: 'T0CAF', userId: 'U0BOB' }, 'r-2'],
    ]);
    const ephemerals = await fake.waitFor('chat.postEphemeral', ephemeralsBefore + 1);
    expect(ephemerals.at(-1)?.body).toMatchObject({ channel: 'C0PARTNER', user: 'U0BOB' });
  });

  it('shows a DomainError under the field it names', async () => {
    fail.set(
      'castAvis',
      new DomainError('AVIS_REASON_MISSING', { title: 'Pilotage' }, 'enjeux.e2.comment'),
    );
    const res = await postSigned(
      url,
      SECRET,
      viewSubmission({
        view: modal,
        values: avisStateValues([
          { enjeuId: 'e1', choice: 'favorable' },
          { enjeuId: 'e2', choice: 'defavorable' },
        ]),
      }),
    );
    expect(res.json).toEqual({
      response_action: 'errors',
      errors: {
        'avis:e2:comment':
          'Enjeu « Pilotage » : un avis défavorable doit être motivé. Indiquez la raison en commentaire.',
      },
    });
  });

  it('asks for an avis when a comment comes without one', async () => {
    const res = await postSigned(
      url,
      SECRET,
      viewSubmission({
        view: modal,
        values: avisStateValues([{ enjeuId: 'e1', choice: null, comment: 'Hmm' }]),
      }),
    );
    expect(res.json).toMatchObject({
      response_action: 'errors',
      errors: { 'avis:e1:choice': expect.stringContaining('Choisissez') },
    });
    expect(calls).toEqual([]);
  });

  it('never records a retried view submission twice', async () => {
    const request = viewSubmission({
      view: modal,
      values: avisStateValues([{ enjeuId: 'e1', choice: 'favorable' }]),
    });
    const ephemerals = fake.callsTo('chat.postEphemeral').length;
    expect((await postSigned(url, SECRET, request)).status).toBe(200);
    await fake.waitFor('chat.postEphemeral', ephemerals + 1);
    const retry = await postSigned(url, SECRET, request, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    expect(retry.text).toBe('');
    const replay = await postSigned(url, SECRET, request);
    expect(replay.status).toBe(200);
    // The vote is given the same request key each time (it claims it with the avis: the
    // database test shows a replay writes nothing); only the first is confirmed.
    const keys = calls.filter((c) => c.name === 'castAvis').map((c) => c.ctx.requestKey);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.callsTo('chat.postEphemeral')).toHaveLength(ephemerals + 1);
  });

  it('handles a retried event once (same event_id), and publishes the App Home', async () => {
    const request = appHomeOpened({ userId: 'U0ALICE', eventId: 'Ev0HOME0001' });
    expect((await postSigned(url, SECRET, request)).status).toBe(200);
    await fake.waitFor('views.publish');
    const retry = await postSigned(url, SECRET, request, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(calls.filter((c) => c.name === 'home')).toHaveLength(1);
    expect(fake.callsTo('views.publish')).toHaveLength(1);
    expect(fake.callsTo('views.publish')[0]?.body).toMatchObject({
      user_id: 'U0ALICE',
      view: { type: 'home' },
    });
  });

  it('lets Slack’s retry through when the first attempt failed unexpectedly', async () => {
    fail.set('home', new Error('transient'));
    const request = appHomeOpened({ userId: 'U0BOB', eventId: 'Ev0HOME0002' });
    await postSigned(url, SECRET, request);
    await new Promise((r) => setTimeout(r, 200));
    await postSigned(url, SECRET, request, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' },
    });
    await fake.waitFor('views.publish');
    expect(calls.filter((c) => c.name === 'home')).toHaveLength(2);
  });

  it('uploads the export files to the channel', async () => {
    await postSigned(
      url,
      SECRET,
      slashCommand({
        text: 'exporter r-1',
        channelId: 'C0PILOTES',
        responseUrl: fake.responseUrl(),
      }),
    );
    const [complete] = await fake.waitFor('files.completeUploadExternal');
    expect(fake.callsTo('upload')).toHaveLength(1);
    expect(complete?.body).toMatchObject({ channel_id: 'C0PILOTES' });
    expect(calls[0]).toMatchObject({ name: 'export', ctx: { args: ['r-1'] } });
  });

  it('opens the launch modal for /concerto lancer', async () => {
    await postSigned(
      url,
      SECRET,
      slashCommand({ text: 'lancer', responseUrl: fake.responseUrl() }),
    );
    const [open] = await fake.waitFor('views.open');
    expect(open?.body.view).toMatchObject({ callback_id: 'launch.submit' });
  });
});

describe('Slack configuration', () => {
  it('is disabled without any Slack setting, and says so once', () => {
    resetSlackDisabledLog();
    const { log, text: lines } = captureLogger('info');
    const deps = {
      log,
      handlers: {} as SlackHandlers,
      dedup: { claim: async () => true, release: async () => undefined },
    };
    expect(createSlackApp(loadConfig({}), deps)).toBeUndefined();
    expect(createSlackApp(loadConfig({}), deps)).toBeUndefined();
    expect(lines().filter((l) => l.includes('Slack désactivé'))).toHaveLength(1);
  });

  it('uses Socket Mode when SLACK_APP_TOKEN is set, without mounting a route', async () => {
    const { log } = captureLogger('silent');
    const fake = await new FakeSlack().start();
    const slack = createSlackApp(
      loadConfig({
        SLACK_BOT_TOKEN: 'xoxb-x',
        SLACK_APP_TOKEN: 'xapp-x',
        SLACK_API_URL: fake.apiUrl,
      }),
      {
        log,
        handlers: {} as SlackHandlers,
        dedup: { claim: async () => true, release: async () => undefined },
      },
    );
    expect(slack?.mode).toBe('socket');
    expect(slack?.router).toBeUndefined();
    await fake.waitFor('auth.test');
    await fake.stop();
  });
});

describe('the vote before Express (the web server as production builds it)', () => {
  const fake = new FakeSlack();
  const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: false });
  const prefix = `test:slack-direct:${randomBytes(4).toString('hex')}:`;
  const calls: Call[] = [];
  const captured = captureLogger('info');
  const logLines = captured.text();
  /** The Slack requests that reached Express (the vote answered before it does not). */
  const reachedExpress: string[] = [];
  let t: TestDb;
  let server: RunningServer;
  let url: string;
  const modal = buildAvisModal({
    roundId: 'r-1',
    enjeux: [{ id: 'e1', position: 1, title: 'Politique', body: 'x' }],
    current: {},
    locale: 'fr',
  });
  const vote = (values: Parameters<typeof avisStateValues>[0]) => aliceVotes(modal, values);

  beforeAll(async () => {
    await fake.start();
    t = await createTestDb();
    const { log } = captured;
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    const app = await createHttpApp({
      deps: { db: t.db, now: () => new Date(), log, outbox: NO_OUTBOX },
      log,
      redis,
      mount: (web) => {
        web.use(SLACK_EVENTS_PATH, (req, _res, next) => {
          reachedExpress.push(String(req.headers['x-request-id']));
          next();
        });
        mountSlack(web, {
          config,
          log,
          handlers: stubHandlers(calls, new Map()),
          dedup: new RedisDedupStore(redis, prefix),
        });
      },
    });
    await fake.waitFor('auth.test');
    server = await listen(app, 0, '127.0.0.1');
    url = `http://127.0.0.1:${server.port}${SLACK_EVENTS_PATH}`;
  });

  afterAll(async () => {
    await server.close();
    await fake.stop();
    await t.drop();
    await redis.quit();
  });

  beforeEach(() => {
    calls.length = 0;
    reachedExpress.length = 0;
    fake.reset();
  });

  it('records a vote without Express, with the headers every response gets', async () => {
    const res = await postSigned(url, SECRET, vote([{ enjeuId: 'e1', choice: 'favorable' }]), {
      headers: { 'x-request-id': 'vote-direct-1' },
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(calls.map((c) => [c.name, c.ctx.who, c.ctx.correlationId])).toEqual([
      ['castAvis', { teamId: 'T0CAF', userId: 'U0ALICE' }, 'vote-direct-1'],
    ]);
    expect(reachedExpress).toEqual([]);
    const [confirmation] = await fake.waitFor('chat.postEphemeral');
    expect(confirmation?.body).toMatchObject({ channel: 'C0PARTNER', user: 'U0ALICE' });
    const raw = await fetch(url, { method: 'POST', body: 'x' });
    expect(raw.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('answers a field error under the field, as JSON, without Express', async () => {
    const res = await postSigned(
      url,
      SECRET,
      vote([{ enjeuId: 'e1', choice: null, comment: 'Hmm' }]),
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      response_action: 'errors',
      errors: { 'avis:e1:choice': expect.stringContaining('Choisissez') },
    });
    expect(reachedExpress).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('leaves a forged, stale or malformed vote to the route’s checks: 401 or 400, logged, nothing run', async () => {
    const request = vote([{ enjeuId: 'e1', choice: 'favorable' }]);
    expect((await postSigned(url, 'not-the-secret', request)).status).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    expect((await postSigned(url, SECRET, request, { ts: now - 6 * 60 })).status).toBe(401);
    const broken = {
      body: new URLSearchParams({
        payload: JSON.stringify({ type: 'view_submission', team: { id: 'T0CAF' }, view: {} }),
      }).toString(),
      contentType: 'application/x-www-form-urlencoded' as const,
    };
    const refused = await postSigned(url, SECRET, broken);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: 'SLACK_PAYLOAD_INVALID' });
    expect(reachedExpress).toHaveLength(3);
    expect(calls).toEqual([]);
    expect(logLines.join('')).toContain('SLACK_SIGNATURE_MISMATCH');
    expect(logLines.join('')).toContain('SLACK_TIMESTAMP_STALE');
  });

  it('refuses a body over 1 MB with 413', async () => {
    const big = vote([{ enjeuId: 'e1', choice: 'favorable', comment: 'x'.repeat(1024 * 1024) }]);
    const res = await postSigned(url, SECRET, big);
    expect(res.status).toBe(413);
    expect(calls).toEqual([]);
  });
});
