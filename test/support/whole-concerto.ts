import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { SlackApp } from '../../src/adapters/slack/app';
import { mountSlackForConcerto } from '../../src/adapters/slack/concerto-handlers';
import { SlackNotifier } from '../../src/adapters/slack/notifier';
import { mountTeamsForConcerto } from '../../src/adapters/teams/concerto-handlers';
import { TeamsNotifier } from '../../src/adapters/teams/notifier';
import { ballotKey } from '../../src/app/ballot-links';
import { chartLinkSigner } from '../../src/app/chart-links';
import { CLI_ACTOR, type AppDeps } from '../../src/app/deps';
import { seedDemo } from '../../src/app/seed-demo';
import { mountBallot } from '../../src/http/ballot';
import { mountCharts } from '../../src/http/charts';
import { mountConsole } from '../../src/http/console';
import { createHttpApp, listen, type RunningServer } from '../../src/http/server';
import { createQueueOutbox } from '../../src/queue/outbox';
import { createQueues, type Queues } from '../../src/queue/queues';
import { startWorker, type RunningWorker } from '../../src/queue/worker';
import { CLIENT_ID, teamsConfig } from '../teams/helpers';
import { recordingNotifier, silentLog } from '../queue/support/harness';
import { createTestDb, type TestDb } from './db';
import { startFakeConnector, type FakeConnector } from './fake-connector';
import { FakeSlack } from './fake-slack';
import { deletePrefixKeys, REDIS_URL } from './redis';
import { startJwks, type TestJwks } from './jwks';

export const WHOLE_SLACK_SECRET = 'whole-concerto-signing-secret-0123456789';
export const WHOLE_SLACK_TEAM = 'T0CAF94';

/**
 * Concerto as `concerto all` runs it, on the demo tenant (`seed demo`, Val-de-Marne): one web
 * server with Slack, Teams, the web pages (journée, grid, ballot), the pilots' console and the
 * chart images mounted as processes.ts mounts them; the delivery worker with the real Slack and
 * Teams notifiers pointed at a fake Slack and a fake Bot Connector, and a recording console
 * notifier; a fresh schema and queue prefix. `deps.publicUrl` is the server's address, and chart
 * links are signed for it, so the links in messages can be fetched.
 */
export interface WholeConcerto {
  tdb: TestDb;
  deps: AppDeps;
  tenantId: string;
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** The key of the signed links (ballot, console sign-in, charts). */
  key: Buffer;
  fake: FakeSlack;
  connector: FakeConnector;
  jwks: TestJwks;
  console: ReturnType<typeof recordingNotifier>;
  queues: Queues;
  /** A fresh Bot Framework token for the bot's /api/messages. */
  botToken(): string;
  close(): Promise<void>;
}

export async function startWholeConcerto(): Promise<WholeConcerto> {
  const [tdb, fake, connector, jwks] = await Promise.all([
    createTestDb(),
    new FakeSlack().start(),
    startFakeConnector(),
    startJwks(),
  ]);
  const log = silentLog;
  const prefix = `test-whole-${randomBytes(5).toString('hex')}`;
  const key = ballotKey({ secret: 'whole-concerto-test', databaseUrl: '' });
  const queues = createQueues({ redisUrl: REDIS_URL, prefix });
  const redis = new Redis(REDIS_URL);
  const deps: AppDeps = {
    db: tdb.db,
    now: () => new Date(),
    log,
    outbox: createQueueOutbox(queues, { db: tdb.db, log }),
  };
  const tenantId = (await seedDemo(deps, { actor: CLI_ACTOR })).tenant.id;
  const config = teamsConfig({
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    SLACK_BOT_TOKEN: 'xoxb-whole',
    SLACK_SIGNING_SECRET: WHOLE_SLACK_SECRET,
    SLACK_API_URL: fake.apiUrl,
    TEAMS_BOT_OPENID_METADATA_URL: jwks.openIdMetadataUrl,
    TEAMS_SERVICE_URLS: `${connector.url}/`,
  });
  const endpoints = { loginEndpoint: connector.url };
  let slack: SlackApp | undefined;
  const app = await createHttpApp({
    deps,
    log,
    redis,
    mount: async (a) => {
      // Slack first, as processes.ts does: its signature check needs the raw body.
      slack = await mountSlackForConcerto(a, { config, deps, log, redis });
      await mountTeamsForConcerto(a, { config, deps, log, endpoints });
      mountBallot(a, { deps, log, key });
      mountConsole(a, { deps, log, key });
      mountCharts(a, { deps, log, key });
    },
  });
  const server: RunningServer = await listen(app, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${server.port}`;
  deps.publicUrl = base;
  deps.chartLinks = chartLinkSigner({ key, publicUrl: base });
  const consoleNotifier = recordingNotifier();
  const worker: RunningWorker = await startWorker({
    config: { REDIS_URL, QUEUE_PREFIX: prefix },
    deps,
    log,
    schedulers: false,
    notifiers: {
      console: consoleNotifier,
      slack: new SlackNotifier({ tokenFor: async () => 'xoxb-whole', slackApiUrl: fake.apiUrl }),
      teams: new TeamsNotifier({ config, log, endpoints, perTenantPerSecond: 1_000 }),
    },
  });
  return {
    tdb,
    deps,
    tenantId,
    base,
    key,
    fake,
    connector,
    jwks,
    console: consoleNotifier,
    queues,
    botToken: () => jwks.botToken({ audience: CLIENT_ID, serviceUrl: connector.url }),
    async close() {
      await server.close();
      await slack?.stop();
      await worker.close();
      await queues.close();
      await redis.quit();
      await deletePrefixKeys(prefix);
      await fake.stop();
      await connector.close();
      await jwks.close();
      await tdb.drop();
    },
  };
}
