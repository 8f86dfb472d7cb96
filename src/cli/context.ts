import type { Command } from 'commander';
import type { TConfig } from '../config';
import type { AppDeps } from '../app/deps';
import type { Logger } from '../logger';
import type { Locale } from '../domain/types';

/**
 * What every CLI command gets. `deps()` opens the database (and the queue outbox when Redis is
 * reachable) on first use, so `concerto --help` needs neither. `out` prints for the user.
 */
export interface CliContext {
  config: TConfig;
  /**
   * The language of what the CLI prints: French unless CONCERTO_LOCALE=en (runCli reads it once);
   * its words are `cliWords(ctx.locale)` (src/domain/cli-words.ts).
   */
  locale?: Locale;
  /** The environment the configuration was read from (`concerto oidc set --client-secret-env`). */
  env?: NodeJS.ProcessEnv;
  log: Logger;
  deps(): Promise<AppDeps>;
  /** The tenant chosen with --caf (default: DEFAULT_TENANT). */
  tenantId(): Promise<string>;
  out(text: string): void;
  /** Prints on the error stream (progress, notes). */
  err(text: string): void;
  /** Whether the error stream is a terminal (a progress bar can redraw itself there). */
  errIsTTY: boolean;
  /** The exit code when the command ends without an error (default 0). */
  setExitCode(code: number): void;
  /** Closes connections opened by deps(). */
  close(): Promise<void>;
}

/** Each file of src/cli/commands exports one `register` adding its commands to the program. */
export type RegisterCommands = (program: Command, ctx: CliContext) => void;
