import {
  AdaptiveCard as Card,
  Choice,
  ChoiceSetInput,
  Container,
  DateInput,
  ExecuteAction,
  Fact,
  FactSet,
  Image,
  OpenUrlAction,
  RefreshDefinition,
  TextBlock,
  TextInput,
  TimeInput,
  ToggleInput,
  type Action,
  type ITeamsCardProperties,
  type CardElement,
  type TextBlockOptions,
} from '@microsoft/teams.cards';
import { avisForm, type AvisForm } from '../../domain/avis-form';
import { chatWords } from '../../domain/chat-words';
import type { NeutralAction, NeutralMessage, NeutralSection } from '../../domain/messages';
import { organisationsByKind } from '../../domain/organisation';
import { LAUNCH_DEFAULTS, reminderScheduleWords } from '../../domain/round-schedule';
import { AVIS_CHOICES } from '../../domain/types';
import { launchSubjectLabel } from '../../domain/launch-subjects';
import type { AvisCardModel, LaunchFormModel } from './handlers';
import { CAF_TEAMS, strings, type TeamsStrings } from './i18n';

/**
 * Pure renderers: neutral messages and form models → Adaptive Cards 1.5, the version that has
 * Action.Execute and `refresh` (Universal Actions). Every card sets `fallbackText`.
 *
 * User and draft text goes into TextBlocks, which render a Markdown subset (links, emphasis,
 * lists): `md()` neutralises it so that `[x](http://evil)` in a comment stays text.
 */

/** A card element or action as it goes on the wire (JSON). */
export type CardJson = Record<string, unknown>;
/**
 * A card as the connector receives it. Cards are built with `@microsoft/teams.cards`, whose
 * classes are plain data (their own properties are the card's JSON): `card()` hands them on under
 * this wire type, which callers and tests read without the package's element unions.
 */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardJson[];
  actions?: CardJson[];
  refresh?: { action: CardJson; userIds?: string[] };
  fallbackText: string;
  msteams?: { width?: 'Full' };
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const AVIS_SUBMIT_VERB = 'avis.submit';
export const AVIS_REFRESH_VERB = 'avis.refresh';
export const AVIS_OPEN_VERB = 'avis.open';
export const ROUND_LAUNCH_VERB = 'round.launch';
export const SURVEY_SAVE_VERB = 'survey.save';
/** Prefixes of the avis card's input ids: `avis_<enjeuId>`, `comment_<enjeuId>`. */
export const AVIS_INPUT_PREFIX = 'avis_';
export const COMMENT_INPUT_PREFIX = 'comment_';

/** Neutral messages (invitations, reminders, results) are the Caf's: in French. */
const CAF = strings('fr');

/**
 * Makes text safe for a TextBlock: every character that can start Markdown syntax is escaped
 * (CommonMark backslash escapes), so links, emphasis, headings and lists stay literal.
 */
