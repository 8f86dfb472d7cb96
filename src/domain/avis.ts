import { DomainError, ValidationErrors } from './errors';
import {
  AVIS_CHOICES,
  MAX_COMMENT_LENGTH,
  type AvisChannel,
  type AvisChoice,
  type Locale,
} from './types';
import { hasInvalidCharacters, typedKey } from './text';

export const AVIS_LABELS: Record<AvisChoice, Record<Locale, string>> = {
  favorable: { fr: 'Favorable', en: 'Favourable' },
  favorable_avec_reserves: { fr: 'Favorable avec réserves', en: 'Favourable with reservations' },
  defavorable: { fr: 'Défavorable', en: 'Unfavourable' },
  abstention: { fr: 'Abstention', en: 'Abstention' },
};

/** The four avis in one language, for the forms of every platform. */
export function avisLabels(locale: Locale): Record<AvisChoice, string> {
  return Object.fromEntries(AVIS_CHOICES.map((c) => [c, AVIS_LABELS[c][locale]])) as Record<
    AvisChoice,
    string
  >;
}

/** Tout avis défavorable est motivé; a favourable one with reservations states them. */
export const CHOICES_REQUIRING_REASON: readonly AvisChoice[] = [
  'defavorable',
  'favorable_avec_reserves',
];

export interface AvisInput {
  enjeuId: string;
  choice: string | null | undefined;
  comment?: string | null;
}

export interface ValidAvis {
  enjeuId: string;
  choice: AvisChoice;
  comment: string | null;
}

export function isAvisChoice(v: unknown): v is AvisChoice {
  return typeof v === 'string' && (AVIS_CHOICES as readonly string[]).includes(v);
}

/** Accepts the stored spelling and the French words a pilot types ("défavorable", "réserves"). */
export function parseAvisChoice(raw: string): AvisChoice | null {
  const v = typedKey(raw);
  if (isAvisChoice(v)) return v;
  const aliases: Record<string, AvisChoice> = {
    pour: 'favorable',
    favorable_avec_reserve: 'favorable_avec_reserves',
    reserves: 'favorable_avec_reserves',
    avec_reserves: 'favorable_avec_reserves',
    contre: 'defavorable',
    defavorable: 'defavorable',
    abstention: 'abstention',
    abstenir: 'abstention',
  };
  return aliases[v] ?? null;
}

/**
 * Validates one organisation's avis on one or more enjeux. Every problem is reported at once,
 * each under the field of its enjeu (`<enjeuId>.choice`, `<enjeuId>.comment`), coded; `locale`
 * is the language of the ValidationErrors' `errors` (channels word them with errorText).
 */
/**
 * The refusal of an avis that is not on the round's enjeux, in validateAvis's words, for when
 * the vote's SQL finds it (validateAvis normally refuses it before).
 */
export function enjeuNotInRound(locale: Locale = 'fr'): ValidationErrors {
  return new ValidationErrors(
    [new DomainError('AVIS_ENJEU_NOT_IN_ROUND', undefined, 'choice')],
    locale,
  );
}

/**
 * The avis form as filled in, before anything is checked against the round: a comment needs a
 * choice (AVIS_CHOICE_MISSING under the enjeu's choice), and a form with entries but no choice
 * at all says so (AVIS_NOTHING_CHOSEN under the first). Every channel's form (Slack's modal, the
 * Teams card and tab, the web ballot) meets this one rule, through validateAvis.
 */
export function avisFormProblems(inputs: AvisInput[]): DomainError[] {
  const hasChoice = (i: AvisInput) => typeof i.choice === 'string' && i.choice !== '';
  const problems: DomainError[] = inputs
    .filter((i) => !hasChoice(i) && !!i.comment?.trim())
    .map((i) => new DomainError('AVIS_CHOICE_MISSING', undefined, `${i.enjeuId}.choice`));
  const first = inputs[0];
  if (problems.length === 0 && first && !inputs.some(hasChoice)) {
    problems.push(new DomainError('AVIS_NOTHING_CHOSEN', undefined, `${first.enjeuId}.choice`));
  }
  return problems;
}

export function validateAvis(
  given: AvisInput[],
  enjeuTitles: Map<string, string>,
  locale: Locale = 'fr',
): ValidAvis[] {
  if (given.length === 0) throw new DomainError('AVIS_EMPTY');
  const problems = avisFormProblems(given);
  if (problems.length > 0) throw new ValidationErrors(problems, locale);
  // An enjeu left blank (no choice, no comment) is not an avis.
  const inputs = given.filter(
    (i) => (typeof i.choice === 'string' && i.choice !== '') || i.comment?.trim(),
  );
  const errors: DomainError[] = [];
  const valid: ValidAvis[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const title = enjeuTitles.get(input.enjeuId);
    if (title === undefined) {
      errors.push(new DomainError('AVIS_ENJEU_NOT_IN_ROUND', undefined, `${input.enjeuId}.choice`));
      continue;
    }
    if (seen.has(input.enjeuId)) {
      errors.push(new DomainError('AVIS_ENJEU_TWICE', { title }, `${input.enjeuId}.choice`));
      continue;
    }
    seen.add(input.enjeuId);
    const comment = input.comment?.trim() ? input.comment.trim() : null;
    if (!isAvisChoice(input.choice)) {
      errors.push(new DomainError('AVIS_CHOICE_UNKNOWN', { title }, `${input.enjeuId}.choice`));
      continue;
    }
    if (CHOICES_REQUIRING_REASON.includes(input.choice) && !comment) {
      errors.push(
        new DomainError(
          input.choice === 'defavorable' ? 'AVIS_REASON_MISSING' : 'AVIS_RESERVATIONS_MISSING',
          { title },
          `${input.enjeuId}.comment`,
        ),
      );
      continue;
    }
    if (comment && hasInvalidCharacters(comment)) {
      errors.push(
        new DomainError('COMMENT_INVALID_CHARACTERS', { title }, `${input.enjeuId}.comment`),
      );
      continue;
    }
    if (comment && [...comment].length > MAX_COMMENT_LENGTH) {
      errors.push(
        new DomainError(
          'AVIS_COMMENT_TOO_LONG',
          { title, length: [...comment].length },
          `${input.enjeuId}.comment`,
        ),
      );
      continue;
    }
    valid.push({ enjeuId: input.enjeuId, choice: input.choice, comment });
  }
  if (errors.length > 0) throw new ValidationErrors(errors, locale);
  return valid;
}

/** How an avis reached Concerto, as a pilot reads it (exports, the console's matrix). */
export const AVIS_CHANNEL_LABELS: Record<AvisChannel, string> = {
  slack: 'Slack',
  teams: 'Teams',
  tab: 'onglet Teams',
  cli: 'saisie Caf',
  web: 'page de vote (lien par courriel)',
  proxy: 'courrier ou mail, saisi par la Caf',
  implicit: 'absence de réponse (vaut avis favorable)',
};
