import {
  Choice,
  ChoiceSetInput,
  TextInput,
  ToggleInput,
  type Action,
  type CardElement,
} from '@microsoft/teams.cards';
import { chatWords } from '../../domain/chat-words';
import { MAX_CONTRIBUTION_LENGTH } from '../../domain/grid';
import type { GridFormField } from '../../domain/grid-answer';
import type { SurveyCardModel } from './handlers';
import { strings } from './i18n';
import {
  AVIS_OPEN_VERB,
  card,
  errorBlock,
  executeAction,
  facts,
  md,
  section,
  SURVEY_SAVE_VERB,
  textBlock,
  type AdaptiveCard,
} from './render';

/**
 * A survey round's evaluation grid as Adaptive Cards, one level per card so that a card stays
 * within Teams' size limit (about 28 KB) whatever the grid (10 questions at most by level, 1000
 * characters a contribution). The form is the neutral GridFormView (domain/grid-answer.ts): the
 * input ids are its field names (`case-<level>-<question>`, `note-<level>-<question>`); the
 * action's data names the round and the level only (identity comes from the signed activity).
 */

/** Teams' limit is about 28 KB for the whole activity: the card keeps a margin. */
export const CARD_BUDGET = 26 * 1024;
const cardBytes = (card: AdaptiveCard) => Buffer.byteLength(JSON.stringify(card), 'utf8');

/** The toggle of the last level: « J'ai terminé la grille ». */
export const SURVEY_FINISH_INPUT = 'finish';

function heading(model: SurveyCardModel): CardElement[] {
  const t = strings(model.locale).survey;
  return [
    textBlock(t.heading(model.number, model.view.title), {
      size: 'Large',
      weight: 'Bolder',
      style: 'heading',
    }),
  ];
}

/** A choice's title stays short (Teams' card size); the legend above the level says it all. */
const CHOICE_TITLE_MAX = 30;
const cut = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
const choiceTitle = (i: number, label: string) => cut(`${i + 1} : ${label}`, CHOICE_TITLE_MAX);
/** The placeholder (the cell's prompt, or the question's help) is cut beyond this. */
const PLACEHOLDER_MAX = 120;
/** The question in the rating's label (the contribution's label has it whole, just above). */
const RATING_QUESTION_MAX = 40;

function fieldItems(
  f: GridFormField,
  question: { label: string; help: string },
  ratingLabels: string[],
  model: SurveyCardModel,
  o: { prompts: boolean },
) {
  const t = strings(model.locale).survey;
  // The cell's own prompt, or the question's help (« Les effets, les moyens… »), inside the
  // field (dropped when the level would not fit in a card otherwise).
  const prompt = o.prompts ? f.prompt || question.help : '';
  const items: CardElement[] = [
    new TextInput({
      id: f.textName,
      label: question.label,
      isMultiline: true,
      maxLength: MAX_CONTRIBUTION_LENGTH,
      ...(prompt ? { placeholder: cut(prompt, PLACEHOLDER_MAX) } : {}),
      ...(f.text ? { value: f.text } : {}),
    }),
  ];
  if (f.rating) {
    items.push(
      new ChoiceSetInput(
        ...ratingLabels.map(
          (label, i) => new Choice({ title: choiceTitle(i, label), value: String(i + 1) }),
        ),
      ).withOptions({
        id: f.rating.name,
        label: t.rating(cut(question.label, RATING_QUESTION_MAX)),
        style: 'compact',
        placeholder: t.noRating,
        ...(f.rating.value ? { value: String(f.rating.value) } : {}),
      }),
    );
  }
  // Under the field, as Teams has no place for a server's error inside an input.
  if (f.error) items.push(errorBlock(f.error.text));
  return items;
}

/** What a level card shows: the cells' helps or not, and which questions (all by default). */
interface LevelCardOptions {
  prompts: boolean;
  /** The questions shown, when the level goes over several cards. */
  questions?: { from: number; to: number };
}

