import Redis from 'ioredis';
import type { TConfig } from './config';
import { publicUrl } from './config';
import type { AppDeps } from './app/deps';
import { ballotKey } from './app/ballot-links';
import { chartLinkSigner } from './app/chart-links';
import { createDb, type Db } from './store/db';
import type { Logger } from './logger';
import { createQueues, type Queues } from './queue/queues';
import { createQueueOutbox, type QueueOutbox } from './queue/outbox';
import { redisOutageLog } from './queue/connection';

/** The long-lived connections of a process, built once from the configuration. */
export interface Runtime {
  config: TConfig;
  log: Logger;
  db: Db;
  /** For /readyz and Slack's retry de-duplication. */
  redis: Redis;
  /** Producer side of the queues: use cases enqueue through the outbox built on them. */
  queues: Queues;
  /** The outbox of `deps`, with what it left to the sweep (the CLI tells the user). */
  outbox?: QueueOutbox;
  deps: AppDeps;
  close(): Promise<void>;
}

/**
 * The key of the signed links (ballot, console sign-in, chart images): CONCERTO_LINK_SECRET, or
 * derived from DATABASE_URL outside production.
 */
export function linkKeyOf(config: TConfig): Buffer {
  return ballotKey({
    ...(config.CONCERTO_LINK_SECRET ? { secret: config.CONCERTO_LINK_SECRET } : {}),
    databaseUrl: config.DATABASE_URL,
  });
}

export function createRuntime(
  config: TConfig,
  log: Logger,
  o: {
    /**
     * Where Redis outages are logged. The CLI passes a quiet one: it tells the user itself what
     * waits for Redis (main-cli.ts). Default: `log`.
     */
    redisLog?: Logger;
    /** A database client to use instead of one on DATABASE_URL (tests); not closed by close(). */
    db?: Db;
  } = {},
): Runtime {
  const redisLog = o.redisLog ?? log;
  const db = o.db ?? createDb({ url: config.DATABASE_URL });
  const redis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 1,
    lazyConnect: true,
    retryStrategy: (times) => Math.min(2_000, 50 * 2 ** Math.min(times, 6)),
  });
  const outages = redisOutageLog(redisLog);
  redis.on('error', (err) => outages.down(err));
  redis.on('ready', () => outages.up());
  const queues = createQueues({
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    log: redisLog,
  });
  // Never throws, never waits more than a few seconds: when Redis is down the rows wait for the
  // worker's sweep.
  const outbox = createQueueOutbox(queues, { db, log: redisLog });
  const deps: AppDeps = {
    db,
    now: () => new Date(),
    log,
    outbox,
    publicUrl: publicUrl(config),
    // Chart images in the results messages only with a real public address: Slack, Teams and
    // mail clients fetch them from there (the demo's http://localhost would show broken images).
    ...(config.PUBLIC_URL
      ? { chartLinks: chartLinkSigner({ key: linkKeyOf(config), publicUrl: publicUrl(config) }) }
      : {}),
  };
  return {
    config,
    log,
    db,
    redis,
    queues,
    outbox,
    deps,
    async close() {
      await queues.close().catch(() => undefined);
      if (!o.db) await db.$disconnect().catch(() => undefined);
      redis.disconnect();
    },
  };
}
