import { createTestDb, type TestDb } from '../support/db';
import { cli } from '../support/cli';

describe('concerto tenant teams: the Microsoft 365 tenants of a Caf', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    expect((await cli(t, ['seed', 'demo'])).code).toBe(0);
  });
  afterAll(async () => t.drop());

  it('adds, lists and removes tenants, with an audit trail, and refuses what is not a tenant id', async () => {
    const none = await cli(t, ['tenant', 'teams', 'list']);
    expect(none.out).toContain('Aucun locataire enregistré');

    const add = await cli(t, [
      'tenant',
      'teams',
      'add',
      'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE',
      '--label',
      'Conseil départemental',
    ]);
    expect(add.code).toBe(0);
    expect(add.out).toBe(
      'Locataire Microsoft 365 enregistré : aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee (Conseil départemental).',
    );
    expect((await cli(t, ['tenant', 'teams', 'list'])).out).toBe(
      'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee  Conseil départemental',
    );

    const bad = await cli(t, ['tenant', 'teams', 'add', 'contoso.onmicrosoft.com']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain("n'est pas un ID de locataire Microsoft 365");

    const removed = await cli(t, [
      'tenant',
      'teams',
      'remove',
      'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    ]);
    expect(removed.out).toContain('Locataire retiré');
    expect(await t.db.teamsTenant.count()).toBe(0);
    expect(
      (
        await t.db.auditEvent.findMany({
          where: { action: { startsWith: 'teams-tenant.' } },
          orderBy: { id: 'asc' },
        })
      ).map((e) => e.action),
    ).toEqual(['teams-tenant.registered', 'teams-tenant.unregistered']);
  });
});
