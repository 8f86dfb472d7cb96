/**
 * A worker process for the crash test: its notifier announces each send on stdout and never
 * answers, so the parent can SIGKILL it in the middle of a delivery.
 * Env: DB_URL, DB_SCHEMA, REDIS_URL, QUEUE_PREFIX.
 */
import { createDb } from '../../../src/store/db';
import { createLogger } from '../../../src/logger';
import { startWorker } from '../../../src/queue/worker';
import { NO_OUTBOX } from '../../../src/app/deps';

async function main() {
  const env = process.env;
  const db = createDb({ url: env.DB_URL!, schema: env.DB_SCHEMA!, poolSize: 2 });
  const log = createLogger('silent');
  await startWorker({
    config: { REDIS_URL: env.REDIS_URL!, QUEUE_PREFIX: env.QUEUE_PREFIX! },
    deps: { db, now: () => new Date(), log, outbox: NO_OUTBOX },
    log,
    schedulers: false,
    lockDurationMs: 2_000,
    // The stalled-check key this worker sets also throttles the parent's check: keep it short.
    stalledIntervalMs: 1_000,
    notifiers: {
      console: {
        platform: 'console',
        send: (target) => {
          process.stdout.write(`SENDING ${target.address}\n`);
          return new Promise(() => undefined);
        },
      },
    },
  });
  process.stdout.write('READY\n');
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err));
  process.exit(1);
});
