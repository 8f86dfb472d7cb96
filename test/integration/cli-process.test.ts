import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { createTestDb, type TestDb } from '../support/db';
import { cli } from '../support/cli';
import { freePort } from '../support/redis-server';
import { schemaUrl, spawnCli } from '../support/cli-process';

/** The CLI as an operator runs it: a process of its own, its pipes, its port, its exit code. */
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  expect((await cli(t, ['seed', 'demo'])).code).toBe(0);
});
afterAll(async () => t.drop());

it('concerto orgs list | (a reader that closes at once): no EPIPE crash, exit 0', async () => {
  const p = spawnCli(['orgs', 'list'], { DATABASE_URL: schemaUrl(t) });
  // Like `| head -0`: the reader goes away before the command has written anything.
  p.child.stdout!.destroy();
  const code = await p.exited;
  expect(p.stderr()).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
  expect(code).toBe(0);
});

it('concerto all with the port taken: French answer, exit 1, worker stopped, process gone', async () => {
  const taken = net.createServer();
  const port = await freePort();
  await new Promise<void>((resolve) => taken.listen(port, '0.0.0.0', resolve));
  try {
    const p = spawnCli(['all'], {
      DATABASE_URL: schemaUrl(t),
      PORT: String(port),
      QUEUE_PREFIX: `i14-${randomBytes(4).toString('hex')}`,
      MAIL_DIR: '/tmp/concerto-i14-mail',
    });
    const code = await p.exited;
    expect(code).toBe(1);
    expect(p.stderr().trim()).toBe(
      `Erreur : Le port ${port} est déjà pris par un autre programme : Concerto n'a pas démarré. ` +
        'Arrêtez ce programme (ou un autre « concerto web ») ou choisissez un autre port avec PORT.',
    );
    // The worker had started before the web server met the taken port: it was stopped.
    const log = p.stdout();
    expect(log.indexOf('"msg":"worker started"')).toBeGreaterThanOrEqual(0);
    expect(log.indexOf('"msg":"worker stopped"')).toBeGreaterThan(log.indexOf('worker started'));
    // Ended by itself (exit code, not a signal), nothing left behind to kill.
    expect(p.child.exitCode).toBe(1);
    expect(p.child.signalCode).toBeNull();
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
});

it('PORT="" is refused before anything starts: exit 2, in French', async () => {
  const p = spawnCli(['web'], { DATABASE_URL: schemaUrl(t), PORT: '' });
  expect(await p.exited).toBe(2);
  expect(p.stderr()).toContain(
    'PORT : vide : indiquez un numéro de port de 1 à 65535, ou retirez la variable (3000 par défaut)',
  );
  expect(p.stdout()).toBe('');
});

it('a command that succeeds with Redis unreachable: one French line, no ioredis stack, exit 0', async () => {
  const created = await cli(t, [
    'round',
    'create',
    '--version',
    '1',
    '--deadline',
    '+3j',
    '--orgs',
    'CD94,DDCS94',
  ]);
  const n = /n° (\d+)/.exec(created.out)![1]!;
  const p = spawnCli(['round', 'launch', n], {
    DATABASE_URL: schemaUrl(t),
    REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
  });
  expect(await p.exited).toBe(0);
  expect(p.stdout()).toMatch(new RegExp(`^Consultation n° ${n} ouverte`));
  expect(p.stderr().trim()).toBe(
    'Attention : Redis est injoignable. C’est enregistré ; les 2 messages partiront et les ' +
      'rappels seront programmés quand Redis sera de nouveau joignable (le worker les reprend ' +
      'depuis la base).',
  );
});
