import { DomainError, ValidationErrors } from './errors';
import { AVIS_CHOICES, MAX_COMMENT_LENGTH, type AvisChoice, type Locale } from './types';
import { hasInvalidCharacters, INVALID_CHARACTERS_MESSAGE } from './text';

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

/** What the avis forms of every platform say when a submission is incomplete. */
export const AVIS_FORM_MESSAGES: Record<Locale, { choiceMissing: string; nothingChosen: string }> =
  {
    fr: {
      choiceMissing: 'Choisissez un avis pour cet enjeu, ou effacez le commentaire.',
      nothingChosen: 'Choisissez un avis pour au moins un enjeu.',
    },
    en: {
      choiceMissing: 'Choose an avis for this enjeu, or clear the comment.',
      nothingChosen: 'Choose an avis for at least one enjeu.',
    },
  };

/** validateAvis's refusals, French first. */
const VALIDATION_MESSAGES = {
  fr: {
    empty: 'Aucun avis à enregistrer : choisissez un avis pour au moins un enjeu.',
    notInRound: 'Cet enjeu ne fait pas partie de la consultation.',
    twice: (title: string) => `L'enjeu « ${title} » figure deux fois.`,
    badChoice: (title: string) =>
      `Enjeu « ${title} » : choisissez favorable, favorable avec réserves, défavorable ou abstention.`,
    reasonMissing: (title: string) =>
      `Enjeu « ${title} » : un avis défavorable doit être motivé. Indiquez la raison en commentaire.`,
    reservationsMissing: (title: string) =>
      `Enjeu « ${title} » : précisez vos réserves en commentaire.`,
    tooLong: (title: string, length: number) =>
      `Enjeu « ${title} » : le commentaire fait ${length} caractères, ${MAX_COMMENT_LENGTH} au plus.`,
    invalidCharacters: (title: string) => `Enjeu « ${title} » : ${INVALID_CHARACTERS_MESSAGE.fr}`,
  },
  en: {
    empty: 'Nothing to record: choose an avis for at least one enjeu.',
    notInRound: 'This enjeu is not part of the consultation.',
    twice: (title: string) => `The enjeu "${title}" appears twice.`,
    badChoice: (title: string) =>
      `Enjeu "${title}": choose favourable, favourable with reservations, unfavourable or abstention.`,
    reasonMissing: (title: string) =>
      `Enjeu "${title}": an unfavourable avis must give its reason. Write it in the comment.`,
    reservationsMissing: (title: string) =>
      `Enjeu "${title}": state your reservations in the comment.`,
    tooLong: (title: string, length: number) =>
      `Enjeu "${title}": the comment has ${length} characters, ${MAX_COMMENT_LENGTH} at most.`,
    invalidCharacters: (title: string) => `Enjeu "${title}": ${INVALID_CHARACTERS_MESSAGE.en}`,
  },
} satisfies Record<Locale, unknown>;

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
  const v = raw
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
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
 * each under the field of its enjeu (`<enjeuId>.choice`, `<enjeuId>.comment`).
 */
/**
 * The refusal of an avis that is not on the round's enjeux, in validateAvis's words, for when
 * the vote's SQL finds it (validateAvis normally refuses it before).
 */
export function enjeuNotInRound(locale: Locale = 'fr'): ValidationErrors {
  return new ValidationErrors([
    { field: 'choice', message: VALIDATION_MESSAGES[locale].notInRound },
  ]);
}

export function validateAvis(
  inputs: AvisInput[],
  enjeuTitles: Map<string, string>,
  locale: Locale = 'fr',
): ValidAvis[] {
  const t = VALIDATION_MESSAGES[locale];
  if (inputs.length === 0) throw new DomainError('AVIS_EMPTY', t.empty);
  const errors: { field: string; message: string }[] = [];
  const valid: ValidAvis[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const title = enjeuTitles.get(input.enjeuId);
    if (title === undefined) {
      errors.push({ field: `${input.enjeuId}.choice`, message: t.notInRound });
      continue;
    }
    if (seen.has(input.enjeuId)) {
      errors.push({ field: `${input.enjeuId}.choice`, message: t.twice(title) });
      continue;
    }
    seen.add(input.enjeuId);
    const comment = input.comment?.trim() ? input.comment.trim() : null;
    if (!isAvisChoice(input.choice)) {
      errors.push({ field: `${input.enjeuId}.choice`, message: t.badChoice(title) });
      continue;
    }
    if (CHOICES_REQUIRING_REASON.includes(input.choice) && !comment) {
      errors.push({
        field: `${input.enjeuId}.comment`,
        message:
          input.choice === 'defavorable' ? t.reasonMissing(title) : t.reservationsMissing(title),
      });
      continue;
    }
    if (comment && hasInvalidCharacters(comment)) {
      errors.push({
        field: `${input.enjeuId}.comment`,
        message: t.invalidCharacters(title),
      });
      continue;
    }
    if (comment && [...comment].length > MAX_COMMENT_LENGTH) {
      errors.push({
        field: `${input.enjeuId}.comment`,
        message: t.tooLong(title, [...comment].length),
      });
      continue;
    }
    valid.push({ enjeuId: input.enjeuId, choice: input.choice, comment });
  }
  if (errors.length > 0) throw new ValidationErrors(errors);
  return valid;
}
