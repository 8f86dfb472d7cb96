import { CHAT_EN } from './catalogue/en';
import { CHAT_FR, type ChatWords } from './catalogue/fr';
import type { Locale } from './types';

export type { ChatWords } from './catalogue/fr';

/** The words the chat channels say alike (catalogue/fr.ts CHAT_FR, catalogue/en.ts CHAT_EN). */
export function chatWords(locale: Locale | undefined): ChatWords {
  return locale === 'en' ? CHAT_EN : CHAT_FR;
}
