import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { startSlackServer } from '../support/slack-server';
import { NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { ZConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createTestDb, type TestDb } from '../support/db';
import { FakeSlack, postSigned, slashCommand } from '../support/fake-slack';
import { deletePrefixKeys } from '../support/redis';

/**
 * Several workspaces (SLACK_CLIENT_ID…): each installs the app through Slack's OAuth flow
 * (/slack/install → Slack's « Allow » → /slack/oauth_redirect), its bot token is kept in Postgres,
 * and its requests are answered with its own token. Slack's side is the local fake.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'oauth-signing-secret-0123456789abcdef';
const CLIENT_ID = '1234567890.0987654321';
const CLIENT_SECRET = 'oauth-client-secret';

describe('Slack OAuth: each workspace installs the app', () => {
  jest.setTimeout(30_000);
  let t: TestDb;
  let fake: FakeSlack;
  let redis: Redis;
  let server: Awaited<ReturnType<typeof startSlackServer>>;
  let base = '';
  const prefix = `test-oauth-${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    [t, fake] = await Promise.all([createTestDb(), new FakeSlack().start()]);
    redis = new Redis(REDIS_URL);
    const log = createLogger(process.env.SLACK_TEST_LOG ?? 'silent');
    const deps: AppDeps = {
      db: t.db,
      now: () => new Date(),
      log,
      outbox: NO_OUTBOX,
      publicUrl: 'https://concerto.example',
    };
    const config = ZConfig.parse({
      NODE_ENV: 'test',
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      SLACK_CLIENT_ID: CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_STATE_SECRET: 'oauth-state-secret-0123456789',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    server = await startSlackServer({ config, deps, log, redis });
    base = server.base;
  });

  afterAll(async () => {
    await server?.close();
    await redis?.quit();
    await deletePrefixKeys(prefix);
    await fake?.stop();
    await t?.drop();
  });

  /** The state Slack will send back, and the browser's state cookie, from /slack/install. */
  async function startInstall() {
    const res = await fetch(`${base}/slack/install`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(location.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(location.searchParams.get('scope')?.split(',')).toEqual(
      expect.arrayContaining(['commands', 'chat:write']),
    );
    const state = location.searchParams.get('state') ?? '';
    expect(state).not.toBe('');
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^slack-app-oauth-state=/);
    return { state, cookie };
  }

  const slashFrom = async (teamId: string, text: string) => {
    const id = randomBytes(4).toString('hex');
    const res = await postSigned(
      `${base}/slack/events`,
      SECRET,
      slashCommand({
        teamId,
        userId: 'U0MARIE',
        channelId: 'C0CANAL',
        text,
        responseUrl: fake.responseUrl(id),
      }),
    );
    return { res, id };
  };

  it('stores the installation of a workspace that allowed the app, and answers it with its token', async () => {
    const { state, cookie } = await startInstall();
    fake.grantOAuth('code-caf94', {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      teamId: 'T0CAF94',
      teamName: 'Caf du Val-de-Marne',
      botToken: 'xoxb-caf94',
    });
    const back = await fetch(
      `${base}/slack/oauth_redirect?code=code-caf94&state=${encodeURIComponent(state)}`,
      { headers: { cookie }, redirect: 'manual' },
    );
    expect(back.status).toBe(200);
    const rows = await t.db.slackInstallation.findMany();
    expect(rows.map((r) => r.teamId)).toEqual(['T0CAF94']);
    expect((rows[0]!.data as { bot?: { token?: string } }).bot?.token).toBe('xoxb-caf94');

    // A user of that workspace, not linked yet, is asked for a code: answered, with its token.
    const { res, id } = await slashFrom('T0CAF94', 'consultations');
    expect(res.status).toBe(200);
    await fake.waitFor('response_url');
    const reply = fake.callsTo('response_url').find((c) => c.responseId === id);
    expect(JSON.stringify(reply?.body)).toContain('rejoindre');
    const tokens = fake.calls
      .filter((c) => c.method !== 'oauth.v2.access' && c.token)
      .map((c) => c.token);
    expect(new Set(tokens)).toEqual(new Set(['xoxb-caf94']));
  });

  it('refuses a return from Slack whose state this browser did not start, and stores nothing', async () => {
    const { cookie } = await startInstall();
    fake.grantOAuth('code-forged', {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      teamId: 'T0EVIL',
      teamName: 'Intrus',
      botToken: 'xoxb-evil',
    });
    const exchanges = fake.callsTo('oauth.v2.access').length;
    for (const url of [
      `${base}/slack/oauth_redirect?code=code-forged&state=forged`,
      `${base}/slack/oauth_redirect?code=code-forged`,
    ]) {
      const res = await fetch(url, { headers: { cookie }, redirect: 'manual' });
      expect(res.status).not.toBe(200);
    }
    // A state of its own, without the browser's cookie (a link sent to someone else).
    const other = await startInstall();
    const res = await fetch(
      `${base}/slack/oauth_redirect?code=code-forged&state=${encodeURIComponent(other.state)}`,
      { redirect: 'manual' },
    );
    expect(res.status).not.toBe(200);
    expect(fake.callsTo('oauth.v2.access')).toHaveLength(exchanges);
    expect(await t.db.slackInstallation.count({ where: { teamId: 'T0EVIL' } })).toBe(0);
  });

  it('answers nothing to a workspace that never installed the app', async () => {
    const before = fake.callsTo('response_url').length;
    const { res } = await slashFrom('T0UNKNOWN', 'aide');
    expect(res.status).toBeLessThan(500);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.callsTo('response_url')).toHaveLength(before);
  });
});
