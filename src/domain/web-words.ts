import { PARTICIPANT_EN } from './catalogue/en';
import { PARTICIPANT_FR, type ParticipantWords } from './catalogue/fr';
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

/**
 * What a journée's participant reads about their reminder address, and the pilots about
 * reminding participants (catalogue/fr.ts PARTICIPANT_FR, catalogue/en.ts PARTICIPANT_EN).
 */
export function participantWords(locale: Locale | undefined): ParticipantWords {
  return locale === 'en' ? PARTICIPANT_EN : PARTICIPANT_FR;
}
