import { z } from 'zod';
import { DomainError } from './errors';

const ZEmail = z.email();

/**
 * An e-mail address as Concerto keeps it: trimmed, lower-cased, checked (the HTML5 rule, as
 * browsers apply it to `<input type=email>`), at most 254 characters.
 */
export function normaliseEmail(raw: string, field = 'email'): string {
  const email = raw.trim().toLowerCase();
  if (email.length === 0) throw new DomainError('EMAIL_INVALID', {}, field);
  if (email.length > 254 || !ZEmail.safeParse(email).success)
    throw new DomainError('EMAIL_INVALID', { input: raw.trim().slice(0, 80) }, field);
  return email;
}

/**
 * The addresses of a register's `email` cell: separated by `;`, `,` or spaces (Excel users
 * write all three). The first one is the titular, the others substitutes. Throws on the first
 * invalid address; an address given twice counts once.
 */
export function parseEmailList(cell: string): string[] {
  const out: string[] = [];
  for (const part of cell.split(/[;,\s]+/)) {
    if (!part) continue;
    const email = normaliseEmail(part);
    if (!out.includes(email)) out.push(email);
  }
  return out;
}

/** A contact's name: trimmed, 1–120 characters, or null. */
export function normaliseContactName(raw: string | undefined): string | null {
  const name = (raw ?? '').trim();
  if (!name) return null;
  if (name.length > 120) throw new DomainError('CONTACT_NAME_TOO_LONG', undefined, 'name');
  return name;
}
