import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDb, type Db } from '../../src/store/db';
import { ensureDatabase, migrate } from '../../src/store/migrate';

/** The test database: a real Postgres; each test file gets a schema of its own. */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/concerto_test';

export interface TestDb {
  db: Db;
  schema: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh schema, migrated, in `url` (default: the test database), with a Prisma client on it;
 * `drop()` disconnects and removes it. The benchmarks use it too, in their own database.
 */
export async function createTestDb(
  o: { url?: string; poolSize?: number; label?: string } = {},
): Promise<TestDb> {
  const url = o.url ?? TEST_DATABASE_URL;
  await ensureDatabase(url);
  const schema = `${o.label ?? 't'}_${randomBytes(6).toString('hex')}`;
  await migrate({ url, schema });
  const db = createDb({ url, schema, poolSize: o.poolSize ?? 8 });
  return {
    db,
    schema,
    url,
    async drop() {
      await db.$disconnect();
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}
