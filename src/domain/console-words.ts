import { CONSOLE_EN } from './catalogue/console-en';
import { CONSOLE_FR, type ConsoleWords } from './catalogue/console-fr';
import type { Locale } from './types';

export type { ConsoleWords } from './catalogue/console-fr';

/**
 * The words of the pilots' web console (catalogue/console-fr.ts CONSOLE_FR,
 * catalogue/console-en.ts CONSOLE_EN): the pilot's locale (members.locale), French when there
 * is none (the sign-in pages, before anyone is known).
 */
export function consoleWords(locale: Locale | undefined): ConsoleWords {
  return locale === 'en' ? CONSOLE_EN : CONSOLE_FR;
}
