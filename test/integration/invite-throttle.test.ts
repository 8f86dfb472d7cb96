import { createTestDb, type TestDb } from '../support/db';
import { createDb, type Db } from '../../src/store/db';
import { createLogger } from '../../src/logger';
import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import { seedDemo } from '../../src/app/seed-demo';
import { createInviteCode } from '../../src/app/create-invite-code';
import { linkIdentity } from '../../src/app/link-identity';
import type { InviteThrottleLimits } from '../../src/app/invite-throttle';

/**
 * Invitation-code throttling as two web processes see it: two database clients (two pools, as
 * two processes have) share the counts, a success gives its attempt back, and the window
 * reopens.
 */
describe('invitation codes tried, counted in Postgres', () => {
  let t: TestDb;
  let other: Db;
  let clock = new Date('2026-12-05T09:00:00Z');
  let tenantId: string;
  const limits: InviteThrottleLimits = { perUser: 3, perWorkspace: 4, windowMs: 15 * 60_000 };
  const depsOf = (db: Db): AppDeps => ({
    db,
    now: () => clock,
    log: createLogger('silent'),
    outbox: NO_OUTBOX,
  });

  beforeAll(async () => {
    t = await createTestDb();
    other = createDb({ url: t.url, schema: t.schema, poolSize: 2 });
    tenantId = (await seedDemo(depsOf(t.db), { actor: CLI_ACTOR })).tenant.id;
  });
  afterAll(async () => {
    await other.$disconnect();
    await t.drop();
  });

  const tryCode = (db: Db, userId: string, code: string, workspaceId = 'T-THROTTLE') =>
    linkIdentity(depsOf(db), {
      code,
      platform: 'slack',
      workspaceId,
      userId,
      displayName: userId,
      throttle: limits,
    }).then(
      () => 'linked',
      (err: { code?: string }) => err.code ?? 'error',
    );
  const goodCode = async () =>
    (
      await createInviteCode(depsOf(t.db), {
        tenantId,
        organisationCode: 'CD94',
        role: 'partner',
        actor: CLI_ACTOR,
      })
    ).code;

  it('shares the counts between processes, gives successes back, and reopens after the window', async () => {
    // User A guesses through both "processes", alternately: the third guess is the last.
    expect(await tryCode(t.db, 'UA', 'AAAA-AAAA-AAA1')).toBe('INVITE_CODE_UNKNOWN');
    expect(await tryCode(other, 'UA', 'AAAA-AAAA-AAA2')).toBe('INVITE_CODE_UNKNOWN');
    expect(await tryCode(t.db, 'UA', 'AAAA-AAAA-AAA3')).toBe('INVITE_CODE_UNKNOWN');
    expect(await tryCode(other, 'UA', await goodCode())).toBe('INVITE_CODE_THROTTLED');

    // User B links at once; their attempt is given back to the workspace (3 counted of 4).
    expect(await tryCode(other, 'UB', await goodCode())).toBe('linked');
    // Guesses at once from two processes: exactly one gets the workspace's last attempt.
    const results = await Promise.all([
      tryCode(t.db, 'UC', 'CCCC-CCCC-CCC1'),
      tryCode(other, 'UD', 'DDDD-DDDD-DDD1'),
    ]);
    expect(results.sort()).toEqual(['INVITE_CODE_THROTTLED', 'INVITE_CODE_UNKNOWN']);
    expect(await tryCode(t.db, 'UE', await goodCode())).toBe('INVITE_CODE_THROTTLED');
    // Another workspace is not concerned.
    expect(await tryCode(t.db, 'UE', await goodCode(), 'T-OTHER')).toBe('linked');

    // A quarter of an hour later, the window has reopened.
    clock = new Date(clock.getTime() + limits.windowMs + 1000);
    expect(await tryCode(other, 'UA', await goodCode())).toBe('linked');
  });
});
