import { CHAT_EN, EMAIL_EN, SLACK_EN, TEAMS_EN } from './catalogue/en';
import {
  CHAT_FR,
  EMAIL_FR,
  SLACK_FR,
  TEAMS_FR,
  type ChatWords,
  type EmailWords,
  type SlackWords,
  type TeamsWords,
} from './catalogue/fr';
import type { Locale } from './types';

export type { ChatWords, SlackWords, TeamsWords } from './catalogue/fr';
/** The Caf's channel-only words, always French (catalogue/fr.ts). */
export { CAF_SLACK, CAF_TEAMS, SLACK_INSTALL_FR } from './catalogue/fr';
export { SLACK_INSTALL_EN } from './catalogue/en';

/** The words the chat channels say alike (catalogue/fr.ts CHAT_FR, catalogue/en.ts CHAT_EN). */
export function chatWords(locale: Locale | undefined): ChatWords {
  return locale === 'en' ? CHAT_EN : CHAT_FR;
}

/** What only Slack says (catalogue/fr.ts SLACK_FR, catalogue/en.ts SLACK_EN). */
export function slackWords(locale: Locale | undefined): SlackWords {
  return locale === 'en' ? SLACK_EN : SLACK_FR;
}

/** What only Teams says (catalogue/fr.ts TEAMS_FR, catalogue/en.ts TEAMS_EN). */
export function teamsWords(locale: Locale | undefined): TeamsWords {
  return locale === 'en' ? TEAMS_EN : TEAMS_FR;
}

/** What the e-mails say around a message (catalogue/fr.ts EMAIL_FR, catalogue/en.ts EMAIL_EN). */
export function emailWords(locale: Locale | undefined): EmailWords {
  return locale === 'en' ? EMAIL_EN : EMAIL_FR;
}
