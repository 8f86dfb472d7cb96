import IORedis, { type Redis, type RedisOptions } from 'ioredis';

export interface RedisConnectionOptions {
  /**
   * A connection for a Worker (blocking commands): BullMQ requires `maxRetriesPerRequest: null`
   * there, so a Redis restart makes the worker wait and reconnect instead of throwing. Producers
   * (web, CLI) keep ioredis' default (20 retries) so a request fails instead of hanging.
   * Default: false.
   */
  forWorker?: boolean;
  /** Name shown by CLIENT LIST. Default: concerto. */
  connectionName?: string;
}

/** One ioredis connection to `url`. The caller closes it (`quit()`). */
export function createRedisConnection(url: string, options: RedisConnectionOptions = {}): Redis {
  const redisOptions: RedisOptions = {
    connectionName: options.connectionName ?? 'concerto',
    ...(options.forWorker ? { maxRetriesPerRequest: null } : {}),
  };
  return new IORedis(url, redisOptions);
}
