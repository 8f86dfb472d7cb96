import Redis from 'ioredis';
import type { TConfig } from './config';
import { publicUrl } from './config';
import { NO_OUTBOX, type AppDeps, type Outbox } from './app/deps';
import { createDb, type Db } from './store/db';
import type { Logger } from './logger';

/** The long-lived connections of a process, built once from the configuration. */
export interface Runtime {
  config: TConfig;
  log: Logger;
  db: Db;
  redis: Redis;
  deps: AppDeps;
  close(): Promise<void>;
}

export function createRuntime(
  config: TConfig,
  log: Logger,
  outbox?: (redis: Redis) => Outbox,
): Runtime {
  const db = createDb({ url: config.DATABASE_URL });
  // maxRetriesPerRequest null: BullMQ workers block on Redis and must not give up (BullMQ's guide).
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
  const deps: AppDeps = {
    db,
    now: () => new Date(),
    log,
    outbox: outbox ? outbox(redis) : NO_OUTBOX,
    publicUrl: publicUrl(config),
  };
  return {
    config,
    log,
    db,
    redis,
    deps,
    async close() {
      await db.$disconnect().catch(() => undefined);
      redis.disconnect();
    },
  };
}
