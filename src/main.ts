#!/usr/bin/env node
import { runCli } from './cli/main-cli';

// pg 8 warns when a client is handed a query while another runs: Prisma's driver adapter does so
// inside its transactions (its concern, queued correctly by pg). Pilots reading the CLI's output
// should not see it; every other warning is printed as usual.
const PG_QUEUE_NOTICE = 'Calling client.query() when the client is already executing a query';
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : warning.message;
  if (text.startsWith(PG_QUEUE_NOTICE)) return;
  (emitWarning as (w: string | Error, ...r: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

// `concerto … | head`: the reader may close the pipe before the command has written everything.
// Writing further is pointless, not an error: the command finishes (what it saves is saved) and
// its exit code stays its own, without an EPIPE crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    throw err;
  });
}

// `concerto <command>`: the admin CLI and the processes (web, worker, all) in one entry point.
runCli(process.argv.slice(2)).then(
  (code) => {
    // Long-running commands (web, worker, all) resolve only when they have shut down.
    process.exitCode = code;
    // Every connection is closed by now; should a library still hold a timer or a socket
    // (a Redis reconnection in flight), the command still ends.
    setTimeout(() => process.exit(code), 500).unref();
  },
  (err: unknown) => {
    // runCli answers every error itself; this is a last resort, still without a stack unless
    // asked for (LOG_LEVEL=debug).
    const detail = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';
    process.stderr.write(
      detail
        ? `${(err as Error).stack ?? String(err)}\n`
        : 'Erreur inattendue : la commande n’a pas abouti. Relancez-la avec LOG_LEVEL=debug pour voir le détail.\n',
    );
    process.exitCode = 3;
  },
);
