import { WEB_EN } from './catalogue/web-en';
import { WEB_FR, type WebWords } from './catalogue/web-fr';
import type { Locale } from './types';

export type { WebWords } from './catalogue/web-fr';

/**
 * What only the web pages say (catalogue/web-fr.ts WEB_FR, catalogue/web-en.ts WEB_EN). What
 * every channel says alike is chat-words.ts `chatWords` and the refusals' catalogue.
 */
export function webWords(locale: Locale | undefined): WebWords {
  return locale === 'en' ? WEB_EN : WEB_FR;
}
