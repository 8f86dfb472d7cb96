import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature of a link that names some things and expires: HMAC-SHA256 over the names and
 * the expiry (seconds since the epoch), under a key derived from `secret` for one `label`, so a
 * signature for one kind of link is worth nothing for another. The Teams export links and the
 * chart links use it; each puts the names and the signature in its own URL.
 */
export interface ExpiringMac {
  /** The expiry of a link made now that lasts `ttlMs`, as it goes in the link. */
  expiry(nowMs: number, ttlMs: number): string;
  /** The signature (base64url) of `fields` until `exp`. */
  sign(fields: readonly string[], exp: string): string;
  /** Whether `sig` is the signature of `fields` until `exp` (not whether `exp` has passed). */
  matches(fields: readonly string[], exp: string, sig: string): boolean;
}

export function expiringMac(secret: Buffer | string, label: string): ExpiringMac {
  const key = createHmac('sha256', secret).update(label).digest();
  const mac = (fields: readonly string[], exp: string) =>
    createHmac('sha256', key)
      .update([...fields, exp].join('\n'))
      .digest();
  return {
    expiry: (nowMs, ttlMs) => String(Math.floor((nowMs + ttlMs) / 1000)),
    sign: (fields, exp) => mac(fields, exp).toString('base64url'),
    matches(fields, exp, sig) {
      const expected = mac(fields, exp);
      const given = Buffer.from(sig, 'base64url');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
