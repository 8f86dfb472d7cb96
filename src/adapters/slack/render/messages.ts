import { chatWords } from '../../../domain/chat-words';
import type { types as SlackTypes } from '@slack/bolt';
import type { NeutralAction, NeutralMessage, NeutralSection } from '../../../domain/messages';
import { AVIS_CHOICES, type AvisChoice, type Locale } from '../../../domain/types';
import { strings } from '../i18n';
import {
  escapeText,
  mrkdwn,
  plain,
  safeText,
  SLACK_LIMITS,
  truncateEscaped,
  type KnownBlock,
  type RenderedMessage,
} from './blocks';

/** Neutral messages (invitations, reminders, results, notices) → Block Kit. */

/** Action ids of the buttons a rendered message can hold. */
export const ACTION_IDS = { avisOpen: 'avis.open', link: 'link' } as const;

/** The emoji before an enjeu's change (its words are the catalogue's, as in Teams). */
const CHANGE_EMOJI: Record<NonNullable<NeutralSection['change']>, string> = {
  added: ':new: ',
  changed: ':pencil2: ',
  unchanged: '',
};

const CHOICE_EMOJI: Record<AvisChoice, string> = {
  favorable: ':large_green_circle:',
  favorable_avec_reserves: ':large_yellow_circle:',
  defavorable: ':red_circle:',
  abstention: ':white_circle:',
};

/** Label/value pairs as sections of at most ten fields (Slack's limit), each text escaped and cut. */
export function fieldSections(fields: { label: string; value: string }[]): KnownBlock[] {
  const sections: KnownBlock[] = [];
  for (let i = 0; i < fields.length; i += SLACK_LIMITS.fieldsPerSection) {
    sections.push({
      type: 'section',
      fields: fields
        .slice(i, i + SLACK_LIMITS.fieldsPerSection)
        .map((f) =>
          mrkdwn(
            truncateEscaped(
              `*${escapeText(f.label)}*\n${escapeText(f.value)}`,
              SLACK_LIMITS.fieldText,
            ),
          ),
        ),
    });
  }
  return sections;
}

/** A neutral message → Block Kit, within 50 blocks; what does not fit is replaced by a note. */
export function renderMessage(message: NeutralMessage): RenderedMessage {
  const t = strings(message.locale);
  const head: KnownBlock[] = [];
  const tail: KnownBlock[] = [];
  const body: KnownBlock[] = [];

  if (message.title)
    head.push({ type: 'header', text: plain(message.title, SLACK_LIMITS.headerText) });

  head.push(...fieldSections(message.fields));

  for (const paragraph of message.text) {
    if (paragraph.trim() === '') continue;
    body.push({
      type: 'section',
      text: mrkdwn(safeText(paragraph, SLACK_LIMITS.sectionText, t.textTruncated)),
    });
  }
  const sectionBlocks = message.sections.map((s) => renderSection(s, message.locale));
  const withCharts = sectionBlocks.flatMap((b, i) => {
    const chart = chartBlock(message.sections[i]!);
    return chart ? [b, chart] : [b];
  });

  const buttons = message.actions
    .slice(0, SLACK_LIMITS.actionsElements)
    .map((a, i) => renderAction(a, i));
  if (buttons.length > 0) tail.push({ type: 'actions', elements: buttons });
  if (message.context) {
    tail.push({
      type: 'context',
      elements: [mrkdwn(safeText(message.context, SLACK_LIMITS.contextText))],
    });
  }

  const room = SLACK_LIMITS.blocksPerMessage - head.length - tail.length;
  // The chart images only when every section fits with its image: the text carries the counts.
  body.push(...(body.length + withCharts.length <= room ? withCharts : sectionBlocks));
  let shown = body;
  const notes: KnownBlock[] = [];
  if (body.length > room) {
    shown = body.slice(0, Math.max(0, room - 1));
    notes.push({
      type: 'context',
      elements: [mrkdwn(escapeText(t.truncated(body.length - shown.length)))],
    });
  }
  return {
    text: safeText(message.fallback || message.title, SLACK_LIMITS.fallbackText),
    blocks: [...head, ...shown, ...notes, ...tail],
  };
}

/** The chart of a results section as an image block (Slack fetches it from the signed link). */
function chartBlock(section: NeutralSection): KnownBlock | undefined {
  const chart = section.chart;
  if (!chart || !/^https?:\/\//i.test(chart.url) || chart.url.length > SLACK_LIMITS.imageUrl)
    return undefined;
  return {
    type: 'image',
    image_url: chart.url,
    alt_text: safeText(chart.alt, SLACK_LIMITS.imageAltText),
  };
}

function renderSection(section: NeutralSection, locale: Locale): KnownBlock {
  const t = strings(locale);
  const change = section.change ? chatWords(locale).changes[section.change] : '';
  const badge = change ? `  _${CHANGE_EMOJI[section.change!]}${change}_` : '';
  const lines = [`*${escapeText(section.title)}*${badge}`];
  if (section.text) lines.push(escapeText(section.text));
  if (section.counts) {
    const counts = AVIS_CHOICES.filter((c) => (section.counts?.[c] ?? 0) > 0).map(
      (c) => `${CHOICE_EMOJI[c]} ${escapeText(t.choices[c])} : ${section.counts?.[c] ?? 0}`,
    );
    if (counts.length > 0) lines.push(counts.join('   '));
  }
  return {
    type: 'section',
    text: mrkdwn(
      truncateEscaped(lines.join('\n'), SLACK_LIMITS.sectionText, escapeText(t.textTruncated)),
    ),
  };
}

function renderAction(action: NeutralAction, index: number): SlackTypes.Button {
  if (action.type === 'avis.open') {
    // The value only says which round to open; who votes for which organisation is decided from
    // the clicking user's team and id, never from this value.
    return {
      type: 'button',
      action_id: ACTION_IDS.avisOpen,
      text: plain(action.label, SLACK_LIMITS.buttonText),
      value: action.roundId.slice(0, SLACK_LIMITS.buttonValue),
      ...(action.style ? { style: action.style } : {}),
    };
  }
  return {
    type: 'button',
    action_id: `${ACTION_IDS.link}.${index}`,
    text: plain(action.label, SLACK_LIMITS.buttonText),
    url: action.url,
  };
}

/** A message as an ephemeral or plain reply: `{ text, blocks }` of a short notice. */
export function renderNotice(text: string): RenderedMessage {
  return {
    text: safeText(text, SLACK_LIMITS.fallbackText),
    blocks: [{ type: 'section', text: mrkdwn(safeText(text, SLACK_LIMITS.sectionText)) }],
  };
}
