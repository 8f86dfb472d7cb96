import { avisLabels } from '../../domain/avis';
import { chatWords, teamsWords } from '../../domain/chat-words';
import { helpText, helpView } from '../../domain/help';
import type { Locale } from '../../domain/types';

export { localeOf } from '../../domain/locale';

/** The Caf's Teams-only words (conversation names, launch card, export links): the catalogue's. */
export { CAF_TEAMS } from '../../domain/chat-words';

/**
 * What a partner reads in Teams, in French and in English (`localeOf(activity.locale)`): every
 * word is the catalogue's (src/domain/catalogue, through domain/chat-words.ts `teamsWords`; what
 * Slack says too is `chatWords`), with the four avis of the domain (src/domain/avis.ts);
 * refusals are the catalogue's too, worded with errorText by app.ts. No sentence is written here.
 */
export function strings(locale: Locale | undefined): TeamsStrings {
  const key = locale ?? 'fr';
  let s = STRINGS.get(key);
  if (!s) STRINGS.set(key, (s = buildStrings(key)));
  return s;
}

/** Built once per language: every Teams activity reads them. */
const STRINGS = new Map<Locale, TeamsStrings>();

function buildStrings(locale: Locale) {
  const chat = chatWords(locale);
  return {
    ...teamsWords(locale),
    changes: chat.changes,
    unknownCommand: chat.unknownCommand,
    genericError: chat.genericError,
    help: helpText(helpView('teams', locale ?? 'fr')),
    choices: avisLabels(locale ?? 'fr'),
  };
}

export type TeamsStrings = Readonly<ReturnType<typeof buildStrings>>;
