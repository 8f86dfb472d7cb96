import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Express } from 'express';
import { mountSlackForConcerto } from '../../src/adapters/slack/concerto-handlers';
import { mountTeamsForConcerto } from '../../src/adapters/teams/concerto-handlers';
import { SlackNotifier } from '../../src/adapters/slack/notifier';
import { TeamsNotifier } from '../../src/adapters/teams/notifier';
import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { createInviteCode } from '../../src/app/create-invite-code';
import { seedDemo } from '../../src/app/seed-demo';
import { ZConfig } from '../../src/config';
import type { NeutralMessage } from '../../src/domain/messages';
import { createHttpApp, listen } from '../../src/http/server';
import { createTestDb, type TestDb } from '../support/db';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { FakeSlack, postSigned, slashCommand } from '../support/fake-slack';
import { startJwks, type TestJwks } from '../support/jwks';
import { captureLogger } from '../support/logger';
import { deletePrefixKeys, REDIS_URL } from '../support/redis';
import { messageActivity, post } from '../teams/helpers';

/**
 * Every secret, token and code that crosses Concerto in one session — an OAuth install, linking by
 * invitation code in Slack and Teams, a Teams reply that fails, deliveries that fail — is used at
 * LOG_LEVEL=debug, the chattiest level, and then looked for in every line written.
 */
const rand = (n = 12) => randomBytes(n).toString('hex');
const SIGNING_SECRET = `signing-${rand()}`;
const CLIENT_SECRET = `client-secret-${rand()}`;
const STATE_SECRET = `state-secret-${rand()}`;
const TEAMS_SECRET = `teams-secret-${rand()}`;
const SLACK_CLIENT_ID = '1234567890.0987654321';
const TEAMS_CLIENT_ID = '00000000-1111-2222-3333-444444444444';
const TEAMS_TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const OAUTH_CODE = `oauth-code-${rand()}`;
const BOT_TOKEN = `xoxb-${rand()}`;
const ENCRYPTION_KEY = randomBytes(32).toString('base64');

const message: NeutralMessage = {
  kind: 'round.reminder',
  locale: 'fr',
  title: 'Rappel',
  text: ['Il reste 2 jours.'],
  fields: [],
  sections: [],
  actions: [],
  fallback: 'Rappel : il reste 2 jours.',
};

