import type { types as SlackTypes } from '@slack/bolt';
import { avisForm, type AvisForm } from '../../../domain/avis-form';
import { markdownToPlainText } from '../../../domain/markdown-text';
import { organisationLabel, organisationsByKind } from '../../../domain/organisation';
import type { AvisChoice, Locale, OrganisationKind } from '../../../domain/types';
import { strings } from '../i18n';
import {
  escapeText,
  mrkdwn,
  plain,
  safeText,
  SLACK_LIMITS,
  truncateEscaped,
  type KnownBlock,
  type ModalView,
} from './blocks';
import { chatWords } from '../../../domain/chat-words';
import { LAUNCH_DEFAULTS } from '../../../domain/round-schedule';
import {
  launchSubjectHint,
  launchSubjects,
  type LaunchSubject,
} from '../../../domain/launch-subjects';

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
 * The modal where a partner gives its organisation's avis on every enjeu, drawn from the neutral
 * avis form (domain/avis-form.ts): four radio buttons and a comment per enjeu, pre-filled with
 * the current values. 3 blocks per enjeu (text, avis, comment) up to 33 enjeux; beyond, the
 * enjeu's heading moves into the radio label (2 blocks each). Only the round id travels in
 * private_metadata: the organisation is looked up from the submitting user.
 */
export function buildAvisModal(input: AvisModalInput): ModalView {
  return avisModalView(
    input.roundId,
    avisForm({
      locale: input.locale,
      ...(input.draftTitle ? { draftTitle: input.draftTitle } : {}),
      enjeux: input.enjeux.map((e) => ({ ...e, text: e.body })),
      values: input.current,
    }),
  );
}

