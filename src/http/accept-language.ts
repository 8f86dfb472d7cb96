import type { Locale } from '../domain/types';

/**
 * The language of a page nobody's locale is known for (a survey's public event page), from the
 * browser's Accept-Language: the first of French and English by preference (q-value, then
 * order), French when it names neither. `en-US,en;q=0.9` → en; `de,en;q=0.5,fr;q=0.8` → fr.
 */
export function acceptedLocale(header: string | undefined | null): Locale {
  let best: { locale: Locale; q: number } | undefined;
  for (const part of String(header ?? '')
    .split(',')
    .slice(0, 30)) {
    const [tag = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const primary = tag.split('-')[0];
    if (primary !== 'fr' && primary !== 'en') continue;
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { locale: primary, q };
  }
  return best?.locale ?? 'fr';
}
