/**
 * A real worker process for the fault tests, with the real Slack and Teams notifiers pointed at
 * the test's fake Slack and fake Bot Connector, and its database reached through the test's TCP
 * proxy. The test kills it (SIGKILL), stops it (SIGTERM), runs several.
 *
 * Env: DB_URL, DB_SCHEMA, REDIS_URL, QUEUE_PREFIX, SLACK_API_URL, CONNECTOR_URL, and
 * WORKER_OPTIONS (JSON: lockDurationMs, stalledIntervalMs, sweepEveryMs, settings…).
 * Prints READY once started; logs (JSON, warn and above unless LOG_LEVEL) go to stderr.
 */
import pino from 'pino';
import { createDb } from '../../../src/store/db';
import { startWorker } from '../../../src/queue/worker';
import { createQueueOutbox } from '../../../src/queue/outbox';
import { createQueues } from '../../../src/queue/queues';
import { SlackNotifier } from '../../../src/adapters/slack/notifier';
import { TeamsNotifier } from '../../../src/adapters/teams/notifier';
import { ZConfig } from '../../../src/config';

async function main() {
  const env = process.env;
  const log = pino({ level: env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const db = createDb({
    url: env.DB_URL!,
    schema: env.DB_SCHEMA!,
    poolSize: 8,
    connectTimeoutMs: 1_000,
  });
  const options = JSON.parse(env.WORKER_OPTIONS ?? '{}') as Record<string, unknown>;
  const config = { REDIS_URL: env.REDIS_URL!, QUEUE_PREFIX: env.QUEUE_PREFIX! };
  const producer = createQueues({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX, log });
  const teamsConfig = ZConfig.parse({
    NODE_ENV: 'test',
    TEAMS_CLIENT_ID: '00000000-0000-4000-8000-00000000c1d0',
    TEAMS_CLIENT_SECRET: 'secret-for-tests',
    TEAMS_TENANT_ID: '00000000-0000-4000-8000-0000000000aa',
    // The fake Bot Connector is the only service URL this worker may send to.
    TEAMS_SERVICE_URLS: `${env.CONNECTOR_URL!}/`,
  });
  const worker = await startWorker({
    config,
    deps: {
      db,
      now: () => new Date(),
      log,
      outbox: createQueueOutbox(producer, { db, log }),
    },
    log,
    notifiers: {
      slack: new SlackNotifier({
        tokenFor: async () => 'xoxb-fault-tests',
        slackApiUrl: env.SLACK_API_URL!,
        log,
      }),
      teams: new TeamsNotifier({
        config: teamsConfig,
        log,
        endpoints: { loginEndpoint: env.CONNECTOR_URL! },
        perTenantPerSecond: 1_000,
      }),
    },
    ...options,
  });
  process.stdout.write('READY\n');
  process.once('SIGTERM', () => {
    void worker
      .close()
      .then(() => producer.close())
      .then(() => db.$disconnect())
      .then(() => process.exit(0));
  });
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err));
  process.exit(1);
});
