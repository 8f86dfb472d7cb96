import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { ConfigError, configSecrets, loadConfig, type TConfig } from '../config';
import { errorText, isDomainError } from '../domain/errors';
import { createLogger } from '../logger';
import { findTenant } from '../app/lookup';
import { createRuntime, type Runtime } from '../runtime';
import type { CliContext, RegisterCommands } from './context';
import { EXIT } from './exit-codes';
import { errorOutput, helpText, optionDescription } from './french';
import { cliWords, type CliWords } from '../domain/cli-words';
import { localeOf } from '../domain/locale';
import type { Locale } from '../domain/types';
import { isInfrastructureError } from '../queue/infra';

/** What the CLI says when the command was saved but its messages wait for Redis. */
export function deferredNote(
  d: { deliveries: number; reminders: number },
  locale: Locale = 'fr',
): string {
  return cliWords(locale).program.deferred(d);
}

/** Postgres or Redis unreachable: say which, and that nothing was saved. */
function unreachableNote(e: unknown, config: TConfig, w: CliWords): string {
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
  return isRedis ? w.program.redisUnreachable : w.program.databaseUnreachable;
}

/** Walks an error and its causes (Prisma wraps the driver's error, which wraps Postgres's). */
function causes(e: unknown): Record<string, unknown>[] {
  const chain: Record<string, unknown>[] = [];
  const seen = new Set<unknown>();
  let cur: unknown = e;
  for (let depth = 0; depth < 6 && cur && typeof cur === 'object' && !seen.has(cur); depth += 1) {
    seen.add(cur);
    const o = cur as Record<string, unknown>;
    chain.push(o);
    const meta = o.meta as Record<string, unknown> | undefined;
    cur = o.cause ?? (meta?.driverAdapterError as unknown);
  }
  return chain;
}

function databaseName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
  } catch {
    return '?';
  }
}

/**
 * The database answers but is not what Concerto needs: missing on the server, or without its
 * tables (never migrated). The French answer says what to run; undefined for any other error.
 */
function databaseStateNote(e: unknown, config: TConfig, w: CliWords): string | undefined {
  for (const o of causes(e)) {
    const text = typeof o.message === 'string' ? o.message : '';
    if (
      o.kind === 'DatabaseDoesNotExist' ||
      o.originalCode === '3D000' ||
      o.code === '3D000' ||
      /does not exist on the database server/.test(text)
    ) {
      return w.program.databaseMissing(databaseName(config.DATABASE_URL));
    }
    if (
      o.kind === 'DatabaseAccessDenied' ||
      o.kind === 'AuthenticationFailed' ||
      (typeof o.originalCode === 'string' && /^28/.test(o.originalCode)) ||
      (typeof o.code === 'string' && /^28(000|P01)$/.test(o.code))
    ) {
      return w.program.databaseAccessDenied;
    }
    if (
      o.kind === 'TableDoesNotExist' ||
      o.originalCode === '42P01' ||
      o.code === '42P01' ||
      o.code === 'P2021'
    ) {
      return w.program.databaseNotMigrated(databaseName(config.DATABASE_URL));
    }
  }
  return undefined;
}

/** The `concerto` command line: every file of ./commands adds its commands. */
export function buildProgram(
  ctx: CliContext,
  io: { out: (s: string) => void; err: (s: string) => void } = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  },
): Command {
  const w = cliWords(ctx.locale);
  const program = new Command('concerto')
    .description(w.program.description)
    .option('--caf <code>', w.program.caf)
    .helpOption('-h, --help', w.program.help)
    .configureHelp({ optionDescription: (o) => optionDescription(o, w) })
    .addHelpCommand(w.program.helpCommandName, w.program.helpCommand)
    .showHelpAfterError(w.program.afterError)
    .addHelpText('after', w.program.exitCodes)
    // Parse errors throw (runCli turns them into an exit code) instead of exiting the process.
    .exitOverride()
    // Set before the commands are added: each copies these settings when created.
    .configureOutput({
      writeOut: (s) => io.out(helpText(s, w)),
      writeErr: (s) => io.err(helpText(s, w)),
      outputError: (s, write) => write(errorOutput(s, w)),
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

/** Runs the CLI; returns the exit code (EXIT: 0 done, 1 nothing saved, 2 configuration, 3 saved in part, 4 unexpected). */
export async function runCli(argv: string[], o: RunCliOptions = {}): Promise<number> {
  const out = o.out ?? ((t: string) => process.stdout.write(t + '\n'));
  const err = o.err ?? ((t: string) => process.stderr.write(t + '\n'));
  let config: TConfig;
  try {
    config = loadConfig(o.env ?? process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      err(e.message);
      return EXIT.config;
    }
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, undefined, {
    secrets: configSecrets(config),
  });
  const env = o.env ?? process.env;
  // Read once: the language of everything the CLI prints (French unless CONCERTO_LOCALE=en).
  const locale = localeOf(env.CONCERTO_LOCALE);
  const w = cliWords(locale);
  let runtime: Runtime | null = null;
  let caf: string | undefined;
  let exitCode = 0;
  const ctx: CliContext = {
    config,
    locale,
    env,
    log,
    out,
    err,
    errIsTTY: !o.err && !!process.stderr.isTTY,
    setExitCode(code) {
      exitCode = code;
    },
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
      err(deferredNote(deferred, locale));
    }
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ||
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version'
        ? 0
        : 1;
    }
    if (isDomainError(e)) {
      err(w.program.error(errorText(e, locale)));
      return EXIT.refused;
    }
    const dbState = databaseStateNote(e, config, w);
    if (dbState) {
      log.debug({ err: e }, 'cli command failed');
      err(dbState);
      return EXIT.refused;
    }
    if (isInfrastructureError(e)) {
      log.debug({ err: e }, 'cli command failed');
      err(unreachableNote(e, config, w));
      return EXIT.refused;
    }
    // No stack, no library internals in ordinary use: LOG_LEVEL=debug shows them.
    log.debug({ err: e }, 'cli command failed');
    err(w.program.unexpected);
    return EXIT.unexpected;
  } finally {
    await ctx.close();
  }
}
