import IORedis, { type Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger';
import { OutageLog } from './infra';

export interface RedisConnectionOptions {
  /**
   * A connection for a Worker (blocking commands): BullMQ requires `maxRetriesPerRequest: null`
   * there, so a Redis restart makes the worker wait and reconnect instead of throwing. Producers
   * (web, CLI) fail a command after one retry, and the callers bound their waits (outbox.ts).
   * Default: false.
   */
  forWorker?: boolean;
  /** Name shown by CLIENT LIST. Default: concerto. */
  connectionName?: string;
  /**
   * Where connection errors go: one line when Redis becomes unreachable, one at most every
   * minute while it stays so, one when it is back (infra.ts) — never a stack per reconnection.
   * Without it, errors are ignored here (the commands that fail report them).
   */
  outages?: OutageLog;
}

/** One ioredis connection to `url`. The caller closes it (`quit()`). */
export function createRedisConnection(url: string, options: RedisConnectionOptions = {}): Redis {
  const redisOptions: RedisOptions = {
    connectionName: options.connectionName ?? 'concerto',
    maxRetriesPerRequest: options.forWorker ? null : 1,
    // Reconnect quickly at first, then every 2 s at most: Redis back means work resumes soon.
    retryStrategy: (times) => Math.min(2_000, 50 * 2 ** Math.min(times, 6)),
  };
  const redis = new IORedis(url, redisOptions);
  // An 'error' without a listener is printed by ioredis with its stack, once per reconnection.
  redis.on('error', (err) => options.outages?.down(err));
  redis.on('ready', () => options.outages?.up());
  return redis;
}

const redisOutageLogs = new WeakMap<Logger, OutageLog>();

/**
 * The OutageLog for Redis on `log`: one per logger, so that the worker's connections and the
 * queues' (each with their own 'error' listener) report one outage once, not once each.
 */
export function redisOutageLog(log: Logger): OutageLog {
  let outages = redisOutageLogs.get(log);
  if (!outages) redisOutageLogs.set(log, (outages = new OutageLog(log, 'Redis')));
  return outages;
}
