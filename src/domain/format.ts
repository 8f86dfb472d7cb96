import type { Locale } from './types';

/**
 * Date formatting shared by every message. Building an Intl.DateTimeFormat costs far more than
 * formatting with one (it showed in the vote benchmark's profile), so formatters are kept per
 * locale and time zone.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, timezone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timezone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
      timeZone: timezone,
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(key, f);
  }
  return f;
}

// Formatting itself still costs ~25 µs; the same few dates (a round's deadline) come back in
// every confirmation, so the last results are kept.
const formatted = new Map<string, string>();

/** "3 décembre à 14:05" / "3 December at 14:05", in the tenant's time zone. */
export function shortDate(d: Date, locale: Locale, timezone: string): string {
  const key = `${locale}|${timezone}|${d.getTime()}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text = formatter(locale, timezone).format(d);
    if (formatted.size >= 2_000) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

const cliFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The one date style of the command line: "11/12/2026 à 17:00" ("11/12/2026 at 17:00" in
 * English), in the Caf's time zone (the
 * chat messages keep their wording, shortDate and formatDeadline).
 */
export function cliDate(d: Date, timezone: string, locale: Locale = 'fr'): string {
  let f = cliFormatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('fr-FR', {
      timeZone: timezone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    cliFormatters.set(timezone, f);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    f.formatToParts(d).find((p) => p.type === type)?.value ?? '';
  const at = locale === 'fr' ? 'à' : 'at';
  return `${part('day')}/${part('month')}/${part('year')} ${at} ${part('hour')}:${part('minute')}`;
}

/**
 * Whether a count takes the plural: in French from 2 on (« 0 organisation », « 1,5 jour »), in
 * English for anything but 1 (“0 organisations”).
 */
export function isPlural(n: number, locale: Locale): boolean {
  return locale === 'fr' ? Math.abs(n) >= 2 : Math.abs(n) !== 1;
}

/** The word agreed with the count: plural(2, 'fr', 'enjeu', 'enjeux') → 'enjeux'. */
export function plural(n: number, locale: Locale, one: string, many: string): string {
  return isPlural(n, locale) ? many : one;
}

/** The count and its word: count(2, 'fr', 'enjeu', 'enjeux') → '2 enjeux'. */
export function count(n: number, locale: Locale, one: string, many: string): string {
  return `${n} ${plural(n, locale, one, many)}`;
}

/**
 * "de" before a place name, as French writes it: « du Kremlin-Bicêtre » (de + Le), « des Lilas »
 * (de + Les), « d'Alfortville », « de La Queue-en-Brie », « de Vincennes ».
 */
export function ofPlace(name: string): string {
  const n = name.trim();
  if (/^Le /.test(n)) return `du ${n.slice(3)}`;
  if (/^Les /.test(n)) return `des ${n.slice(4)}`;
  // Vowels only: before an h (often aspirated: « de Hautmont ») the article stays whole.
  if (/^[AEIOUYÉÈÊÎÔÂ]/i.test(n)) return `d'${n}`;
  return `de ${n}`;
}
