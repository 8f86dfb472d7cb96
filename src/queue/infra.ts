import type { Logger } from '../logger';

/**
 * Infrastructure errors: Postgres or Redis unreachable, a connection cut or refused, a pool that
 * cannot connect. They say nothing about the job itself, so a job that meets one is delayed (with
 * a capped backoff) instead of spending one of its attempts (deliver.ts, reminder-due.ts).
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);
/** Prisma's codes for "cannot reach / lost the database" and pool timeouts. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
const MESSAGES = [
  /Connection terminated/i,
  /connection (is )?closed/i,
  /Can't reach database server/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Connection is closed/i,
  /Reached the max retries per request limit/i,
  /the database system is (shutting down|starting up|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /Stream isn't writeable/i,
];

export function isInfrastructureError(err: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  for (let depth = 0; depth < 6 && e && typeof e === 'object' && !seen.has(e); depth += 1) {
    seen.add(e);
    const o = e as {
      code?: unknown;
      errno?: unknown;
      name?: unknown;
      message?: unknown;
      cause?: unknown;
      originalCode?: unknown;
      kind?: unknown;
    };
    const code = typeof o.code === 'string' ? o.code : undefined;
    if (code && (NETWORK_CODES.has(code) || PRISMA_CODES.has(code))) return true;
    // Postgres SQLSTATE: class 08 (connection exception), 57P01-03 (shutdown, cannot connect now).
    if (code && (/^08/.test(code) || /^57P0[123]$/.test(code))) return true;
    if (typeof o.originalCode === 'string' && /^(08|57P0)/.test(o.originalCode)) return true;
    if (o.name === 'PrismaClientInitializationError') return true;
    if (o.name === 'MaxRetriesPerRequestError') return true;
    if (typeof o.message === 'string' && MESSAGES.some((re) => re.test(o.message as string)))
      return true;
    if (o.kind === 'DatabaseNotReachable' || o.kind === 'SocketTimeout') return true;
    e = o.cause;
  }
  // AggregateError (several connection attempts refused).
  if (err instanceof AggregateError) return err.errors.some((x) => isInfrastructureError(x));
  return false;
}

/** Delay before the n-th retry (1-based) after an infrastructure error: doubling, capped. */
export function infraBackoffMs(n: number, baseMs: number, maxMs: number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, n - 1));
  // ±20 % jitter so that many jobs do not come back in lockstep.
  return Math.round(exp * (0.8 + Math.random() * 0.4));
}

/**
 * One log line per outage, not one per failure: the first failure is logged at `warn`, the
 * following ones at most once per `everyMs` (with how many were silenced), and the recovery
 * once, at `info`, with how long it lasted.
 */
export class OutageLog {
  private since: number | undefined;
  private lastLogged = 0;
  private silenced = 0;
  constructor(
    private readonly log: Logger,
    private readonly what: string,
    private readonly everyMs = 60_000,
  ) {}

  down(err: unknown): void {
    const now = Date.now();
    const message = err instanceof Error ? err.message : String(err);
    if (this.since === undefined) {
      this.since = now;
      this.lastLogged = now;
      this.log.warn({ what: this.what, reason: message.slice(0, 300) }, `${this.what} injoignable`);
      return;
    }
    if (now - this.lastLogged >= this.everyMs) {
      this.log.warn(
        {
          what: this.what,
          reason: message.slice(0, 300),
          downForMs: now - this.since,
          silenced: this.silenced,
        },
        `${this.what} toujours injoignable`,
      );
      this.lastLogged = now;
      this.silenced = 0;
      return;
    }
    this.silenced += 1;
  }

  up(): void {
    if (this.since === undefined) return;
    this.log.info(
      { what: this.what, downForMs: Date.now() - this.since },
      `${this.what} de nouveau joignable`,
    );
    this.since = undefined;
    this.silenced = 0;
  }

  get isDown(): boolean {
    return this.since !== undefined;
  }
}
