import IORedis from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Deletes every key under `prefix`, and only those: other tests, benchmarks and engineers share
 * this Redis, so never FLUSHALL. Returns how many keys went.
 */
export async function deletePrefixKeys(prefix: string, url = REDIS_URL): Promise<number> {
  const redis = new IORedis(url);
  let deleted = 0;
  let cursor = '0';
  try {
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
  return deleted;
}