/** The avis form as a Slack modal (see buildAvisModal). */
export function avisModalView(roundId: string, form: AvisForm): ModalView {
  const t = strings(form.locale);
  const blocks: KnownBlock[] = [];
  if (form.intro) {
    blocks.push({ type: 'section', text: mrkdwn(safeText(form.intro, SLACK_LIMITS.sectionText)) });
  }
  const room = SLACK_LIMITS.blocksPerView - blocks.length;
  const compact = form.enjeux.length * 3 > room;
  if (form.enjeux.length * 2 > room) {
    throw new Error(`buildAvisModal: ${form.enjeux.length} enjeux do not fit in one modal`);
  }
  for (const enjeu of form.enjeux) {
    if (!compact) {
      blocks.push({
        type: 'section',
        text: mrkdwn(
          truncateEscaped(
            `*${escapeText(enjeu.heading)}*\n${escapeText(excerpt(markdownToPlainText(enjeu.text)))}`,
            SLACK_LIMITS.sectionText,
          ),
        ),
      });
    }
    const options = enjeu.choice.options.map((o): SlackTypes.Option => ({
      text: { type: 'plain_text', text: o.label },
      value: o.value,
    }));
    const initial = options.find((o) => o.value === enjeu.choice.value);
    blocks.push({
      type: 'input',
      block_id: avisBlockId(enjeu.id, 'choice'),
      optional: true,
      label: plain(compact ? enjeu.heading : enjeu.choice.label, SLACK_LIMITS.inputLabel),
      element: {
        type: 'radio_buttons',
        action_id: 'choice',
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    });
    const comment = enjeu.comment;
    blocks.push({
      type: 'input',
      block_id: avisBlockId(enjeu.id, 'comment'),
      optional: true,
      label: plain(comment.label, SLACK_LIMITS.inputLabel),
      hint: plain(comment.hint, SLACK_LIMITS.inputLabel),
      element: {
        type: 'plain_text_input',
        action_id: 'comment',
        multiline: true,
        max_length: comment.maxLength,
        placeholder: plain(comment.placeholder, 150),
        // A plain_text_input shows its initial value verbatim: not escaped.
        ...(comment.value ? { initial_value: comment.value.slice(0, comment.maxLength) } : {}),
      },
    });
  }
  return {
    type: 'modal',
    callback_id: AVIS_MODAL_CALLBACK_ID,
    private_metadata: JSON.stringify({ roundId }),
    title: plain(form.title, SLACK_LIMITS.modalTitle),
    submit: plain(form.submit, SLACK_LIMITS.modalTitle),
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
  /** The Caf's grids (an evaluation), offered after the draft versions. */
  grids?: { code: string; title: string }[];
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
export function optionWithTail(id: string, head: string, tail: string): SlackTypes.PlainTextOption {
  const end = escapeText(tail);
  const start = truncateEscaped(escapeText(head), SLACK_LIMITS.optionText - end.length);
  return { text: { type: 'plain_text', text: start + end, emoji: true }, value: id };
}

/** « name — code » (organisationLabel), the name cut if need be. */
function organisationOption(o: { id: string; name: string; code: string }) {
  return optionWithTail(o.id, o.name, organisationLabel({ name: '', code: o.code }));
}

/**
 * « title — version 2 (2016-2020) », the title cut if need be: two versions stay apart; then
 * « Évaluation : grid title » (launchSubjects, the list every channel offers).
 */
function subjectOption(s: LaunchSubject) {
  return optionWithTail(s.value, s.head, s.tail);
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
  const w = chatWords(input.locale);
  const subjects = launchSubjects(input.draftVersions, input.grids ?? [], input.locale);
  const hint = launchSubjectHint(subjects, input.locale);
  const versions = subjects.slice(0, SLACK_LIMITS.selectOptions).map(subjectOption);
  const kinds = organisationsByKind(input.organisations, input.locale).map((k) => ({
    text: plain(k.heading, SLACK_LIMITS.optionText),
    value: k.kind,
  }));
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: LAUNCH_BLOCK_IDS.draftVersion,
      label: plain(t.launchDraftVersion, SLACK_LIMITS.inputLabel),
      ...(hint ? { hint: plain(hint, SLACK_LIMITS.inputLabel) } : {}),
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
        label: plain(w.launch.organisationKinds, SLACK_LIMITS.inputLabel),
        element: { type: 'multi_static_select', action_id: 'value', options: kinds },
      },
      {
        type: 'input',
        block_id: LAUNCH_BLOCK_IDS.organisations,
        optional: true,
        label: plain(w.launch.organisationsChoice, SLACK_LIMITS.inputLabel),
        hint: plain(w.launch.organisationsAll, SLACK_LIMITS.inputLabel),
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
      label: plain(w.deadline, SLACK_LIMITS.inputLabel),
      element: {
        type: 'datepicker',
        action_id: 'value',
        ...(input.defaultDeadline ? { initial_date: input.defaultDeadline } : {}),
      },
    },
    {
      type: 'input',
      block_id: LAUNCH_BLOCK_IDS.deadlineTime,
      label: plain(w.launch.deadlineTime, SLACK_LIMITS.inputLabel),
      element: {
        type: 'timepicker',
        action_id: 'value',
        initial_time: input.defaultDeadlineTime ?? LAUNCH_DEFAULTS.deadlineTime,
      },
    },
    {
      type: 'input',
      block_id: LAUNCH_BLOCK_IDS.reminders,
      label: plain(t.launchReminders, SLACK_LIMITS.inputLabel),
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        initial_value: (input.defaultReminderDays ?? LAUNCH_DEFAULTS.reminderDaysBefore).join(', '),
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
            text: plain(w.launch.optionSilence, SLACK_LIMITS.optionText),
            value: LAUNCH_OPTION_VALUES.silence,
          },
          {
            text: plain(w.launch.optionResultsDuring, SLACK_LIMITS.optionText),
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
    title: plain(w.launch.title, SLACK_LIMITS.modalTitle),
    submit: plain(w.launch.submit, SLACK_LIMITS.modalTitle),
    close: plain(t.cancel, SLACK_LIMITS.modalTitle),
    blocks,
  };
}
