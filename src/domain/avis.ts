import { DomainError, ValidationErrors } from './errors';
import { AVIS_CHOICES, MAX_COMMENT_LENGTH, type AvisChoice, type Locale } from './types';

export const AVIS_LABELS: Record<AvisChoice, Record<Locale, string>> = {
  favorable: { fr: 'Favorable', en: 'In favour' },
  favorable_avec_reserves: { fr: 'Favorable avec réserves', en: 'In favour with reservations' },
  defavorable: { fr: 'Défavorable', en: 'Against' },
  abstention: { fr: 'Abstention', en: 'Abstention' },
};

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
export function validateAvis(inputs: AvisInput[], enjeuTitles: Map<string, string>): ValidAvis[] {
  if (inputs.length === 0) {
    throw new DomainError(
      'AVIS_EMPTY',
      'Aucun avis à enregistrer : choisissez un avis pour au moins un enjeu.',
    );
  }
  const errors: { field: string; message: string }[] = [];
  const valid: ValidAvis[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const title = enjeuTitles.get(input.enjeuId);
    if (title === undefined) {
      errors.push({
        field: `${input.enjeuId}.choice`,
        message: 'Cet enjeu ne fait pas partie de la consultation.',
      });
      continue;
    }
    if (seen.has(input.enjeuId)) {
      errors.push({
        field: `${input.enjeuId}.choice`,
        message: `L'enjeu « ${title} » figure deux fois.`,
      });
      continue;
    }
    seen.add(input.enjeuId);
    const comment = input.comment?.trim() ? input.comment.trim() : null;
    if (!isAvisChoice(input.choice)) {
      errors.push({
        field: `${input.enjeuId}.choice`,
        message: `Enjeu « ${title} » : choisissez favorable, favorable avec réserves, défavorable ou abstention.`,
      });
      continue;
    }
    if (CHOICES_REQUIRING_REASON.includes(input.choice) && !comment) {
      errors.push({
        field: `${input.enjeuId}.comment`,
        message:
          input.choice === 'defavorable'
            ? `Enjeu « ${title} » : un avis défavorable doit être motivé. Indiquez la raison en commentaire.`
            : `Enjeu « ${title} » : précisez vos réserves en commentaire.`,
      });
      continue;
    }
    if (comment && [...comment].length > MAX_COMMENT_LENGTH) {
      errors.push({
        field: `${input.enjeuId}.comment`,
        message: `Enjeu « ${title} » : le commentaire fait ${[...comment].length} caractères, ${MAX_COMMENT_LENGTH} au plus.`,
      });
      continue;
    }
    valid.push({ enjeuId: input.enjeuId, choice: input.choice, comment });
  }
  if (errors.length > 0) throw new ValidationErrors(errors);
  return valid;
}
