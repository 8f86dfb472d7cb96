import type { Locale } from './types';

/**
 * How a user names Concerto's commands, by channel: one source for every message that tells a
 * user what to type (refusals, hints, confirmations). Slack has a slash command (shown as code),
 * Teams a word said to the bot (« rejoindre <code> »). Command words stay French in English too.
 */
export type CommandChannel = 'slack' | 'teams';

/** The slash command, as declared in manifests/slack/manifest.yml. */
export const SLASH_COMMAND = '/concerto';

/** The channel whose commands a platform's user types (the Teams tab's users talk to the bot). */
export function commandChannelOf(platform: string): CommandChannel {
  return platform === 'slack' ? 'slack' : 'teams';
}

/** `/concerto rejoindre <code>` in Slack, « rejoindre <code> » (or "…" in English) in Teams. */
export function commandText(
  channel: CommandChannel,
  command: string,
  locale: Locale = 'fr',
): string {
  if (channel === 'slack') return `\`${SLASH_COMMAND} ${command}\``;
  return locale === 'fr' ? `« ${command} »` : `"${command}"`;
}

/** The refusal of a user linked to no organisation: the joining command of their channel. */
export function notLinkedText(channel: CommandChannel, locale: Locale): string {
  const join = commandText(channel, 'rejoindre <code>', locale);
  return locale === 'fr'
    ? `Votre compte n'est relié à aucune organisation. Saisissez le code reçu de la Caf : ${join}.`
    : `Your account is not linked to any organisation. Type ${join} with the code you received from the Caf.`;
}

/**
 * The help command as a user is told to type it: `/concerto aide` in Slack, « aide » in Teams,
 * and "help" for Teams' English speakers (the bot knows both words).
 */
export function helpCommandText(channel: CommandChannel, locale: Locale): string {
  return commandText(channel, channel === 'teams' && locale === 'en' ? 'help' : 'aide', locale);
}
