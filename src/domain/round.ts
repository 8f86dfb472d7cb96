import { ROUND_STATUS_EN } from './catalogue/en';
import { ROUND_STATUS_FR } from './catalogue/fr';
import { DomainError } from './errors';
import type { Locale, RoundStatus } from './types';

/** draft → open → closed, and draft or open → cancelled. Nothing leaves closed or cancelled. */
const TRANSITIONS: Record<RoundStatus, RoundStatus[]> = {
  draft: ['open', 'cancelled'],
  open: ['closed', 'cancelled'],
  closed: [],
  cancelled: [],
};

/** A round's state in French words (the catalogue's). */
export const ROUND_STATUS_LABELS: Record<RoundStatus, string> = ROUND_STATUS_FR;

/** A round's state in the words of a language (the catalogue's, as the status messages say it). */
export function roundStatusLabel(status: RoundStatus, locale: Locale): string {
  return (locale === 'en' ? ROUND_STATUS_EN : ROUND_STATUS_FR)[status];
}

export function assertTransition(
  from: RoundStatus,
  to: RoundStatus,
  o: { survey?: boolean } = {},
): void {
  if (!TRANSITIONS[from].includes(to)) {
    throw new DomainError('ROUND_BAD_TRANSITION', {
      from,
      to,
      ...(o.survey ? { survey: true } : {}),
    });
  }
}

export interface OpenCheck {
  status: RoundStatus;
  enjeuxCount: number;
  invitedCount: number;
  deadline: Date;
  now: Date;
}

/** A round opens only with at least one enjeu, one invited organisation and a future deadline. */
export function assertCanOpen(round: OpenCheck): void {
  assertTransition(round.status, 'open');
  if (round.enjeuxCount < 1) {
    throw new DomainError('ROUND_NO_ENJEU');
  }
  if (round.invitedCount < 1) {
    throw new DomainError('ROUND_NO_INVITATION');
  }
  if (round.deadline.getTime() <= round.now.getTime()) {
    throw new DomainError('ROUND_DEADLINE_PAST', {}, 'deadline');
  }
}

/** A deadline set or moved must be in the future. */
/** A deadline falls within this many days from now (a typo such as +100000j is refused). */
export const MAX_DEADLINE_DAYS = 365;

export function assertDeadlineInFuture(deadline: Date, now: Date): void {
  if (Number.isNaN(deadline.getTime())) {
    throw new DomainError('DEADLINE_INVALID', {}, 'deadline');
  }
  if (deadline.getTime() <= now.getTime()) {
    throw new DomainError('ROUND_DEADLINE_PAST', { launch: false }, 'deadline');
  }
  if (deadline.getTime() > now.getTime() + MAX_DEADLINE_DAYS * 86_400_000) {
    throw new DomainError('DEADLINE_TOO_FAR', { maxDays: MAX_DEADLINE_DAYS }, 'deadline');
  }
}

export interface CastCheck {
  status: RoundStatus;
  deadline: Date;
  now: Date;
  /** The organisation the avis is for is invited to the round. */
  organisationInvited: boolean;
  /** The member casting belongs to that organisation (a pilot recording by proxy counts). */
  actorMayCast: boolean;
}

/**
 * Only a member of an invited organisation casts its avis, and only while the round is open
 * and before its deadline; it can be changed as often as wanted until then.
 */
export function assertCanCast(c: CastCheck): void {
  if (!c.organisationInvited) {
    throw new DomainError('AVIS_NOT_INVITED');
  }
  if (!c.actorMayCast) {
    throw new DomainError('AVIS_NOT_MEMBER', { organisation: true });
  }
  if (c.status === 'draft') {
    throw new DomainError('ROUND_NOT_OPEN', { status: c.status });
  }
  if (c.status !== 'open') {
    throw new DomainError('ROUND_NOT_OPEN', { status: c.status });
  }
  if (c.now.getTime() >= c.deadline.getTime()) {
    throw new DomainError('ROUND_DEADLINE_PASSED');
  }
}
