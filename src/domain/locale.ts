import { DomainError, isDomainError, ValidationErrors } from './errors';
import type { Locale } from './types';

/**
 * A chat platform's user locale (Slack's `users.info` locale, Teams' `activity.locale`: `en-US`,
 * `fr-FR`…) → ours. English for `en*`, French otherwise (and when there is none).
 */
export function localeOf(platformLocale: string | undefined | null): Locale {
  return typeof platformLocale === 'string' && platformLocale.toLowerCase().startsWith('en')
    ? 'en'
    : 'fr';
}

/**
 * English for the refusals a partner meets first, by DomainError code, whatever the platform
 * (src/domain and src/app word them in French, which French speakers get unchanged). Each
 * adapter adds those that name its own commands (NOT_LINKED, FORBIDDEN).
 */
export const EN_REFUSALS: Record<string, string> = {
  INVITE_CODE_UNKNOWN: 'This code is unknown. Check it or ask the Caf for a new one.',
  INVITE_CODE_USED: 'This code has already been used. Ask the Caf for a new one.',
  INVITE_CODE_EXPIRED: 'This code has expired. Ask the Caf for a new one.',
  INVITE_CODE_THROTTLED:
    'Too many invitation codes tried. Wait a few minutes before trying again; if your code is still refused, ask the Caf for a new one.',
  AVIS_NOT_INVITED: 'Your organisation is not invited to this consultation.',
  ROUND_DEADLINE_PASSED:
    'The deadline of this consultation has passed: your avis was not recorded.',
};

/** A DomainError in English when `locale` is, by its code in `table`; anything else unchanged. */
export function inEnglish(err: unknown, locale: Locale, table: Record<string, string>): unknown {
  if (locale !== 'en' || !isDomainError(err) || err instanceof ValidationErrors) return err;
  const en = table[err.code];
  return en ? new DomainError(err.code, en, err.field, err.details) : err;
}
