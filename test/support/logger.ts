import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger';

/**
 * A pino logger whose lines the test can read: `text()` as written, `lines()` parsed. With
 * `showEnv` set in the environment (TEAMS_TEST_LOG…), it logs to stdout instead, for debugging.
 */
export function captureLogger(
  level = 'info',
  showEnv?: string,
): { log: Logger; lines: () => Record<string, unknown>[]; text: () => string[] } {
  const written: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      written.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  return {
    log: showEnv && process.env[showEnv] ? createLogger(level) : createLogger(level, stream),
    lines: () => written.map((l) => JSON.parse(l) as Record<string, unknown>),
    text: () => written,
  };
}
