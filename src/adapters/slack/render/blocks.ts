import type { types as SlackTypes } from '@slack/bolt';

/**
 * Pure renderers: neutral messages and view data → Block Kit. Every text that comes from a user or
 * from the database goes through `escapeText` (Slack's three control characters), so a comment
 * holding `<!channel>` or `<https://evil|x>` is shown as typed and can never ping or forge a link.
 * Every text is cut to Slack's limits *after* escaping (the limits count escaped characters).
 */

export type KnownBlock = SlackTypes.KnownBlock;
export type ModalView = SlackTypes.ModalView;
export type HomeView = SlackTypes.HomeView;

/** Slack's limits (https://docs.slack.dev/reference/block-kit). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  contextText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  /** Top-level `text` can be 40,000, but notifications show far less; keep it sane. */
  fallbackText: 3000,
  modalTitle: 24,
  inputLabel: 2000,
  optionText: 75,
  selectOptions: 100,
  optionGroups: 100,
  optionGroupLabel: 75,
  privateMetadata: 3000,
  imageUrl: 3000,
  imageAltText: 2000,
} as const;

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts already-escaped text to `max` characters, never inside an entity, adding `…` when cut. */
export function truncateEscaped(text: string, max: number, suffix = '…'): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - suffix.length));
  cut = cut.replace(/&[a-z]{0,3}$/, '');
  return cut + suffix;
}

/** Escapes then cuts: for every user or stored text. */
export function safeText(text: string, max: number, suffix?: string): string {
  return truncateEscaped(escapeText(text), max, suffix);
}

export function plain(text: string, max: number): SlackTypes.PlainTextElement {
  return { type: 'plain_text', text: safeText(text, max), emoji: true };
}

export function mrkdwn(text: string): SlackTypes.MrkdwnElement {
  return { type: 'mrkdwn', text };
}

/** `▓▓▓▓░░░░ 4/8`: participation as text (renders the same on every client). */
export function participationBar(done: number, total: number, width = 8): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(ratio * width);
  return `${'▓'.repeat(filled)}${'░'.repeat(width - filled)} ${done}/${total}`;
}

export interface RenderedMessage {
  /** Plain-text fallback (notifications, screen readers); always set. */
  text: string;
  blocks: KnownBlock[];
}
