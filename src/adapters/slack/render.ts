import type { types as SlackTypes } from '@slack/bolt';
import { markdownToPlainText } from '../../domain/markdown-text';
import type { NeutralAction, NeutralMessage, NeutralSection } from '../../domain/messages';
import {
  FOLLOWUP_LABELS,
  FOLLOWUP_RESPONSES,
  MAX_JUSTIFICATION_LENGTH,
} from '../../domain/followup';
import { organisationLabel, organisationsByKind } from '../../domain/organisation';
import {
  AVIS_CHOICES,
  MAX_COMMENT_LENGTH,
  type AvisChoice,
  type Locale,
  type OrganisationKind,
} from '../../domain/types';
import { strings } from './i18n';

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

function plain(text: string, max: number): SlackTypes.PlainTextElement {
  return { type: 'plain_text', text: safeText(text, max), emoji: true };
}

function mrkdwn(text: string): SlackTypes.MrkdwnElement {
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

/** Action ids of the buttons a rendered message can hold. */
export const ACTION_IDS = { avisOpen: 'avis.open', link: 'link' } as const;

const CHANGE_BADGE: Record<NonNullable<NeutralSection['change']>, Record<Locale, string>> = {
  added: { fr: ':new: nouveau', en: ':new: new' },
  changed: { fr: ':pencil2: modifié', en: ':pencil2: changed' },
  unchanged: { fr: 'inchangé', en: 'unchanged' },
};

const CHOICE_EMOJI: Record<AvisChoice, string> = {
  favorable: ':large_green_circle:',
  favorable_avec_reserves: ':large_yellow_circle:',
  defavorable: ':red_circle:',
  abstention: ':white_circle:',
};

/** Label/value pairs as sections of at most ten fields (Slack's limit), each text escaped and cut. */
function fieldSections(fields: { label: string; value: string }[]): KnownBlock[] {
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
  for (const section of message.sections) body.push(renderSection(section, message.locale));

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

function renderSection(section: NeutralSection, locale: Locale): KnownBlock {
  const t = strings(locale);
  const badge = section.change ? `  _${CHANGE_BADGE[section.change][locale]}_` : '';
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

// ---------------------------------------------------------------------------------------------
// The vote modal

export const AVIS_MODAL_CALLBACK_ID = 'avis.submit';
export const LAUNCH_MODAL_CALLBACK_ID = 'launch.submit';

/** Block ids of the vote modal's inputs; parse.ts reads them back. */
export function avisBlockId(enjeuId: string, part: 'choice' | 'comment'): string {
  return `avis:${enjeuId}:${part}`;
}

export interface AvisModalEnjeu {
  id: string;
  position: number;
  title: string;
  body: string;
}

export interface AvisModalInput {
  roundId: string;
  /** Title of the draft shown at the top (optional). */
  draftTitle?: string;
  enjeux: AvisModalEnjeu[];
  /** The organisation's current avis, by enjeu id. */
  current: Record<string, { choice: AvisChoice; comment?: string | null } | undefined>;
  locale: Locale;
}

/** The first lines of an enjeu's text, for the modal and the invitation. */
export function excerpt(text: string, maxChars = 400): string {
  const firstLines = text.trim().split(/\n+/).slice(0, 3).join('\n');
  return firstLines.length > maxChars ? `${firstLines.slice(0, maxChars - 1)}…` : firstLines;
}

/**
 * The modal where a partner gives its organisation's avis on every enjeu: four radio buttons and a
 * comment per enjeu, pre-filled with the current values. 3 blocks per enjeu (text, avis, comment)
 * up to 33 enjeux; beyond, the enjeu's title moves into the radio label (2 blocks each). Only the
 * round id travels in private_metadata: the organisation is looked up from the submitting user.
 */
export function buildAvisModal(input: AvisModalInput): ModalView {
  const t = strings(input.locale);
  const blocks: KnownBlock[] = [];
  if (input.draftTitle) {
    blocks.push({
      type: 'section',
      text: mrkdwn(safeText(t.avisModalIntro(input.draftTitle), SLACK_LIMITS.sectionText)),
    });
  }
  const room = SLACK_LIMITS.blocksPerView - blocks.length;
  const compact = input.enjeux.length * 3 > room;
  if (input.enjeux.length * 2 > room) {
    throw new Error(`buildAvisModal: ${input.enjeux.length} enjeux do not fit in one modal`);
  }
  const options = AVIS_CHOICES.map((c): SlackTypes.Option => ({
    text: { type: 'plain_text', text: t.choices[c] },
    value: c,
  }));
  for (const enjeu of [...input.enjeux].sort((a, b) => a.position - b.position)) {
    const heading = `${t.enjeu(enjeu.position)} : ${enjeu.title}`;
    if (!compact) {
      blocks.push({
        type: 'section',
        text: mrkdwn(
          truncateEscaped(
            `*${escapeText(heading)}*\n${escapeText(excerpt(markdownToPlainText(enjeu.body)))}`,
            SLACK_LIMITS.sectionText,
          ),
        ),
      });
    }
    const current = input.current[enjeu.id];
    const initial = current ? options.find((o) => o.value === current.choice) : undefined;
    blocks.push({
      type: 'input',
      block_id: avisBlockId(enjeu.id, 'choice'),
      optional: true,
      label: plain(compact ? heading : t.avisLabel, SLACK_LIMITS.inputLabel),
      element: {
        type: 'radio_buttons',
        action_id: 'choice',
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    });
    blocks.push({
      type: 'input',
      block_id: avisBlockId(enjeu.id, 'comment'),
      optional: true,
      label: plain(t.commentLabel, SLACK_LIMITS.inputLabel),
      hint: plain(t.commentHint, SLACK_LIMITS.inputLabel),
      element: {
        type: 'plain_text_input',
        action_id: 'comment',
        multiline: true,
        max_length: MAX_COMMENT_LENGTH,
        placeholder: plain(t.commentPlaceholder, 150),
        // A plain_text_input shows its initial value verbatim: not escaped.
        ...(current?.comment
          ? { initial_value: current.comment.slice(0, MAX_COMMENT_LENGTH) }
          : {}),
      },
    });
  }
  return {
    type: 'modal',
    callback_id: AVIS_MODAL_CALLBACK_ID,
    private_metadata: JSON.stringify({ roundId: input.roundId }),
    title: plain(t.avisModalTitle, SLACK_LIMITS.modalTitle),
    submit: plain(t.submit, SLACK_LIMITS.modalTitle),
    close: plain(t.cancel, SLACK_LIMITS.modalTitle),
    blocks,
  };
}

// ---------------------------------------------------------------------------------------------
// The launch modal (pilots)

export const LAUNCH_BLOCK_IDS = {
  draftVersion: 'launch:draftVersion',
  kinds: 'launch:kinds',
  organisations: 'launch:organisations',
  deadline: 'launch:deadline',
  deadlineTime: 'launch:deadlineTime',
  reminders: 'launch:reminders',
  options: 'launch:options',
} as const;

export const LAUNCH_OPTION_VALUES = {
  silence: 'silence_vaut_favorable',
  resultsDuring: 'results_during_round',
} as const;

export interface LaunchModalInput {
  locale: Locale;
  /** Draft versions that can be consulted on (newest first). */
  draftVersions: { id: string; title: string; version: number; period: string }[];
  /** Partner organisations; none chosen (and no kind) = all of them. */
  organisations: { id: string; name: string; code: string; kind: OrganisationKind }[];
  /** Pre-filled deadline date, `YYYY-MM-DD`. */
  defaultDeadline?: string;
  /** Pre-filled deadline time, `HH:MM`. Default: 18:00. */
  defaultDeadlineTime?: string;
  /** Pre-filled reminder schedule in days before the deadline. Default: [7, 2, 0]. */
  defaultReminderDays?: number[];
}

/**
 * An option of `head` then `tail` within Slack's 75 characters: a long head is cut, never the tail
 * (the code that tells homonymous structures apart, the number of a draft version).
 */
function optionWithTail(id: string, head: string, tail: string): SlackTypes.PlainTextOption {
  const end = escapeText(tail);
  const start = truncateEscaped(escapeText(head), SLACK_LIMITS.optionText - end.length);
  return { text: { type: 'plain_text', text: start + end, emoji: true }, value: id };
}

/** « name — code » (organisationLabel), the name cut if need be. */
function organisationOption(o: { id: string; name: string; code: string }) {
  return optionWithTail(o.id, o.name, organisationLabel({ name: '', code: o.code }));
}

/** « title — version 2 (2016-2020) », the title cut if need be: two versions stay apart. */
function draftVersionOption(d: LaunchModalInput['draftVersions'][number]) {
  return optionWithTail(d.id, d.title, ` — version ${d.version} (${d.period})`);
}

/**
 * The partner organisations, grouped by kind (communes, centres sociaux…) in Slack's option
 * groups: a pilot finds them by kind, and a tenant may have more than the 100 options one list
 * can hold (100 per group, 100 groups; a kind with more is split in parts).
 */
function organisationGroups(
  organisations: LaunchModalInput['organisations'],
  locale: Locale,
): SlackTypes.MultiStaticSelect['option_groups'] {
  const per = SLACK_LIMITS.selectOptions;
  const groups: NonNullable<SlackTypes.MultiStaticSelect['option_groups']> = [];
  for (const k of organisationsByKind(organisations, locale)) {
    const parts = Math.ceil(k.organisations.length / per);
    for (let i = 0; i < parts; i += 1) {
      groups.push({
        label: plain(
          parts > 1 ? `${k.label} (${i + 1}/${parts})` : k.heading,
          SLACK_LIMITS.optionGroupLabel,
        ),
        options: k.organisations.slice(i * per, (i + 1) * per).map(organisationOption),
      });
    }
  }
  return groups.slice(0, SLACK_LIMITS.optionGroups);
}

export function buildLaunchModal(input: LaunchModalInput): ModalView {
  const t = strings(input.locale);
  const versions = input.draftVersions.slice(0, SLACK_LIMITS.selectOptions).map(draftVersionOption);
  const kinds = organisationsByKind(input.organisations, input.locale).map((k) => ({
    text: plain(k.heading, SLACK_LIMITS.optionText),
    value: k.kind,
  }));
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: LAUNCH_BLOCK_IDS.draftVersion,
      label: plain(t.launchDraftVersion, SLACK_LIMITS.inputLabel),
      element: {
        type: 'static_select',
        action_id: 'value',
        options: versions,
        ...(versions[0] ? { initial_option: versions[0] } : {}),
      },
    },
  ];
  if (input.organisations.length > 0)
    blocks.push(
      {
        type: 'input',
        block_id: LAUNCH_BLOCK_IDS.kinds,
        optional: true,
        label: plain(t.launchOrganisationKinds, SLACK_LIMITS.inputLabel),
        element: { type: 'multi_static_select', action_id: 'value', options: kinds },
      },
      {
        type: 'input',
        block_id: LAUNCH_BLOCK_IDS.organisations,
        optional: true,
        label: plain(t.launchOrganisationsChoice, SLACK_LIMITS.inputLabel),
        hint: plain(t.launchOrganisationsAll, SLACK_LIMITS.inputLabel),
        element: {
          type: 'multi_static_select',
          action_id: 'value',
          option_groups: organisationGroups(input.organisations, input.locale),
        },
      },
    );
  blocks.push(
    {
      type: 'input',
      block_id: LAUNCH_BLOCK_IDS.deadline,
      label: plain(t.launchDeadline, SLACK_LIMITS.inputLabel),
      element: {
        type: 'datepicker',
        action_id: 'value',
        ...(input.defaultDeadline ? { initial_date: input.defaultDeadline } : {}),
      },
    },
    {
      type: 'input',
      block_id: LAUNCH_BLOCK_IDS.deadlineTime,
      label: plain(t.launchDeadlineTime, SLACK_LIMITS.inputLabel),
      element: {
        type: 'timepicker',
        action_id: 'value',
        initial_time: input.defaultDeadlineTime ?? '18:00',
      },
    },
    {
      type: 'input',
      block_id: LAUNCH_BLOCK_IDS.reminders,
      label: plain(t.launchReminders, SLACK_LIMITS.inputLabel),
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        initial_value: (input.defaultReminderDays ?? [7, 2, 0]).join(', '),
      },
    },
    {
      type: 'input',
      block_id: LAUNCH_BLOCK_IDS.options,
      optional: true,
      label: plain(t.launchOptions, SLACK_LIMITS.inputLabel),
      element: {
        type: 'checkboxes',
        action_id: 'value',
        options: [
          {
            text: plain(t.optionSilence, SLACK_LIMITS.optionText),
            value: LAUNCH_OPTION_VALUES.silence,
          },
          {
            text: plain(t.optionResultsDuring, SLACK_LIMITS.optionText),
            value: LAUNCH_OPTION_VALUES.resultsDuring,
          },
        ],
      },
    },
  );
  return {
    type: 'modal',
    callback_id: LAUNCH_MODAL_CALLBACK_ID,
    private_metadata: '{}',
    title: plain(t.launchModalTitle, SLACK_LIMITS.modalTitle),
    submit: plain(t.launch, SLACK_LIMITS.modalTitle),
    close: plain(t.cancel, SLACK_LIMITS.modalTitle),
    blocks,
  };
}

// ---------------------------------------------------------------------------------------------
// App Home

export interface PartnerHomeRound {
  roundId: string;
  title: string;
  /** Already formatted for the user (e.g. "vendredi 12 juin 2026 à 18 h"). */
  deadline: string;
  enjeuxAnswered: number;
  enjeuxTotal: number;
}

export interface PilotHomeRound {
  roundId: string;
  title: string;
  deadline: string;
  organisationsAnswered: number;
  organisationsInvited: number;
  notAnswered: string[];
}

export interface HomeAgrement {
  structure: string;
  kind: string;
  /** Formatted end date. */
  endDate: string;
}

export type HomeData =
  | { role: 'unlinked'; locale: Locale }
  | { role: 'partner'; locale: Locale; organisation: string; rounds: PartnerHomeRound[] }
  | { role: 'pilot'; locale: Locale; rounds: PilotHomeRound[]; agrements: HomeAgrement[] };

/** The App Home tab, within 100 blocks. */
export function buildHomeView(data: HomeData): HomeView {
  const t = strings(data.locale);
  const blocks: KnownBlock[] = [];
  if (data.role === 'unlinked') {
    blocks.push({ type: 'section', text: mrkdwn(escapeText(t.homeNotLinked)) });
  } else if (data.role === 'partner') {
    blocks.push({
      type: 'header',
      text: plain(`${t.homePartnerTitle} — ${data.organisation}`, SLACK_LIMITS.headerText),
    });
    if (data.rounds.length === 0)
      blocks.push({ type: 'section', text: mrkdwn(escapeText(t.homeNoRounds)) });
    for (const r of data.rounds) {
      const left = r.enjeuxTotal - r.enjeuxAnswered;
      blocks.push({
        type: 'section',
        text: mrkdwn(
          truncateEscaped(
            `*${escapeText(r.title)}*\n${escapeText(t.homeDeadline(r.deadline))}\n${participationBar(r.enjeuxAnswered, r.enjeuxTotal)}  ${escapeText(t.homeLeft(left, r.enjeuxTotal))}`,
            SLACK_LIMITS.sectionText,
          ),
        ),
        accessory: {
          type: 'button',
          action_id: ACTION_IDS.avisOpen,
          text: plain(t.giveAvis, SLACK_LIMITS.buttonText),
          value: r.roundId,
          ...(left > 0 ? { style: 'primary' as const } : {}),
        },
      });
    }
  } else {
    blocks.push({ type: 'header', text: plain(t.homePilotTitle, SLACK_LIMITS.headerText) });
    if (data.rounds.length === 0)
      blocks.push({ type: 'section', text: mrkdwn(escapeText(t.homeNoRounds)) });
    for (const r of data.rounds) {
      const lines = [
        `*${escapeText(r.title)}*`,
        escapeText(t.homeDeadline(r.deadline)),
        `\`${participationBar(r.organisationsAnswered, r.organisationsInvited)}\``,
      ];
      if (r.notAnswered.length > 0)
        lines.push(escapeText(t.homeNotAnswered(r.notAnswered.join(', '))));
      blocks.push({
        type: 'section',
        text: mrkdwn(truncateEscaped(lines.join('\n'), SLACK_LIMITS.sectionText)),
      });
    }
    blocks.push({ type: 'divider' });
    blocks.push({ type: 'header', text: plain(t.homeAgrementsTitle, SLACK_LIMITS.headerText) });
    if (data.agrements.length === 0)
      blocks.push({ type: 'section', text: mrkdwn(escapeText(t.homeNoAgrements)) });
    // Agréments go ten to a section (fields) so a long register stays within the block limit.
    blocks.push(
      ...fieldSections(
        data.agrements.map((a) => ({ label: a.structure, value: `${a.kind} · ${a.endDate}` })),
      ),
    );
  }
  if (blocks.length > SLACK_LIMITS.blocksPerView) {
    const hidden = blocks.length - (SLACK_LIMITS.blocksPerView - 1);
    blocks.length = SLACK_LIMITS.blocksPerView - 1;
    blocks.push({ type: 'context', elements: [mrkdwn(escapeText(t.truncated(hidden)))] });
  }
  return { type: 'home', blocks };
}

// ---------------------------------------------------------------------------------------------
// The follow-up modal (pilots): what the Caf did with a réserve, a défavorable or a comment

export const FOLLOWUP_MODAL_CALLBACK_ID = 'followup.submit';

export const FOLLOWUP_BLOCK_IDS = {
  avis: 'suivi:avis',
  response: 'suivi:reponse',
  justification: 'suivi:justification',
  next: 'suivi:suivant',
} as const;

export interface FollowupModalInput {
  locale: Locale;
  roundId: string;
  roundNumber: number;
  draftTitle: string;
  /** The avis that call for a follow-up; `value` names the organisation and the enjeu. */
  items: {
    value: string;
    enjeuPosition: number;
    organisationCode: string;
    organisationName: string;
    choice: AvisChoice;
    pending: boolean;
  }[];
  /** Enjeux of later versions of the same schéma. */
  laterEnjeux: { id: string; version: number; position: number; title: string }[];
}

/** The value of an avis option: « <enjeu position>:<organisation code> » (parse.ts reads it). */
export function followupAvisValue(position: number, organisationCode: string): string {
  return `${position}:${organisationCode}`;
}

export function buildFollowupModal(input: FollowupModalInput): ModalView {
  const t = strings(input.locale);
  const items = [...input.items]
    .sort((a, b) => Number(b.pending) - Number(a.pending))
    .slice(0, SLACK_LIMITS.selectOptions);
  const avisOptions = items.map((i) =>
    optionWithTail(
      i.value,
      `${t.enjeu(i.enjeuPosition)} · ${i.organisationName}`,
      ` (${i.organisationCode}) · ${t.choices[i.choice]}${i.pending ? ` · ${t.followupPending}` : ''}`,
    ),
  );
  const responses = FOLLOWUP_RESPONSES.map((r) => ({
    text: plain(FOLLOWUP_LABELS[r][input.locale], SLACK_LIMITS.optionText),
    value: r,
  }));
  const later = input.laterEnjeux
    .slice(0, SLACK_LIMITS.selectOptions)
    .map((e) => optionWithTail(e.id, e.title, ` — v${e.version}, ${t.enjeu(e.position)}`));
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(
        safeText(t.followupIntro(input.roundNumber, input.draftTitle), SLACK_LIMITS.sectionText),
      ),
    },
    {
      type: 'input',
      block_id: FOLLOWUP_BLOCK_IDS.avis,
      label: plain(t.followupAvis, SLACK_LIMITS.inputLabel),
      element: {
        type: 'static_select',
        action_id: 'value',
        options: avisOptions,
        ...(avisOptions[0] ? { initial_option: avisOptions[0] } : {}),
      },
    },
    {
      type: 'input',
      block_id: FOLLOWUP_BLOCK_IDS.response,
      label: plain(t.followupResponse, SLACK_LIMITS.inputLabel),
      element: { type: 'radio_buttons', action_id: 'value', options: responses },
    },
    {
      type: 'input',
      block_id: FOLLOWUP_BLOCK_IDS.justification,
      label: plain(t.followupJustification, SLACK_LIMITS.inputLabel),
      hint: plain(t.followupJustificationHint, SLACK_LIMITS.inputLabel),
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        multiline: true,
        max_length: MAX_JUSTIFICATION_LENGTH,
      },
    },
  ];
  if (later.length > 0)
    blocks.push({
      type: 'input',
      block_id: FOLLOWUP_BLOCK_IDS.next,
      optional: true,
      label: plain(t.followupNext, SLACK_LIMITS.inputLabel),
      element: { type: 'static_select', action_id: 'value', options: later },
    });
  return {
    type: 'modal',
    callback_id: FOLLOWUP_MODAL_CALLBACK_ID,
    private_metadata: JSON.stringify({ roundId: input.roundId }),
    title: plain(t.followupModalTitle, SLACK_LIMITS.modalTitle),
    submit: plain(t.save, SLACK_LIMITS.modalTitle),
    close: plain(t.cancel, SLACK_LIMITS.modalTitle),
    blocks,
  };
}