export function md(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`)
    .replace(/^(\s*)-/gm, '$1\\-')
    .replace(/^(\s*\d+)\./gm, '$1\\.');
}

/** Teams renders a single newline as a space: each line break becomes a paragraph break. */
const breaks = (text: string): string => text.replace(/\n+/g, '\n\n');

export const textBlock = (text: string, options: TextBlockOptions = {}): TextBlock =>
  new TextBlock(breaks(md(text)), { wrap: true, ...options });

/** « Nouvel enjeu », « Modifié depuis la version précédente » under a title, when it applies. */
function pushChange(items: CardElement[], change: NeutralSection['change'], t: TeamsStrings) {
  const label = change ? t.changes[change] : '';
  if (label) items.push(textBlock(label, { isSubtle: true, spacing: 'None', size: 'Small' }));
}

/** A full-width Adaptive Card 1.5 with its fallback text. */
export function card(
  body: CardElement[],
  fallbackText: string,
  extra: { actions?: Action[]; refresh?: RefreshDefinition } = {},
): AdaptiveCard {
  const c = new Card(...body).withOptions({
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText,
    // Teams' documentation spells it « Full »; the package types it in lower case.
    msteams: { width: 'Full' } as unknown as ITeamsCardProperties,
  });
  if (extra.actions) c.withActions(...extra.actions);
  if (extra.refresh) c.withRefresh(extra.refresh);
  return c as unknown as AdaptiveCard;
}

export const executeAction = (verb: string, data: Record<string, unknown>, title?: string) =>
  new ExecuteAction({ verb, data, ...(title !== undefined ? { title } : {}) });

/** A section of items under a separator. */
export const section = (items: CardElement[]) =>
  new Container(...items).withOptions({ separator: true, spacing: 'Medium' });

export const facts = (list: { title: string; value: string }[]) =>
  new FactSet(...list.map((f) => new Fact(f.title, f.value)));

function renderAction(action: NeutralAction): Action | undefined {
  switch (action.type) {
    case 'avis.open': {
      const execute = executeAction(AVIS_OPEN_VERB, { roundId: action.roundId }, action.label);
      return action.style === 'primary' ? execute.withStyle('positive') : execute;
    }
    case 'link':
      // Only web links: a javascript: or file: URL in a button is never what a use case meant.
      return /^https?:\/\//i.test(action.url)
        ? new OpenUrlAction(action.url, { title: action.label })
        : undefined;
  }
}

function countsText(counts: NonNullable<NeutralSection['counts']>): string {
  return AVIS_CHOICES.filter((c) => (counts[c] ?? 0) > 0)
    .map((c) => CAF.labelled(CAF.choices[c], String(counts[c])))
    .join(' · ');
}

function renderSection(s: NeutralSection): Container {
  const items: CardElement[] = [textBlock(s.title, { weight: 'Bolder', size: 'Medium' })];
  pushChange(items, s.change, CAF);
  if (s.text) items.push(textBlock(s.text));
  if (s.counts) items.push(textBlock(countsText(s.counts) || '—', { spacing: 'Small' }));
  // The chart of the avis, fetched by Teams from its signed link; altText for screen readers.
  if (s.chart && /^https?:\/\//i.test(s.chart.url))
    items.push(
      new Image(s.chart.url, {
        altText: s.chart.alt.slice(0, 1000),
        size: 'Stretch',
        spacing: 'Small',
      }),
    );
  return section(items);
}

/** A neutral message as an Adaptive Card. */
export function renderMessage(message: NeutralMessage): AdaptiveCard {
  const body: CardElement[] = [
    textBlock(message.title, { size: 'Large', weight: 'Bolder', style: 'heading' }),
  ];
  for (const p of message.text) body.push(textBlock(p));
  if (message.fields.length > 0)
    body.push(facts(message.fields.map((f) => ({ title: md(f.label), value: md(f.value) }))));
  for (const s of message.sections) body.push(renderSection(s));
  if (message.context) body.push(textBlock(message.context, { isSubtle: true, size: 'Small' }));
  const actions = message.actions.map(renderAction).filter((a): a is Action => a !== undefined);
  return card(body, message.fallback, {
    ...(actions.length > 0 ? { actions } : {}),
    ...(message.personalView ? { refresh: personalRefresh(message.personalView) } : {}),
  });
}

/**
 * The refresh of a shared round card: the organisation's members named in it (at most 60, as
 * user MRIs) see their own view (the avis card, verb avis.refresh) in place of the shared one,
 * so an update of the shared message never replaces what a partner is reading.
 */
function personalRefresh(view: NonNullable<NeutralMessage['personalView']>): RefreshDefinition {
  return new RefreshDefinition({
    action: executeAction(AVIS_REFRESH_VERB, { roundId: view.roundId }),
    userIds: view.readers
      .filter((r) => r.platform === 'teams')
      .slice(0, 60)
      .map((r) => teamsUserMri(r.userId)),
  });
}
/** A Teams user's MRI from its Entra object id, as `refresh.userIds` names users. */
export function teamsUserMri(aadObjectId: string): string {
  return `8:orgid:${aadObjectId}`;
}

/** The outgoing activity for a card (what the connector receives). */
export function cardActivity(card: AdaptiveCard): {
  type: 'message';
  summary: string;
  attachments: { contentType: string; content: AdaptiveCard }[];
} {
  // `summary` is what notifications and the chat list show for a card-only message.
  return {
    type: 'message',
    summary: card.fallbackText.slice(0, 200),
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
  };
}

/** The invoke response Teams expects for Action.Execute when the card is replaced in place. */
export function cardActionResponse(card: AdaptiveCard): {
  statusCode: 200;
  type: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  value: AdaptiveCard;
} {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
}

/** The invoke response that shows a short message to the user instead of a new card. */
export function messageActionResponse(text: string): {
  statusCode: 200;
  type: 'application/vnd.microsoft.activity.message';
  value: string;
} {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text };
}

export const errorBlock = (message: string): TextBlock =>
  new TextBlock(md(message), {
    wrap: true,
    color: 'Attention',
    weight: 'Bolder',
    spacing: 'Small',
  });

/**
 * The invitation card: the neutral avis form (domain/avis-form.ts) with the card's own heading
 * (draft, version, deadline); per enjeu the four avis and a comment, pre-filled with the
 * organisation's current avis; submitted with Action.Execute (verb avis.submit, data { roundId }
 * only: identity comes from the signed activity). `refresh` makes Teams fetch the user's current
 * view, so the card shows the recorded avis and who gave it.
 */
export function buildAvisCard(model: AvisCardModel): AdaptiveCard {
  const locale = model.locale ?? 'fr';
  const form = avisForm({
    locale,
    enjeux: model.enjeux.map((e, index) => ({
      id: e.id,
      position: index + 1,
      title: e.title,
      text: e.text ?? '',
      ...(e.change ? { change: e.change } : {}),
    })),
    values: model.current,
    errors: (model.errors ?? []).map((e) => ({
      ...(e.enjeuId ? { field: e.field ?? e.enjeuId } : {}),
      message: e.message,
    })),
  });
  return avisFormCard(model, form);
}

/** The avis form as an Adaptive Card, under the card's heading (see buildAvisCard). */
export function avisFormCard(model: AvisCardModel, form: AvisForm): AdaptiveCard {
  const t = strings(form.locale);
  const w = chatWords(form.locale);
  const body: CardElement[] = [
    textBlock(t.labelled(t.consultation, model.draftTitle), {
      size: 'Large',
      weight: 'Bolder',
      style: 'heading',
    }),
    facts([
      { title: t.version, value: md(String(model.version)) },
      { title: w.deadline, value: md(model.deadlineText) },
    ]),
  ];
  if (model.notice) body.push(textBlock(model.notice, { color: 'Good', weight: 'Bolder' }));
  for (const message of form.errors) body.push(errorBlock(message));

  const fallback: string[] = [
    t.labelled(t.consultation, `${model.draftTitle} (version ${model.version})`),
    t.labelled(w.deadline, model.deadlineText),
  ];
  const labelOf = (value: string | undefined) =>
    form.enjeux[0]?.choice.options.find((o) => o.value === value)?.label;
  for (const enjeu of form.enjeux) {
    const items: CardElement[] = [textBlock(enjeu.heading, { weight: 'Bolder', size: 'Medium' })];
    pushChange(items, enjeu.change, t);
    if (enjeu.text) items.push(textBlock(enjeu.text, { maxLines: 6 }));
    for (const f of enjeu.followups) items.push(textBlock(f, { isSubtle: true, size: 'Small' }));
    const { choice, comment } = enjeu;
    if (model.readOnly) {
      items.push(
        facts([
          { title: t.avis, value: labelOf(choice.value) ?? t.noAnswer },
          ...(comment.value ? [{ title: t.comment, value: md(comment.value) }] : []),
        ]),
      );
    } else {
      items.push(
        new ChoiceSetInput(
          ...choice.options.map((o) => new Choice({ title: o.label, value: o.value })),
        ).withOptions({
          id: `${AVIS_INPUT_PREFIX}${enjeu.id}`,
          label: choice.label,
          style: 'expanded',
          ...(choice.value ? { value: choice.value } : {}),
        }),
        new TextInput({
          id: `${COMMENT_INPUT_PREFIX}${enjeu.id}`,
          label: comment.label,
          isMultiline: true,
          maxLength: comment.maxLength,
          placeholder: comment.placeholder,
          ...(comment.value ? { value: comment.value } : {}),
        }),
        textBlock(comment.hint, { isSubtle: true, size: 'Small', spacing: 'None' }),
      );
    }
    // Under the enjeu's inputs, as Teams has no place for an error inside an input.
    items.push(...choice.errors.map(errorBlock), ...comment.errors.map(errorBlock));
    body.push(section(items));
    fallback.push(t.labelled(enjeu.heading, labelOf(choice.value) ?? t.noAnswerInline));
  }
  if (model.answeredBy) body.push(textBlock(model.answeredBy, { isSubtle: true, size: 'Small' }));

  return card(body, fallback.join('\n'), {
    refresh: new RefreshDefinition({
      action: executeAction(AVIS_REFRESH_VERB, { roundId: model.roundId }),
      ...(model.refreshUserIds ? { userIds: model.refreshUserIds } : {}),
    }),
    ...(model.readOnly
      ? {}
      : {
          actions: [
            executeAction(AVIS_SUBMIT_VERB, { roundId: model.roundId }, form.submit).withStyle(
              'positive',
            ),
          ],
        }),
  });
}

const toggle = (id: string, title: string, on: boolean | undefined) =>
  new ToggleInput(title, { id, valueOn: 'true', valueOff: 'false', value: on ? 'true' : 'false' });

/** The pilot's launch form (verb round.launch). */
export function buildLaunchFormCard(model: LaunchFormModel): AdaptiveCard {
  // The pilots' form is the Caf's: in French.
  const w = chatWords('fr');
  const v = model.values ?? {};
  const errors = model.errors ?? [];
  const errorsFor = (field: string) =>
    errors.filter((e) => e.field === field).map((e) => errorBlock(e.message));
  const known = new Set([
    'draftVersionId',
    'organisationKinds',
    'organisationIds',
    'deadlineDate',
    'deadlineTime',
    'reminderSchedule',
  ]);
  const body: CardElement[] = [
    textBlock(w.launch.title, { size: 'Large', weight: 'Bolder', style: 'heading' }),
    ...errors.filter((e) => !e.field || !known.has(e.field)).map((e) => errorBlock(e.message)),
    new ChoiceSetInput(
      ...model.subjects.map((d) => new Choice({ title: launchSubjectLabel(d), value: d.value })),
    ).withOptions({
      id: 'draftVersionId',
      label: CAF_TEAMS.launchDraftVersion,
      isRequired: true,
      errorMessage: CAF_TEAMS.launchDraftVersionMissing,
      style: 'compact',
      ...(v.draftVersionId ? { value: v.draftVersionId } : {}),
    }),
    ...(model.subjectHint ? [textBlock(model.subjectHint, { isSubtle: true, size: 'Small' })] : []),
    ...errorsFor('draftVersionId'),
    new ChoiceSetInput(
      ...organisationsByKind(model.organisations, 'fr').map(
        (k) => new Choice({ title: k.heading, value: k.kind }),
      ),
    ).withOptions({
      id: 'organisationKinds',
      label: w.launch.organisationKinds,
      isMultiSelect: true,
      style: 'expanded',
      ...(v.organisationKinds?.length ? { value: v.organisationKinds.join(',') } : {}),
    }),
    ...errorsFor('organisationKinds'),
    new ChoiceSetInput(
      ...model.organisations.map((o) => new Choice({ title: o.label, value: o.id })),
    ).withOptions({
      id: 'organisationIds',
      label: w.launch.organisationsChoice,
      isMultiSelect: true,
      // A handful of partners read best as checkboxes; the demo's 150 organisations as a
      // multi-select list Teams lets one search.
      style: model.organisations.length > 12 ? 'compact' : 'expanded',
      ...(v.organisationIds?.length ? { value: v.organisationIds.join(',') } : {}),
    }),
    textBlock(w.launch.organisationsAll, { isSubtle: true, size: 'Small' }),
    ...errorsFor('organisationIds'),
    new DateInput({
      id: 'deadlineDate',
      label: w.deadline,
      isRequired: true,
      errorMessage: CAF_TEAMS.launchDeadlineMissing,
      ...(v.deadlineDate ? { value: v.deadlineDate } : {}),
    }),
    ...errorsFor('deadlineDate'),
    new TimeInput({
      id: 'deadlineTime',
      label: w.launch.deadlineTime,
      value: v.deadlineTime ?? LAUNCH_DEFAULTS.deadlineTime,
    }),
    ...errorsFor('deadlineTime'),
    new TextInput({
      id: 'reminderSchedule',
      label: w.launch.reminders,
      value: v.reminderSchedule ?? reminderScheduleWords(LAUNCH_DEFAULTS.reminderDaysBefore),
    }),
    ...errorsFor('reminderSchedule'),
    toggle('silenceVautFavorable', w.launch.optionSilence, v.silenceVautFavorable),
    toggle('resultsVisibleDuringRound', w.launch.optionResultsDuring, v.resultsVisibleDuringRound),
  ];
  return card(body, CAF_TEAMS.launchFallback, {
    actions: [executeAction(ROUND_LAUNCH_VERB, {}, w.launch.submit).withStyle('positive')],
  });
}
