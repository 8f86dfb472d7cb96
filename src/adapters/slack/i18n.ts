import { avisLabels } from '../../domain/avis';
import { chatWords, slackWords } from '../../domain/chat-words';
import { helpText, helpView } from '../../domain/help';
import { textOf } from '../../domain/errors';
import { answeredEverything } from '../../domain/round-messages';
import type { Locale } from '../../domain/types';

/** Slack's user locale (`en-US`, `fr-FR`…) → ours: shared with Teams, in src/domain/locale.ts. */
export { localeOf } from '../../domain/locale';

/** The slash command, as declared in manifests/slack/manifest.yml (src/domain/commands.ts). */
export { SLASH_COMMAND } from '../../domain/commands';

/** The Caf's Slack-only words (the export's files), French: the catalogue's. */
export { CAF_SLACK } from '../../domain/chat-words';

/**
 * What a user reads in Slack: every word is the catalogue's (src/domain/catalogue, through
 * domain/chat-words.ts `slackWords`; what Teams says too is `chatWords`), with the four avis of
 * the domain and the forms' refusals of the catalogue. No sentence is written here.
 */
export function strings(locale: Locale): SlackStrings {
  let s = STRINGS.get(locale);
  if (!s) STRINGS.set(locale, (s = buildStrings(locale)));
  return s;
}

/** Built once per language: every Slack request reads them (bench:slack's hot path). */
const STRINGS = new Map<Locale, SlackStrings>();

function buildStrings(locale: Locale) {
  const words = slackWords(locale);
  const chat = chatWords(locale);
  return {
    ...words,
    unknownCommand: chat.unknownCommand,
    genericError: chat.genericError,
    openRoundTally: (deadline: string, complete: number, invited: number) =>
      words.openRoundTally(deadline, {
        complete,
        invited,
        everything: answeredEverything(complete, invited, locale),
      }),
    choices: avisLabels(locale),
    remindersInvalid: textOf('REMINDER_DAYS_INVALID', undefined, locale),
    required: textOf('FIELD_REQUIRED', undefined, locale),
  };
}

export type SlackStrings = Readonly<ReturnType<typeof buildStrings>>;

/** « /concerto aide »: the chat channels' help, Slack's commands, headings in bold. */
export function slackHelp(locale: Locale): string {
  return helpText(helpView('slack', locale), (h) => `*${h}*`);
}
