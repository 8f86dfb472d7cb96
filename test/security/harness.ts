import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import { mountSlackForConcerto } from '../../src/adapters/slack/concerto-handlers';
import { mountTeamsForConcerto } from '../../src/adapters/teams/concerto-handlers';
import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { seedDemo } from '../../src/app/seed-demo';
import { ZConfig, type TConfig } from '../../src/config';
import { createHttpApp, listen, type RunningServer } from '../../src/http/server';
import type { Logger } from '../../src/logger';
import { mountQueueDashboard } from '../../src/queue/dashboard';
import { createQueues, type Queues } from '../../src/queue/queues';
import { createTestDb, type TestDb } from '../support/db';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { FakeSlack } from '../support/fake-slack';
import { startJwks, type TestJwks } from '../support/jwks';
import { captureLogger } from '../support/logger';
import { deletePrefixKeys, REDIS_URL } from '../support/redis';

export const SLACK_SIGNING_SECRET = `signing-${randomBytes(8).toString('hex')}`;
export const SLACK_CLIENT_ID = '1234567890.0987654321';
export const SLACK_CLIENT_SECRET = `client-secret-${randomBytes(8).toString('hex')}`;
export const TEAMS_CLIENT_ID = '00000000-1111-2222-3333-444444444444';
export const TEAMS_TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
export const ADMIN_TOKEN = `admin-${randomBytes(8).toString('hex')}`;

/**
 * Concerto's web process as production builds it — Slack (OAuth, several workspaces), the Teams
 * bot and its tab, the queue dashboard — on a fresh schema with the demo tenant, Slack's and
 * Microsoft's sides replaced by the local fakes. For the security tests.
 */
export interface SecurityHarness {
  base: string;
  t: TestDb;
  deps: AppDeps;
  tenantId: string;
  config: TConfig;
  fake: FakeSlack;
  jwks: TestJwks;
  connector: FakeConnector;
  log: Logger;
  lines: () => Record<string, unknown>[];
  /** Row counts of every table a request could write to. */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function startHarness(env: Record<string, string> = {}): Promise<SecurityHarness> {
  const [t, fake, jwks, connector] = await Promise.all([
    createTestDb(),
    new FakeSlack().start(),
    startJwks(),
    startFakeConnector(),
  ]);
  const prefix = `test-sec-${randomBytes(5).toString('hex')}`;
  const redis = new Redis(REDIS_URL);
  const capture = captureLogger(process.env.SECURITY_TEST_LOG ?? 'warn', 'SECURITY_TEST_LOG');
  const log = capture.log;
  const deps: AppDeps = {
    db: t.db,
    now: () => new Date(),
    log,
    outbox: NO_OUTBOX,
    publicUrl: 'https://concerto.example',
  };
  const tenantId = (
    await seedDemo({ ...deps, log: captureLogger('silent').log }, { actor: CLI_ACTOR })
  ).tenant.id;
  const config = ZConfig.parse({
    NODE_ENV: 'test',
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    ADMIN_TOKEN,
    SLACK_CLIENT_ID,
    SLACK_CLIENT_SECRET,
    SLACK_STATE_SECRET: `state-${randomBytes(8).toString('hex')}`,
    SLACK_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    TEAMS_CLIENT_ID,
    TEAMS_CLIENT_SECRET: `teams-${randomBytes(8).toString('hex')}`,
    TEAMS_TENANT_ID: TEAMS_TENANT,
    // The fake Bot Connector is the one service URL activities may name.
    TEAMS_SERVICE_URLS: `${connector.url}/`,
    ...env,
  });
  const queues: Queues = createQueues({ redisUrl: REDIS_URL, prefix });
  const app: Express = await createHttpApp({
    deps,
    log,
    redis,
    mount: async (expressApp) => {
      await mountSlackForConcerto(expressApp, { config, deps, log, redis });
      await mountTeamsForConcerto(expressApp, {
        config,
        deps,
        log,
        endpoints: { openIdMetadataUrl: jwks.openIdMetadataUrl, loginEndpoint: connector.url },
        tabJwksUri: `${jwks.url}/common/discovery/v2.0/keys`,
      });
      mountQueueDashboard(expressApp, { token: ADMIN_TOKEN, queues: queues.all() });
    },
  });
  const server: RunningServer = await listen(app, 0, '127.0.0.1');
  return {
    base: `http://127.0.0.1:${server.port}`,
    t,
    deps,
    tenantId,
    config,
    fake,
    jwks,
    connector,
    log,
    lines: capture.lines,
    async counts() {
      const db = t.db;
      const [
        avis,
        history,
        identities,
        destinations,
        members,
        invites,
        installs,
        rounds,
        audit,
        deliveries,
      ] = await Promise.all([
        db.avis.count(),
        db.avisHistory.count(),
        db.platformIdentity.count(),
        db.destination.count(),
        db.member.count(),
        db.inviteCode.count({ where: { usedAt: { not: null } } }),
        db.slackInstallation.count(),
        db.round.count(),
        db.auditEvent.count(),
        db.delivery.count(),
      ]);
      return {
        avis,
        history,
        identities,
        destinations,
        members,
        invites,
        installs,
        rounds,
        audit,
        deliveries,
      };
    },
    async close() {
      await server.close();
      await queues.close();
      await redis.quit();
      await deletePrefixKeys(prefix);
      await fake.stop();
      await connector.close();
      await jwks.close();
      await t.drop();
    },
  };
}
