import type { Db } from './db';

/** One round trip to Postgres (readiness probe); rejects when the database does not answer. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}
