import type { Command } from 'commander';
import { createLogger } from '../../logger';
import { createRuntime } from '../../runtime';
import { createHttpApp, listen } from '../../http/server';
import type { CliContext } from '../context';

/**
 * `concerto web`, `concerto worker`, `concerto all`: the long-running processes. Each resolves
 * when it has shut down after SIGTERM or SIGINT, having finished what it was doing.
 */
export async function runProcesses(
  ctx: CliContext,
  what: { web: boolean; worker: boolean },
): Promise<void> {
  const log = createLogger(ctx.config.LOG_LEVEL);
  const runtime = createRuntime(ctx.config, log);
  await runtime.redis
    .connect()
    .catch((err: Error) => log.warn({ err: err.message }, 'redis not reachable yet'));
  const stops: (() => Promise<void>)[] = [];
  if (what.web) {
    const app = await createHttpApp({ deps: runtime.deps, log, redis: runtime.redis });
    const server = await listen(app, ctx.config.PORT);
    log.info({ port: server.port }, `Concerto écoute sur le port ${server.port}`);
    stops.push(() => server.close());
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'arrêt demandé');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  for (const s of stops.reverse()) await s();
  await runtime.close();
  log.info('arrêté');
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('web')
    .description('Démarre le serveur HTTP (Slack, Teams, onglet, santé, tableau de bord des files)')
    .action(() => runProcesses(ctx, { web: true, worker: false }));
}
