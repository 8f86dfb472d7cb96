import Redis from 'ioredis';
import type { TConfig } from './config';
import { publicUrl } from './config';
import type { AppDeps } from './app/deps';
import { createDb, type Db } from './store/db';
import type { Logger } from './logger';
import { createQueues, type Queues } from './queue/queues';
import { createQueueOutbox } from './queue/outbox';

/** The long-lived connections of a process, built once from the configuration. */
export interface Runtime {
  config: TConfig;
  log: Logger;
  db: Db;
  /** For /readyz and Slack's retry de-duplication. */
  redis: Redis;
  /** Producer side of the queues: use cases enqueue through the outbox built on them. */
  queues: Queues;
  deps: AppDeps;
  close(): Promise<void>;
}

export function createRuntime(config: TConfig, log: Logger): Runtime {
  const db = createDb({ url: config.DATABASE_URL });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
  const queues = createQueues({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX });
  const deps: AppDeps = {
    db,
    now: () => new Date(),
    log,
    // Never throws: when Redis is down the rows wait for the worker's sweep.
    outbox: createQueueOutbox(queues, { db, log }),
    publicUrl: publicUrl(config),
  };
  return {
    config,
    log,
    db,
    redis,
    queues,
    deps,
    async close() {
      await queues.close().catch(() => undefined);
      await db.$disconnect().catch(() => undefined);
      redis.disconnect();
    },
  };
}
