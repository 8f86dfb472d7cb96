import { runCli } from '../../src/cli/main-cli';
import { createLogger } from '../../src/logger';
import { createRuntime } from '../../src/runtime';
import { freePort } from '../support/redis-server';
import { createTestDb, type TestDb } from '../support/db';
import { cli } from '../support/cli';

/**
 * The CLI with Redis or Postgres unreachable: it answers (the test would time out otherwise),
 * in French, says what was saved, and exits non-zero only where nothing was.
 */
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  expect((await cli(t, ['seed', 'demo'])).code).toBe(0);
});
afterAll(async () => t.drop());

async function run(args: string[], env: Record<string, string>, withDb = true) {
  const out: string[] = [];
  const err: string[] = [];
  const quiet = createLogger('silent');
  const code = await runCli(args, {
    env: { LOG_LEVEL: 'silent', DEFAULT_TENANT: '94', ...env },
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    ...(withDb
      ? { runtime: (config) => createRuntime(config, quiet, { db: t.db, redisLog: quiet }) }
      : {}),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

it('Redis unreachable: round launch saves the round, says the invitations will follow, exits 0', async () => {
  const deadRedis = `redis://127.0.0.1:${await freePort()}`;
  const env = { DATABASE_URL: t.url, REDIS_URL: deadRedis };
  const created = await run(
    ['round', 'create', '--version', '1', '--deadline', '+3j', '--orgs', 'CD94,DDCS94'],
    env,
  );
  expect(created.code).toBe(0);
  const launched = await run(['round', 'launch', '1'], env);
  expect(launched.code).toBe(0);
  expect(launched.out).toMatch(/^Consultation n° 1 ouverte/);
  expect(launched.err).toBe(
    'Attention : Redis est injoignable. C’est enregistré ; les 2 messages partiront et les ' +
      'rappels seront programmés quand Redis sera de nouveau joignable (le worker les reprend ' +
      'depuis la base).',
  );
  const round = await t.db.round.findFirstOrThrow({ where: { number: 1 } });
  expect(round.status).toBe('open');
  expect(await t.db.delivery.count({ where: { status: 'pending' } })).toBe(2);
});

it('Postgres unreachable: a French answer, nothing saved, exit 1', async () => {
  const deadPg = `postgresql://postgres@127.0.0.1:${await freePort()}/concerto`;
  const r = await run(['round', 'list'], { DATABASE_URL: deadPg }, false);
  expect(r.code).toBe(1);
  expect(r.err).toBe(
    'Erreur : la base de données est injoignable (DATABASE_URL). Rien n’a été enregistré ; ' +
      'vérifiez que PostgreSQL est démarré et joignable, puis réessayez.',
  );
  expect(r.out).toBe('');
});
