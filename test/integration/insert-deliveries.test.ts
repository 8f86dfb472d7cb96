import { createDeliveries } from '../../src/app/deliveries';
import { createTestDb, type TestDb } from '../support/db';

/**
 * The outbox's insert runs as plain SQL on the pool outside a transaction (the web ballot's
 * receipts) and on the transaction's own connection inside one: same rows, same de-duplication.
 */
describe('createDeliveries', () => {
  let tdb: TestDb;
  let tenantId: string;
  let destinationId: string;
  beforeAll(async () => {
    tdb = await createTestDb();
    const tenant = await tdb.db.tenant.create({ data: { code: '94', name: 'Caf 94' } });
    tenantId = tenant.id;
    const d = await tdb.db.destination.create({
      data: { tenantId, platform: 'email', workspaceId: 'org', address: 'a@b.example' },
    });
    destinationId = d.id;
  });
  afterAll(() => tdb.drop());

  const item = (dedupeKey: string, payload: Record<string, unknown>) => ({
    destinationId,
    dedupeKey,
    kind: 'avis.receipt',
    payload,
  });

  it('outside a transaction: creates the rows, shares a payload, skips a known dedupe key', async () => {
    const shared = { text: 'Avis enregistré', n: 1 };
    const ids = await createDeliveries(tdb.db, tenantId, [
      item('k1', shared),
      item('k2', shared),
      item('k3', { text: 'autre' }),
    ]);
    expect(ids).toHaveLength(3);
    const again = await createDeliveries(tdb.db, tenantId, [
      item('k1', shared),
      item('k4', shared),
    ]);
    expect(again).toHaveLength(1);
    const rows = await tdb.db.delivery.findMany({
      where: { tenantId },
      orderBy: { dedupeKey: 'asc' },
    });
    expect(rows.map((r) => [r.dedupeKey, r.payload, r.status])).toEqual([
      ['k1', shared, 'pending'],
      ['k2', shared, 'pending'],
      ['k3', { text: 'autre' }, 'pending'],
      ['k4', shared, 'pending'],
    ]);
    expect(rows.find((r) => r.dedupeKey === 'k4')!.id).toBe(again[0]);
  });

  it('inside a transaction: on its connection, so a rollback leaves nothing', async () => {
    await expect(
      tdb.db.$transaction(async (tx) => {
        const ids = await createDeliveries(tx, tenantId, [item('t1', { x: 1 })]);
        expect(ids).toHaveLength(1);
        expect(await tx.delivery.count({ where: { dedupeKey: 't1' } })).toBe(1);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await tdb.db.delivery.count({ where: { dedupeKey: 't1' } })).toBe(0);
  });
});