/** One level of the grid: its cells' inputs, « Niveau précédent », « Enregistrer et continuer ». */
function levelCard(
  model: SurveyCardModel,
  position: number,
  o: LevelCardOptions = { prompts: true },
): AdaptiveCard {
  const w = strings(model.locale);
  const t = w.survey;
  const { view } = model;
  const level = view.levels[position - 1] ?? view.levels[0]!;
  const total = view.levels.length;
  const part = o.questions;
  const fields = part
    ? level.fields.filter((f) => f.question >= part.from && f.question <= part.to)
    : level.fields;
  // The finish toggle goes on the grid's very last card.
  const last = level.position === total && (!part || part.to >= view.questions.length);
  const body: CardElement[] = [
    ...heading(model),
    facts([
      { title: t.level, value: md(t.levelOf(level.position, total, level.label)) },
      ...(part
        ? [{ title: t.questions, value: t.questionsOf(part.from, part.to, view.questions.length) }]
        : []),
      { title: chatWords(model.locale).deadline, value: md(model.deadlineText) },
      { title: t.filled, value: t.filledOf(view.progress.filled, view.progress.total) },
    ]),
  ];
  if (model.notice) body.push(textBlock(model.notice, { color: 'Good', weight: 'Bolder' }));
  if (level.help && o.prompts) body.push(textBlock(level.help, { isSubtle: true }));
  body.push(
    textBlock(t.contributionHint(MAX_CONTRIBUTION_LENGTH), { isSubtle: true, size: 'Small' }),
  );
  // The scale in full when a choice's title had to be cut.
  if (view.ratingLabels.some((l, i) => choiceTitle(i, l) !== `${i + 1} : ${l}`))
    body.push(textBlock(t.scale(view.ratingLabels), { isSubtle: true, size: 'Small' }));
  if (view.errors.length > 0) body.push(errorBlock(t.toFix(view.errors.length)));
  for (const f of fields) {
    const q = view.questions[f.question - 1] ?? { label: f.label, help: '' };
    body.push(section(fieldItems(f, q, view.ratingLabels, model, o)));
  }
  if (last) {
    body.push(
      new ToggleInput(t.finish, {
        id: SURVEY_FINISH_INPUT,
        valueOn: 'true',
        valueOff: 'false',
        value: model.state === 'finished' ? 'true' : 'false',
        separator: true,
        spacing: 'Medium',
      }),
    );
  }
  const data = (go: 'next' | 'previous') => ({
    roundId: model.roundId,
    level: level.position,
    go,
    ...(part ? { from: part.from, to: part.to } : {}),
  });
  const actions: Action[] = [
    executeAction(SURVEY_SAVE_VERB, data('next'), last ? t.save : t.next).withStyle('positive'),
  ];
  // Going back saves what was typed too: nothing typed on a card is lost.
  if (part && part.from > 1)
    actions.push(executeAction(SURVEY_SAVE_VERB, data('previous'), t.previousQuestions));
  else if (level.position > 1)
    actions.push(executeAction(SURVEY_SAVE_VERB, data('previous'), t.previous));
  const fallback = [
    t.heading(model.number, view.title),
    w.labelled(t.level, t.levelOf(level.position, total, level.label)),
    w.labelled(chatWords(model.locale).deadline, model.deadlineText),
  ].join('\n');
  return card(body, fallback, { actions });
}

/** After the last level: « Grille enregistrée : 12 cases sur 16, terminée ». */
function savedCard(model: SurveyCardModel): AdaptiveCard {
  const t = strings(model.locale).survey;
  const said = t.saved(
    model.view.progress.filled,
    model.view.progress.total,
    model.state === 'finished',
  );
  return card(
    [
      ...heading(model),
      textBlock(said, { color: 'Good', weight: 'Bolder' }),
      textBlock(t.savedHint(model.deadlineText), { isSubtle: true }),
    ],
    said,
    { actions: [executeAction(AVIS_OPEN_VERB, { roundId: model.roundId }, t.review)] },
  );
}

/** The round takes no answer from this user: the refusal's words, and where they stand. */
function refusalCard(model: SurveyCardModel, refusal: string): AdaptiveCard {
  const w = strings(model.locale);
  const t = w.survey;
  return card(
    [
      ...heading(model),
      errorBlock(refusal),
      facts([
        { title: chatWords(model.locale).deadline, value: md(model.deadlineText) },
        {
          title: t.filled,
          value: t.filledOf(model.view.progress.filled, model.view.progress.total),
        },
      ]),
    ],
    refusal,
  );
}

/** The grid card of a survey round: a level, the confirmation or a refusal. */
export function buildSurveyCard(model: SurveyCardModel): AdaptiveCard {
  if (model.refusal) return refusalCard(model, model.refusal);
  if (model.saved) return savedCard(model);
  const position = model.level ?? 1;
  const from = model.from ?? 1;
  if (from === 1) {
    const whole = levelCard(model, position);
    // Teams refuses a card over about 28 KB: a level of long answers goes without the helps…
    if (cardBytes(whole) <= CARD_BUDGET) return whole;
    const bare = levelCard(model, position, { prompts: false });
    if (cardBytes(bare) <= CARD_BUDGET) return bare;
  }
  // …and, if that is not enough, over several cards: as many questions as fit from `from`.
  const questions = model.view.questions.length;
  const start = Math.min(Math.max(1, from), questions);
  let shown = levelCard(model, position, {
    prompts: false,
    questions: { from: start, to: start },
  });
  for (let to = start + 1; to <= questions; to++) {
    const next = levelCard(model, position, { prompts: false, questions: { from: start, to } });
    if (cardBytes(next) > CARD_BUDGET) break;
    shown = next;
  }
  return shown;
}

/** A refusal before any grid could be read (not invited, observer, per-person round…). */
export function surveyRefusedCard(
  message: string,
  locale: SurveyCardModel['locale'],
): AdaptiveCard {
  const t = strings(locale).survey;
  return card(
    [
      textBlock(t.gridHeading, { size: 'Large', weight: 'Bolder', style: 'heading' }),
      errorBlock(message),
    ],
    message,
  );
}
