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

function fieldItems(
  f: GridFormField,
  question: string,
  ratingLabels: string[],
  model: SurveyCardModel,
) {
  const t = strings(model.locale).survey;
  const items: CardElement[] = [textBlock(question, { weight: 'Bolder', size: 'Medium' })];
  if (f.prompt) items.push(textBlock(f.prompt, { isSubtle: true, spacing: 'None' }));
  items.push(
    new TextInput({
      id: f.textName,
      label: t.contribution(question),
      isMultiline: true,
      maxLength: MAX_CONTRIBUTION_LENGTH,
      // The prompt is above; the placeholder says the limit (a screen reader reads both).
      placeholder: t.contributionHint(MAX_CONTRIBUTION_LENGTH),
      ...(f.text ? { value: f.text } : {}),
    }),
  );
  if (f.rating) {
    items.push(
      new ChoiceSetInput(
        ...ratingLabels.map(
          (label, i) => new Choice({ title: `${i + 1} : ${label}`, value: String(i + 1) }),
        ),
      ).withOptions({
        id: f.rating.name,
        label: t.rating(question),
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

/** One level of the grid: its cells' inputs, « Niveau précédent », « Enregistrer et continuer ». */
function levelCard(model: SurveyCardModel, position: number): AdaptiveCard {
  const w = strings(model.locale);
  const t = w.survey;
  const { view } = model;
  const level = view.levels[position - 1] ?? view.levels[0]!;
  const total = view.levels.length;
  const last = level.position === total;
  const body: CardElement[] = [
    ...heading(model),
    facts([
      { title: t.level, value: md(t.levelOf(level.position, total, level.label)) },
      { title: chatWords(model.locale).deadline, value: md(model.deadlineText) },
      { title: t.filled, value: t.filledOf(view.progress.filled, view.progress.total) },
    ]),
  ];
  if (level.help) body.push(textBlock(level.help, { isSubtle: true }));
  if (model.notice) body.push(textBlock(model.notice, { color: 'Good', weight: 'Bolder' }));
  if (view.errors.length > 0) body.push(errorBlock(t.toFix(view.errors.length)));
  for (const f of level.fields) {
    const question = view.questions[f.question - 1]?.label ?? f.label;
    body.push(section(fieldItems(f, question, view.ratingLabels, model)));
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
  });
  const actions: Action[] = [
    executeAction(SURVEY_SAVE_VERB, data('next'), last ? t.save : t.next).withStyle('positive'),
  ];
  // Going back saves what was typed too: nothing typed on a card is lost.
  if (level.position > 1)
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
  return levelCard(model, model.level ?? 1);
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
