import { runCli } from '../../src/cli/main-cli';
import { createLogger } from '../../src/logger';
import { NO_OUTBOX, type AppDeps } from '../../src/app/deps';
import type { Runtime } from '../../src/runtime';
import type { TestDb } from './db';

/** Runs the real CLI against a test database schema; returns exit code and output. */
export async function cli(
  t: Pick<TestDb, 'db' | 'url'>,
  args: string[],
  o: { now?: () => Date; deps?: Partial<AppDeps>; env?: Record<string, string> } = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    env: { DATABASE_URL: t.url, LOG_LEVEL: 'silent', DEFAULT_TENANT: '94', ...o.env },
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    runtime: (config) =>
      ({
        config,
        log: createLogger('silent'),
        db: t.db,
        redis: null as never,
        queues: null as never,
        deps: {
          db: t.db,
          now: o.now ?? (() => new Date()),
          log: createLogger('silent'),
          outbox: NO_OUTBOX,
          ...o.deps,
        },
        close: async () => {},
      }) satisfies Runtime,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
