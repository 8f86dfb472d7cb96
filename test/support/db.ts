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

export async function createTestDb(): Promise<TestDb> {
  await ensureDatabase(TEST_DATABASE_URL);
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await migrate({ url: TEST_DATABASE_URL, schema });
  const db = createDb({ url: TEST_DATABASE_URL, schema, poolSize: 8 });
  return {
    db,
    schema,
    url: TEST_DATABASE_URL,
    async drop() {
      await db.$disconnect();
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}
