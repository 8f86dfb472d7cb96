import type { types as SlackTypes } from '@slack/bolt';
import { chatWords } from '../../../domain/chat-words';
import type { GridFormView } from '../../../domain/grid-answer';
import { MAX_CONTRIBUTION_LENGTH } from '../../../domain/grid';
import type { Locale } from '../../../domain/types';
import { strings } from '../i18n';
import { mrkdwn, plain, safeText, SLACK_LIMITS, type KnownBlock, type ModalView } from './blocks';

// ---------------------------------------------------------------------------------------------
// A survey round's evaluation grid: one modal per level (domain/grid-answer.ts GridFormView)

export const SURVEY_MODAL_CALLBACK_ID = 'survey.submit';

/** The finish checkbox of the last level, and its one option's value. */
export const SURVEY_FINISH_BLOCK_ID = 'grid:finish';
export const SURVEY_FINISH_VALUE = 'finish';

/** A grid field's block (`case-L-Q` / `note-L-Q` of GridFormView) and back. */
export const surveyFieldBlockId = (field: string) => `grid:${field}`;
export function surveyFieldOfBlock(blockId: string): string | undefined {
  const m = /^grid:((?:case|note)-\d{1,3}-\d{1,3})$/.exec(blockId);
  return m?.[1];
}

export interface SurveyModalInput {
  roundId: string;
  view: GridFormView;
  /** The level shown, 1-based. */
  level: number;
  /** The answer is marked finished (the last level's checkbox starts ticked). */
  finished: boolean;
  locale: Locale;
}

/** What travels in the modal's private_metadata: the round and the level, nothing else. */
export interface SurveyModalMetadata {
  roundId: string;
  level: number;
}

/**
 * One level of the grid: a heading (the level, its help, the progress), then per question a
 * multiline text (the cell's prompt as hint) and, for rated questions, a select of the scale's
 * labels; the last level adds « I have finished the grid ». At most 2 blocks per question plus 3:
 * a 10 × 10 grid stays far below Slack's 100 blocks.
 */
export function buildSurveyModal(input: SurveyModalInput): ModalView {
  const w = chatWords(input.locale).gridForm;
  const t = strings(input.locale);
  const { view } = input;
  const levels = view.levels.length;
  const level = view.levels[input.level - 1];
  if (!level) throw new Error(`buildSurveyModal: no level ${input.level} of ${levels}`);
  const last = input.level === levels;
  const blocks: KnownBlock[] = [];
  const heading = [`*${safeText(w.level(level.position, level.label), 500)}*`];
  if (input.level === 1 && view.title) heading.unshift(`*${safeText(view.title, 300)}*`);
  if (level.help) heading.push(safeText(level.help, 1000));
  heading.push(safeText(w.progress(view.progress.filled, view.progress.total), 200));
  blocks.push({ type: 'section', text: mrkdwn(heading.join('\n')) });

  const ratingOptions = view.ratingLabels.map((label, i): SlackTypes.PlainTextOption => ({
    text: plain(`${i + 1}. ${label}`, SLACK_LIMITS.optionText),
    value: String(i + 1),
  }));
  for (const field of level.fields) {
    const question = view.questions[field.question - 1];
    const label = question ? `${question.position}. ${question.label}` : field.label;
    const hint = field.prompt || question?.help || '';
    blocks.push({
      type: 'input',
      block_id: surveyFieldBlockId(field.textName),
      optional: true,
      label: plain(label, SLACK_LIMITS.inputLabel),
      ...(hint ? { hint: plain(hint, SLACK_LIMITS.inputLabel) } : {}),
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        multiline: true,
        max_length: MAX_CONTRIBUTION_LENGTH,
        placeholder: plain(w.textPlaceholder, 150),
        // Shown verbatim by Slack: not escaped.
        ...(field.text ? { initial_value: field.text.slice(0, MAX_CONTRIBUTION_LENGTH) } : {}),
      },
    });
    if (field.rating && ratingOptions.length > 0) {
      const initial = ratingOptions.find((o) => o.value === String(field.rating?.value));
      blocks.push({
        type: 'input',
        block_id: surveyFieldBlockId(field.rating.name),
        optional: true,
        label: plain(w.rating(question?.label ?? field.label), SLACK_LIMITS.inputLabel),
        element: {
          type: 'static_select',
          action_id: 'value',
          placeholder: plain(w.ratingPlaceholder, 150),
          options: ratingOptions.slice(0, SLACK_LIMITS.selectOptions),
          ...(initial ? { initial_option: initial } : {}),
        },
      });
    }
  }
  if (last) {
    const option: SlackTypes.PlainTextOption = {
      text: plain(w.finish, SLACK_LIMITS.optionText),
      value: SURVEY_FINISH_VALUE,
    };
    blocks.push({
      type: 'input',
      block_id: SURVEY_FINISH_BLOCK_ID,
      optional: true,
      label: plain(w.finishLabel, SLACK_LIMITS.inputLabel),
      hint: plain(w.finishHint, SLACK_LIMITS.inputLabel),
      element: {
        type: 'checkboxes',
        action_id: 'value',
        options: [option],
        ...(input.finished ? { initial_options: [option] } : {}),
      },
    });
  }
  if (blocks.length > SLACK_LIMITS.blocksPerView) {
    throw new Error(`buildSurveyModal: ${blocks.length} blocks do not fit in one modal`);
  }
  const metadata: SurveyModalMetadata = { roundId: input.roundId, level: input.level };
  return {
    type: 'modal',
    callback_id: SURVEY_MODAL_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: plain(w.title(input.level, levels), SLACK_LIMITS.modalTitle),
    submit: plain(last ? w.save : w.next, SLACK_LIMITS.modalTitle),
    close: plain(t.cancel, SLACK_LIMITS.modalTitle),
    blocks,
  };
}
