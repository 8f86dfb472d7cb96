import { createHash, randomInt } from 'node:crypto';

// Crockford's base32: no I, L, O, U, so a code read aloud or copied from a letter is unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A one-time code such as "KX7Q-M2PA-9RTB" (60 bits of randomness). */
export function generateInviteCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

/** What is stored: the SHA-256 of the code with case, spaces and dashes ignored. */
export function hashInviteCode(code: string): string {
  const normal = code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return createHash('sha256').update(normal).digest('hex');
}