describe('no secret in any log, at debug level', () => {
  jest.setTimeout(60_000);
  let t: TestDb;
  let fake: FakeSlack;
  let jwks: TestJwks;
  let connector: FakeConnector;
  let redis: Redis;
  let server: Awaited<ReturnType<typeof listen>>;
  let base = '';
  let deps: AppDeps;
  let tenantId = '';
  let teamsApp: Awaited<ReturnType<typeof mountTeamsForConcerto>>;
  const prefix = `test-logs-${rand(5)}`;
  const capture = captureLogger('debug');
  const used: Record<string, string> = {
    SIGNING_SECRET,
    CLIENT_SECRET,
    STATE_SECRET,
    TEAMS_SECRET,
    OAUTH_CODE,
    BOT_TOKEN,
    ENCRYPTION_KEY,
  };

  beforeAll(async () => {
    [t, fake, jwks, connector] = await Promise.all([
      createTestDb(),
      new FakeSlack().start(),
      startJwks(),
      startFakeConnector(),
    ]);
    redis = new Redis(REDIS_URL);
    const { log } = capture;
    deps = {
      db: t.db,
      now: () => new Date(),
      log,
      outbox: NO_OUTBOX,
      publicUrl: 'https://c.example',
    };
    tenantId = (await seedDemo({ ...deps, log: captureLogger('silent').log }, { actor: CLI_ACTOR }))
      .tenant.id;
    const config = ZConfig.parse({
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      SLACK_CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_STATE_SECRET: STATE_SECRET,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      CONCERTO_ENCRYPTION_KEY: ENCRYPTION_KEY,
      TEAMS_CLIENT_ID,
      TEAMS_CLIENT_SECRET: TEAMS_SECRET,
      TEAMS_TENANT_ID: TEAMS_TENANT,
      TEAMS_SERVICE_URLS: `${connector.url}/`,
    });
    const app: Express = await createHttpApp({
      deps,
      log,
      redis,
      mount: async (expressApp) => {
        await mountSlackForConcerto(expressApp, { config, deps, log, redis });
        teamsApp = await mountTeamsForConcerto(expressApp, {
          config,
          deps,
          log,
          endpoints: { openIdMetadataUrl: jwks.openIdMetadataUrl, loginEndpoint: connector.url },
        });
      },
    });
    server = await listen(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server?.close();
    await redis?.quit();
    await deletePrefixKeys(prefix);
    await fake?.stop();
    await connector?.close();
    await jwks?.close();
    await t?.drop();
  });

  const code = async (org: string) =>
    (
      await createInviteCode(
        { ...deps, log: captureLogger('silent').log },
        { tenantId, organisationCode: org, role: 'partner', actor: CLI_ACTOR },
      )
    ).code;

  it('installs through OAuth, links in Slack and Teams, fails replies and deliveries, and logs none of it', async () => {
    // Slack OAuth install: the client secret and the code go to oauth.v2.access, the bot token comes back.
    const install = await fetch(`${base}/slack/install`, { redirect: 'manual' });
    const state = new URL(install.headers.get('location') ?? '').searchParams.get('state') ?? '';
    const cookie = (install.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    used.STATE = state;
    used.STATE_COOKIE = cookie.split('=').slice(1).join('=');
    fake.grantOAuth(OAUTH_CODE, {
      clientId: SLACK_CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      teamId: 'T0LOGS',
      teamName: 'Caf',
      botToken: BOT_TOKEN,
    });
    const back = await fetch(
      `${base}/slack/oauth_redirect?code=${OAUTH_CODE}&state=${encodeURIComponent(state)}`,
      { headers: { cookie }, redirect: 'manual' },
    );
    expect(back.status).toBe(200);
    expect(fake.callsTo('oauth.v2.access')).toHaveLength(1);
    // Stored encrypted: the token is nowhere in the row (the slash command below is answered
    // with it, decrypted).
    const [row] = await t.db.$queryRawUnsafe<{ t: string }[]>(
      'SELECT s::text AS t FROM slack_installations s',
    );
    expect(row?.t).toBeDefined();
    expect(row?.t).not.toContain(BOT_TOKEN);

    // Linking in Slack with an invitation code.
    const slackCode = await code('DDCS94');
    used.SLACK_INVITE = slackCode;
    const slash = await postSigned(
      `${base}/slack/events`,
      SIGNING_SECRET,
      slashCommand({
        teamId: 'T0LOGS',
        userId: 'U0MARIE',
        channelId: 'C0CANAL',
        text: `rejoindre ${slackCode}`,
        responseUrl: fake.responseUrl('link'),
      }),
    );
    expect(slash.status).toBe(200);
    await fake.waitFor('response_url');
    expect(await t.db.platformIdentity.count({ where: { platform: 'slack' } })).toBe(1);
    const profileCalls = fake.callsTo('users.info');
    expect(profileCalls.length).toBeGreaterThan(0);
    expect(profileCalls.every((c) => c.token === BOT_TOKEN)).toBe(true);

    // Linking in Teams, then a reply the connector refuses (and the fallback reply too).
    const teamsCode = await code('CD94');
    used.TEAMS_INVITE = teamsCode;
    used.TEAMS_INVITE_LOOSE = teamsCode.replace(/-/g, ' ').toLowerCase();
    const inbound = jwks.botToken({ audience: TEAMS_CLIENT_ID, serviceUrl: connector.url });
    used.INBOUND_TOKEN = inbound;
    const linked = await post(
      base,
      messageActivity(connector.url, `rejoindre ${teamsCode}`, {
        from: { id: '29:1marie', name: 'Marie', aadObjectId: 'aad-marie' },
      }),
      inbound,
    );
    expect(linked.status).toBe(200);
    expect(await t.db.platformIdentity.count({ where: { platform: 'teams' } })).toBe(1);
    used.BOT_FRAMEWORK_TOKEN = connector.accessToken;
    connector.failNext(2, 500);
    await post(
      base,
      messageActivity(connector.url, `rejoindre ${used.TEAMS_INVITE_LOOSE}`, {
        from: { id: '29:1paul', name: 'Paul', aadObjectId: 'aad-paul' },
      }),
      jwks.botToken({ audience: TEAMS_CLIENT_ID, serviceUrl: connector.url }),
    );

    // The SDK's HTTP client error of a failed reply, logged whole as the adapters do: it carries
    // the request's Authorization header (the Bot Framework access token).
    const { log } = capture;
    connector.failNext(1, 500);
    const replyError = await teamsApp!.app.api
      .clone({ serviceUrl: connector.url })
      .conversations.activities('a:1personal-conversation')
      .create({ type: 'message', text: 'réponse' })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(JSON.stringify(Object.keys(replyError as object))).toContain('config');
    log.error({ err: replyError }, 'Teams : réponse refusée');
    log.error(replyError as Error);
    log.warn({ detail: { deeper: { request: replyError } } }, 'Teams : détail');

    // Deliveries that fail, on both platforms.
    const teams = new TeamsNotifier({
      config: ZConfig.parse({
        NODE_ENV: 'test',
        TEAMS_CLIENT_ID,
        TEAMS_CLIENT_SECRET: TEAMS_SECRET,
        TEAMS_TENANT_ID: TEAMS_TENANT,
      }),
      log,
      endpoints: { loginEndpoint: connector.url },
    });
    connector.failNext(1, 403);
    await expect(
      teams.send(
        {
          workspaceId: TEAMS_TENANT,
          address: 'a:1chat',
          reference: {
            channelId: 'msteams',
            serviceUrl: connector.url,
            tenantId: TEAMS_TENANT,
            bot: { id: `28:${TEAMS_CLIENT_ID}` },
            conversation: { id: 'a:1chat', conversationType: 'personal', tenantId: TEAMS_TENANT },
          },
        },
        message,
      ),
    ).rejects.toThrow();
    const slack = new SlackNotifier({
      tokenFor: async () => BOT_TOKEN,
      log,
      slackApiUrl: fake.apiUrl,
    });
    fake.fail('chat.postMessage', 'not_authed');
    await expect(
      slack.send({ workspaceId: 'T0LOGS', address: 'C0CANAL' }, message),
    ).rejects.toThrow();

    const text = capture.text().join('\n');
    // The session was logged, SDKs' debug output included: the search below is not vacuous.
    const lines = capture.lines();
    expect(lines.some((l) => l.level === 20 && String(l.component ?? '').startsWith('bolt'))).toBe(
      true,
    );
    expect(lines.some((l) => l.level === 20 && String(l.component ?? '').startsWith('teams'))).toBe(
      true,
    );
    expect(lines.some((l) => Number(l.level) >= 50)).toBe(true);
    const leaked = Object.entries(used)
      .filter(([, secret]) => secret.length >= 8)
      .flatMap(([name, secret]) => {
        const forms = [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
        if (name.endsWith('INVITE')) forms.push(secret.replace(/-/g, ''));
        return forms.some((f) => text.includes(f)) ? [name] : [];
      });
    expect(leaked).toEqual([]);
  });
});
