import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';

/** The correlation id of the request or job being handled, carried across awaits. */
const context = new AsyncLocalStorage<{ correlationId: string }>();

export function withCorrelation<T>(correlationId: string | undefined, fn: () => T): T {
  return context.run({ correlationId: correlationId ?? randomUUID() }, fn);
}

export function correlationId(): string | undefined {
  return context.getStore()?.correlationId;
}

/**
 * Structured JSON logs. Secrets never reach them: the known secret-bearing fields are redacted
 * wherever they appear.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'concerto' },
      mixin: () => {
        const id = correlationId();
        return id ? { correlationId: id } : {};
      },
      redact: {
        paths: [
          '*.token',
          '*.botToken',
          '*.authorization',
          '*.Authorization',
          'headers.authorization',
          'req.headers.authorization',
          '*.SLACK_BOT_TOKEN',
          '*.SLACK_SIGNING_SECRET',
          '*.SLACK_CLIENT_SECRET',
          '*.TEAMS_CLIENT_SECRET',
          '*.code',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type { Logger };
