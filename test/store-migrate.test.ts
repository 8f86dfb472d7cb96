import { Client } from 'pg';
import { createTestDb, type TestDb } from './support/db';
import { migrate } from '../src/store/migrate';

describe('db migrate', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t.drop());

  it('records each migration as prisma migrate deploy does and is idempotent', async () => {
    const again = await migrate({ url: t.url, schema: t.schema });
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied.length).toBeGreaterThan(0);
    const client = new Client({ connectionString: t.url, options: `-c search_path=${t.schema}` });
    await client.connect();
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"',
    );
    await client.end();
    expect(rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].finished_at).toBeInstanceOf(Date);
    expect(rows[0].applied_steps_count).toBe(1);
  });

  it('lets Prisma read and write every table of the schema', async () => {
    const tenant = await t.db.tenant.create({ data: { code: 'T1', name: 'Caf test' } });
    const org = await t.db.organisation.create({
      data: { tenantId: tenant.id, code: 'O1', name: 'Org', kind: 'commune' },
    });
    expect(org.tenantId).toBe(tenant.id);
    expect(await t.db.tenant.count()).toBe(1);
  });
});
