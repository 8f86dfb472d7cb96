import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { SlackApp } from '../../src/adapters/slack/app';
import { mountSlackForConcerto } from '../../src/adapters/slack/concerto-handlers';
import type { AppDeps } from '../../src/app/deps';
import type { TConfig } from '../../src/config';
import { createHttpApp, listen } from '../../src/http/server';

/**
 * Concerto's web server as production builds it, with Slack mounted (createHttpApp +
 * mountSlackForConcerto), listening on a free port of 127.0.0.1. For the Slack tests and bench.
 */
export async function startSlackServer(o: {
  config: TConfig;
  deps: AppDeps;
  log: Logger;
  redis: Redis;
}) {
  let slack: SlackApp | undefined;
  const app = await createHttpApp({
    deps: o.deps,
    log: o.log,
    redis: o.redis,
    mount: async (expressApp) => {
      slack = await mountSlackForConcerto(expressApp, o);
    },
  });
  const server = await listen(app, 0, '127.0.0.1');
  return {
    /** `http://127.0.0.1:<port>` */
    base: `http://127.0.0.1:${server.port}`,
    slack,
    async close() {
      await server.close();
      await slack?.stop();
    },
  };
}
