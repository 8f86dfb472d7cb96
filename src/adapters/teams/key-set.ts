import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';

/**
 * The public keys that sign inbound tokens (the Bot Framework's for the bot, Entra's for the
 * tab), fetched from a JWKS and kept in memory.
 *
 * Why not jwks-rsa: with its rate limit on, a dozen requests with random `kid`s spend the
 * fetch budget and every valid user then gets 401 until it refills; with it off, each forged
 * `kid` costs an outbound request. Here:
 *
 * - the set is fetched again every `refreshMs` (in the background, on a timer), and a failed
 *   refresh keeps the keys already known;
 * - a `kid` that is not in the set triggers one fetch, unless the set was fetched (or a fetch was
 *   tried) less than `unknownKidIntervalMs` ago: then it is refused without any outbound request;
 * - concurrent lookups share one fetch in flight.
 *
 * So a flood of random `kid`s makes at most one request per interval, and never evicts the keys
 * valid tokens are signed with.
 */
export interface KeySetOptions {
  /** Where the JWKS is, or how to find it (e.g. from OpenID metadata), asked at every fetch. */
  jwksUri: string | (() => Promise<string>);
  /** Fetch the set again after this long. Default: one hour. */
  refreshMs?: number;
  /** At most one fetch per this long for unknown key ids. Default: 30 s. */
  unknownKidIntervalMs?: number;
  /** Give up on a fetch after this long. Default: 5 s. */
  timeoutMs?: number;
  /** Name in log lines (`bot`, `tab`). */
  name: string;
  log: Logger;
  fetchImpl?: typeof fetch;
  now?: () => number;
}

/** One verified signing key, with the channels it may sign for (Bot Framework `endorsements`). */
export interface SigningKey {
  key: KeyObject;
  /** Absent when the JWKS does not say (Entra's keys). */
  endorsements?: string[];
}

const ZJwks = z.object({
  keys: z.array(
    z
      .object({
        kid: z.string().min(1).max(200),
        kty: z.string(),
        use: z.string().optional(),
        endorsements: z.array(z.string()).optional(),
      })
      .passthrough(),
  ),
});

export class KeySet {
  private keys = new Map<string, SigningKey>();
  /** When a fetch was last started (success or not). */
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly refreshMs: number;
  private readonly unknownKidIntervalMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly doFetch: typeof fetch;

  constructor(private readonly opts: KeySetOptions) {
    this.refreshMs = opts.refreshMs ?? 3_600_000;
    this.unknownKidIntervalMs = opts.unknownKidIntervalMs ?? 30_000;
    this.timeoutMs = opts.timeoutMs ?? 5_000;
    this.now = opts.now ?? Date.now;
    this.doFetch = opts.fetchImpl ?? fetch;
  }

  /** The key `kid` names, or undefined (unknown even after a fetch, or a fetch not allowed yet). */
  async get(kid: string | undefined): Promise<SigningKey | undefined> {
    if (!kid || this.closed) return undefined;
    const known = this.keys.get(kid);
    if (known) return known;
    if (this.now() - this.lastAttempt < this.unknownKidIntervalMs) {
      // Wait for a fetch in flight (the first request after start), never start another.
      if (this.inFlight) await this.inFlight;
      return this.keys.get(kid);
    }
    await this.refresh();
    return this.keys.get(kid);
  }

  /** Fetches the set now (one fetch at a time); a failure keeps the keys already known. */
  refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.lastAttempt = this.now();
    this.inFlight = this.load()
      .catch((err: unknown) => {
        this.opts.log.warn(
          { keys: this.opts.name, err: err instanceof Error ? err.message : String(err) },
          'Clés de signature : récupération impossible, les clés connues restent en usage',
        );
      })
      .finally(() => {
        this.inFlight = undefined;
        this.schedule();
      });
    return this.inFlight;
  }

  /** Stops the refresh timer. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), this.refreshMs);
    // The timer must not keep a process (or a test run) alive.
    this.timer.unref();
  }

  private async load(): Promise<void> {
    const uri =
      typeof this.opts.jwksUri === 'string' ? this.opts.jwksUri : await this.opts.jwksUri();
    const res = await this.doFetch(uri, {
      signal: AbortSignal.timeout(this.timeoutMs),
      headers: { accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`JWKS : HTTP ${res.status}`);
    const parsed = ZJwks.safeParse(await res.json());
    if (!parsed.success) throw new Error('JWKS illisible');
    const next = new Map<string, SigningKey>();
    for (const jwk of parsed.data.keys) {
      if (jwk.kty !== 'RSA' || (jwk.use && jwk.use !== 'sig')) continue;
      try {
        const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
        next.set(jwk.kid, { key, ...(jwk.endorsements ? { endorsements: jwk.endorsements } : {}) });
      } catch {
        // A key Node cannot read is a key no token of ours is signed with.
      }
    }
    if (next.size === 0) throw new Error('JWKS sans clé RSA utilisable');
    this.keys = next;
    this.opts.log.debug({ keys: this.opts.name, count: next.size }, 'Clés de signature à jour');
  }
}

/**
 * The `jwks_uri` of an OpenID metadata document, fetched once and kept (the Bot Framework's
 * never moves in practice; a failure is retried at the next key fetch).
 */
export function jwksUriFromMetadata(
  metadataUrl: string,
  opts: { timeoutMs?: number; fetchImpl?: typeof fetch } = {},
): () => Promise<string> {
  let found: string | undefined;
  const doFetch = opts.fetchImpl ?? fetch;
  return async () => {
    if (found) return found;
    const res = await doFetch(metadataUrl, {
      signal: AbortSignal.timeout(opts.timeoutMs ?? 5_000),
      headers: { accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`Métadonnées OpenID : HTTP ${res.status}`);
    const body = z.object({ jwks_uri: z.string().url() }).safeParse(await res.json());
    if (!body.success) throw new Error('Métadonnées OpenID sans jwks_uri');
    found = body.data.jwks_uri;
    return found;
  };
}
