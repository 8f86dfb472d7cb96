import { randomInt } from 'node:crypto';
import { DomainError } from './errors';
import { castsOrganisationAvis } from './roles';
import type { RoundStatus } from './types';

/**
 * The rules of a survey round (an evaluation grid, issue [11]): who may answer, until when, and
 * the participants' codes of a per-person survey. A consultation's rules are in round.ts.
 */

export type SurveyAnswerMode = 'organisation' | 'person';

/** The most codes printed at once (a journée départementale has a few hundred participants). */
export const MAX_PARTICIPANT_CODES = 500;
export const MAX_PARTICIPANT_NAME = 100;
export const MAX_TABLE_LABEL = 60;

/**
 * Codes are typed from a paper slip: 8 characters from an alphabet without the look-alikes
 * (0/O, 1/I/L, 5/S, 2/Z, 8/B) — 26^8 ≈ 2·10^11 codes, guesses throttled per address.
 */
export const PARTICIPANT_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
export const PARTICIPANT_CODE_LENGTH = 8;

export function newParticipantCode(): string {
  let code = '';
  for (let i = 0; i < PARTICIPANT_CODE_LENGTH; i++) {
    code += PARTICIPANT_CODE_ALPHABET[randomInt(PARTICIPANT_CODE_ALPHABET.length)];
  }
  return code;
}

/** A code as typed (« acd3-efgh », spaces, lower case) in its stored form, or null if it cannot be one. */
export function normaliseParticipantCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== PARTICIPANT_CODE_LENGTH) return null;
  for (const ch of code) if (!PARTICIPANT_CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** A code as printed: two groups of four (« ACD3-EFGH »). */
export function printedParticipantCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The event's public link key: 12 characters, not guessable. */
export function newEventCode(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  let code = '';
  for (let i = 0; i < 12; i++) code += alphabet[randomInt(alphabet.length)];
  return code;
}

export interface SurveyAnswerCheck {
  number: number;
  status: RoundStatus;
  deadline: Date;
  now: Date;
}

/** A survey takes contributions while it is open and before its deadline. */
export function assertSurveyTakesAnswers(c: SurveyAnswerCheck): void {
  if (c.status !== 'open') {
    throw new DomainError('SURVEY_NOT_OPEN', { number: c.number, status: c.status });
  }
  if (c.now.getTime() >= c.deadline.getTime()) {
    throw new DomainError('SURVEY_NOT_OPEN', { number: c.number, status: 'past' });
  }
}

/**
 * In a survey answered per organisation, a partner member of an invited organisation fills in
 * its grid — the same people who give a consultation's avis (roles.ts `castsOrganisationAvis`).
 */
export function assertMayAnswerForOrganisation(c: {
  number: number;
  organisationInvited: boolean;
  memberOfOrganisation: boolean;
  role: string;
}): void {
  if (!c.memberOfOrganisation) {
    throw new DomainError('SURVEY_NOT_ALLOWED', { number: c.number, reason: 'not_member' });
  }
  if (!c.organisationInvited) {
    throw new DomainError('SURVEY_NOT_ALLOWED', { number: c.number, reason: 'not_invited' });
  }
  if (!castsOrganisationAvis(c.role)) {
    throw new DomainError('SURVEY_NOT_ALLOWED', { number: c.number, reason: 'observer' });
  }
}

/** Where an answer stands: nothing yet, a draft (saved, not finished), or finished. */
export type SurveyAnswerState = 'not_started' | 'draft' | 'finished';

export function surveyAnswerState(o: {
  /** Cells with something in them (0 when there is no answer yet). */
  filled: number;
  finishedAt: Date | null;
}): SurveyAnswerState {
  if (o.finishedAt) return 'finished';
  return o.filled > 0 ? 'draft' : 'not_started';
}
