import { typedKey } from './text';
import { CHOICES_REQUIRING_REASON } from './avis';
import { DomainError } from './errors';
import type { AvisChoice, Locale, RoundStatus } from './types';

/**
 * The follow-up of avis (« prise en compte des avis », issue [10] item 1): for each réserve,
 * défavorable or comment of a closed round, what the Caf did with it — retained, partly
 * retained, not retained, not applicable — why, and possibly the enjeu of a later version of the
 * same schéma that carries the answer. Pure rules: which avis need one, the responses and their
 * words, the checks of a recording.
 */
export const FOLLOWUP_RESPONSES = [
  'retenue',
  'partiellement_retenue',
  'non_retenue',
  'sans_objet',
] as const;
export type FollowupResponse = (typeof FOLLOWUP_RESPONSES)[number];

export const FOLLOWUP_LABELS: Record<FollowupResponse, Record<Locale, string>> = {
  retenue: { fr: 'Retenue', en: 'Retained' },
  partiellement_retenue: { fr: 'Partiellement retenue', en: 'Partly retained' },
  non_retenue: { fr: 'Non retenue', en: 'Not retained' },
  sans_objet: { fr: 'Sans objet', en: 'Not applicable' },
};

/** Justification limit (characters); the table's CHECK says the same. */
export const MAX_JUSTIFICATION_LENGTH = 2000;

export function isFollowupResponse(v: unknown): v is FollowupResponse {
  return typeof v === 'string' && (FOLLOWUP_RESPONSES as readonly string[]).includes(v);
}

/** Accepts the stored spelling and the French words (« partielle », « non retenue », « sans objet »). */
export function parseFollowupResponse(raw: string): FollowupResponse {
  const v = typedKey(raw);
  if (isFollowupResponse(v)) return v;
  const aliases: Record<string, FollowupResponse> = {
    retenu: 'retenue',
    partielle: 'partiellement_retenue',
    partiel: 'partiellement_retenue',
    partiellement: 'partiellement_retenue',
    partiellement_retenu: 'partiellement_retenue',
    non_retenu: 'non_retenue',
    non: 'non_retenue',
    sans: 'sans_objet',
  };
  const found = aliases[v];
  if (!found)
    throw new DomainError('FOLLOWUP_RESPONSE_UNKNOWN', { input: raw.slice(0, 60) }, 'reponse');
  return found;
}

/** An avis needs a follow-up when it states reservations, is unfavourable, or carries a comment. */
export function needsFollowup(a: { choice: AvisChoice; comment: string | null }): boolean {
  return CHOICES_REQUIRING_REASON.includes(a.choice) || !!a.comment?.trim();
}

/** Only a closed round's avis are followed up (they no longer change). */
export function assertCanFollowUp(round: { number: number; status: RoundStatus }): void {
  if (round.status !== 'closed')
    throw new DomainError('FOLLOWUP_ROUND_NOT_CLOSED', {
      number: round.number,
      status: round.status,
    });
}

/** The justification, trimmed: required, at most MAX_JUSTIFICATION_LENGTH characters. */
export function validateJustification(raw: string): string {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (!text) throw new DomainError('FOLLOWUP_JUSTIFICATION_MISSING', undefined, 'justification');
  const length = [...text].length;
  if (length > MAX_JUSTIFICATION_LENGTH)
    throw new DomainError(
      'FOLLOWUP_JUSTIFICATION_TOO_LONG',
      { length, max: MAX_JUSTIFICATION_LENGTH },
      'justification',
    );
  return text;
}

/**
 * « 3 » (enjeu 3 of the first later version) or « 2.3 » (enjeu 3 of version 2): where a pilot
 * points an avis to a later version; null when it is neither.
 */
export function parseNextEnjeuRef(raw: string): { version?: number; position: number } | null {
  const m = /^\s*(?:v?(\d{1,6})\.)?(\d{1,6})\s*$/i.exec(raw);
  if (!m) return null;
  return {
    ...(m[1] !== undefined ? { version: Number(m[1]) } : {}),
    position: Number(m[2]),
  };
}
