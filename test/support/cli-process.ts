import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { TestDb } from './db';

const ROOT = path.join(__dirname, '../..');

/** DATABASE_URL of a test schema, for a CLI run as its own process (`?schema=`). */
export function schemaUrl(t: Pick<TestDb, 'url' | 'schema'>): string {
  const u = new URL(t.url);
  u.searchParams.set('schema', t.schema);
  return u.toString();
}

export interface CliProcess {
  child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  stdout(): string;
  stderr(): string;
}

/**
 * `concerto <args>` as a real process (src/main.ts, transpiled on the fly), as an operator runs
 * it: its own stdout and stderr, its own exit code.
 */
export function spawnCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(
    process.execPath,
    [
      '-r',
      path.join(ROOT, 'test/queue/support/ts-register.js'),
      path.join(ROOT, 'src/main.ts'),
      ...args,
    ],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', DEFAULT_TENANT: '94', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return { child, exited, stdout: () => out, stderr: () => err };
}
