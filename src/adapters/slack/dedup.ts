import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Slack retries an Events API request (with `X-Slack-Retry-Num`, same `event_id`) when the first
 * attempt was not acknowledged within 3 s or failed, and a captured signed request can be replayed
 * for the 5 minutes its timestamp stays fresh. Neither may record anything twice.
 *
 * Design: every incoming request *claims* its key before any listener runs (Redis `SET NX EX`, so
 * the claim is atomic across web processes). A request whose key is already claimed — the first
 * attempt is done or still running — is acknowledged at once and not run again. When a listener
 * fails with an unexpected error the claim is released, so Slack's next retry can do the work.
 *
 * Keys: `event_id` for Events API callbacks (stable across retries); for slash commands and
 * interactivity (which Slack itself does not retry, but which can be replayed) the SHA-256 of
 * the parsed payload, which contains a one-time `trigger_id` so two real clicks never collide.
 *
 * Why Redis and not Postgres: the keys are worth keeping for minutes, not forever, and the check
 * is on the path of every request. A Redis that lost its keys (restart) only reopens the window
 * for a retry within the same minutes; the use cases are idempotent upserts (one avis per
 * round × enjeu × organisation), so even then no second avis row is created.
 *
 * The vote is the exception (receiver.ts, avisFastLane): its request key is claimed in Postgres, in
 * the vote's own transaction (request_claims), so a replay adds no history row or audit event
 * even after Redis lost its keys, and the vote saves a round trip.
 */
export interface DedupStore {
  /** Atomically claims `key` for `ttlSeconds`. False when it was already claimed. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** Gives the claim up (the work failed and may be retried). */
  release(key: string): Promise<void>;
}

/** How long a handled request stays remembered. Default: 1 hour (Slack retries within ~5 minutes). */
export const DEFAULT_DEDUP_TTL_SECONDS = 60 * 60;

export class RedisDedupStore implements DedupStore {
  /**
   * @param redis an ioredis client (owned by the caller, who closes it)
   * @param prefix key prefix. Default: `concerto:slack:seen:`
   */
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'concerto:slack:seen:',
  ) {}

  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    const result = await this.redis.set(this.prefix + key, '1', 'EX', ttlSeconds, 'NX');
    return result === 'OK';
  }

  async release(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}

/** For one process (tests, local use). Expired keys are dropped lazily. */
export class MemoryDedupStore implements DedupStore {
  private readonly seen = new Map<string, number>();

  /** @param now clock in ms. Default: Date.now. */
  constructor(private readonly now: () => number = Date.now) {}

  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    const t = this.now();
    const until = this.seen.get(key);
    if (until !== undefined && until > t) return false;
    this.seen.set(key, t + ttlSeconds * 1000);
    if (this.seen.size > 10_000) {
      for (const [k, u] of this.seen) if (u <= t) this.seen.delete(k);
    }
    return true;
  }

  async release(key: string): Promise<void> {
    this.seen.delete(key);
  }
}

/**
 * The key of an interactivity request from its `payload` field as received: the same payload
 * gives the same key (the direct vote path hashes the text it parsed instead of serialising
 * the parsed object again).
 */
export function dedupKeyOfPayloadText(payload: string): string {
  return `payload-text:${createHash('sha256').update(payload).digest('hex')}`;
}

/** The key under which a parsed Slack request body is claimed. */
export function dedupKeyOf(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as {
      type?: unknown;
      event_id?: unknown;
      team_id?: unknown;
      api_app_id?: unknown;
    };
    if (b.type === 'event_callback' && typeof b.event_id === 'string') {
      return `event:${String(b.api_app_id ?? '')}:${b.event_id}`;
    }
  }
  return `payload:${createHash('sha256').update(JSON.stringify(body)).digest('hex')}`;
}
