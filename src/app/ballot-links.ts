import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The personal links of the web ballot. A link names a contact, a round and the contact's link
 * generation, signed with HMAC-SHA-256 under the deployment's key (CONCERTO_LINK_SECRET):
 * nothing in it can be changed without the key, and the pilot revokes every link of a contact
 * by bumping its generation. A link expires with its round: it opens nothing once the round is
 * closed, cancelled or past its deadline (a deadline moved later extends it). Tokens never go
 * to the logs: only the web ballot's router sees them, and it logs none.
 */
export interface BallotLinkClaims {
  contactId: string;
  roundId: string;
  generation: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The key: the configured secret, or (outside production) one derived from the database URL. */
export function ballotKey(o: { secret?: string; databaseUrl: string }): Buffer {
  return createHash('sha256')
    .update(o.secret ? `concerto-link:${o.secret}` : `concerto-dev-link:${o.databaseUrl}`)
    .digest();
}

export function signBallotLink(key: Buffer, c: BallotLinkClaims): string {
  const payload = Buffer.from(`${c.contactId}.${c.roundId}.${c.generation}`).toString('base64url');
  return `${payload}.${mac(key, payload)}`;
}

/** The claims of an untampered token; undefined for anything else (never throws). */
export function verifyBallotLink(key: Buffer, token: string): BallotLinkClaims | undefined {
  if (token.length > 200) return undefined;
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) return undefined;
  const expected = Buffer.from(mac(key, payload));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const [contactId, roundId, gen] = Buffer.from(payload, 'base64url').toString('utf8').split('.');
  if (!contactId || !roundId || !UUID.test(contactId) || !UUID.test(roundId)) return undefined;
  const generation = Number(gen);
  if (!Number.isInteger(generation) || generation < 0) return undefined;
  return { contactId, roundId, generation };
}

/** A form token bound to the link and to the browser's cookie (CSRF). */
export function ballotFormToken(key: Buffer, token: string, cookieNonce: string): string {
  return mac(key, `form:${token}:${cookieNonce}`);
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function mac(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('base64url').slice(0, 32);
}
