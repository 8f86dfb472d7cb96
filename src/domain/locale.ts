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
