#!/usr/bin/env node
import { runCli } from './cli/main-cli';

// `concerto <command>`: the admin CLI and the processes (web, worker, all) in one entry point.
runCli(process.argv.slice(2)).then(
  (code) => {
    // Long-running commands (web, worker, all) resolve only when they have shut down.
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
