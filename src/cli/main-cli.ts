import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { ConfigError, configSecrets, loadConfig, type TConfig } from '../config';
import { errorText, isDomainError } from '../domain/errors';
import { createLogger } from '../logger';
import { findTenant } from '../app/lookup';
import { createRuntime, type Runtime } from '../runtime';
import type { CliContext, RegisterCommands } from './context';
import { frenchError, frenchHelp } from './french';
import { isInfrastructureError } from '../queue/infra';

/** What the CLI says when the command was saved but its messages wait for Redis. */
export function deferredNote(d: { deliveries: number; reminders: number }): string {
  const parts: string[] = [];
  if (d.deliveries > 0)
    parts.push(d.deliveries > 1 ? `les ${d.deliveries} messages partiront` : 'le message partira');
  if (d.reminders > 0)
    parts.push(d.reminders > 1 ? 'les rappels seront programmés' : 'le rappel sera programmé');
  return (
    `Attention : Redis est injoignable. C’est enregistré ; ${parts.join(' et ')} ` +
    'quand Redis sera de nouveau joignable (le worker les reprend depuis la base).'
  );
}

/** Postgres or Redis unreachable: say which, and that nothing was saved. */
function unreachableNote(e: unknown, config: TConfig): string {
  const text = JSON.stringify(e, Object.getOwnPropertyNames(e as object)) + String(e);
  let redisPort = '6379';
  try {
    redisPort = new URL(config.REDIS_URL).port || '6379';
  } catch {
    // keep the default
  }
  const isRedis =
    /redis|MaxRetriesPerRequest|Connection is closed/i.test(text) ||
    (text.includes(`:${redisPort}`) && !text.includes('postgres'));
  return isRedis
    ? 'Erreur : Redis est injoignable (REDIS_URL). Rien n’a été modifié ; réessayez quand il répondra.'
    : 'Erreur : la base de données est injoignable (DATABASE_URL). Rien n’a été enregistré ; ' +
        'vérifiez que PostgreSQL est démarré et joignable, puis réessayez.';
}

/** The `concerto` command line: every file of ./commands adds its commands. */
export function buildProgram(
  ctx: CliContext,
  io: { out: (s: string) => void; err: (s: string) => void } = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  },
): Command {
  const program = new Command('concerto')
    .description(
      'Concerto : consultations des partenaires sur le schéma directeur AVS et rappels d’agrément',
    )
    .option('--caf <code>', 'code de la Caf concernée (défaut : DEFAULT_TENANT, 94)')
    .helpOption('-h, --help', 'affiche l’aide')
    .addHelpCommand('help [commande]', 'affiche l’aide d’une commande')
    .showHelpAfterError('(concerto --help pour l’aide)')
    // Parse errors throw (runCli turns them into an exit code) instead of exiting the process.
    .exitOverride()
    // Set before the commands are added: each copies these settings when created.
    .configureOutput({
      writeOut: (s) => io.out(frenchHelp(s)),
      writeErr: (s) => io.err(frenchHelp(s)),
      outputError: (s, write) => write(frenchError(s)),
    });
  const dir = path.join(__dirname, 'commands');
  for (const file of readdirSync(dir).sort()) {
    if (!/\.(js|ts)$/.test(file) || file.endsWith('.d.ts') || file.endsWith('.map')) continue;
    const mod = require(path.join(dir, file)) as { register?: RegisterCommands };
    mod.register?.(program, ctx);
  }
  return program;
}

export interface RunCliOptions {
  env?: NodeJS.ProcessEnv;
  out?: (text: string) => void;
  err?: (text: string) => void;
  /** Overrides the runtime (tests: a database schema of their own). */
  runtime?: (config: TConfig) => Runtime;
}

/** Runs the CLI; returns the exit code (0 ok, 1 refused or failed, 2 bad configuration). */
export async function runCli(argv: string[], o: RunCliOptions = {}): Promise<number> {
  const out = o.out ?? ((t: string) => process.stdout.write(t + '\n'));
  const err = o.err ?? ((t: string) => process.stderr.write(t + '\n'));
  let config: TConfig;
  try {
    config = loadConfig(o.env ?? process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, undefined, {
    secrets: configSecrets(config),
  });
  let runtime: Runtime | null = null;
  let caf: string | undefined;
  const ctx: CliContext = {
    config,
    env: o.env ?? process.env,
    log,
    out,
    async deps() {
      runtime ??= o.runtime
        ? o.runtime(config)
        : createRuntime(config, log, {
            // The CLI says itself what waits for Redis (deferredNote).
            redisLog: log.child({}, { level: 'error' }),
          });
      return runtime.deps;
    },
    async tenantId() {
      const deps = await ctx.deps();
      return (await findTenant(deps.db, caf ?? config.DEFAULT_TENANT)).id;
    },
    async close() {
      await runtime?.close();
      runtime = null;
    },
  };
  const program = buildProgram(ctx, {
    out: (s) => out(s.replace(/\n$/, '')),
    err: (s) => err(s.replace(/\n$/, '')),
  });
  program.hook('preAction', (cmd) => {
    caf = cmd.optsWithGlobals<{ caf?: string }>().caf;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    const deferred = (runtime as Runtime | null)?.outbox?.deferred;
    if (deferred && deferred.deliveries + deferred.reminders > 0) {
      // Saved in the database; only the hand-over to the queue waits for Redis.
      err(deferredNote(deferred));
    }
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ||
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version'
        ? 0
        : 1;
    }
    if (isDomainError(e)) {
      err(`Erreur : ${errorText(e, 'fr')}`);
      return 1;
    }
    if (isInfrastructureError(e)) {
      err(unreachableNote(e, config));
      return 1;
    }
    log.error({ err: e }, 'cli command failed');
    err(`Erreur inattendue : ${(e as Error).message}`);
    return 1;
  } finally {
    await ctx.close();
  }
}
