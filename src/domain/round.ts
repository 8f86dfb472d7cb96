import { DomainError } from './errors';
import type { RoundStatus } from './types';

/** draft → open → closed, and draft or open → cancelled. Nothing leaves closed or cancelled. */
const TRANSITIONS: Record<RoundStatus, RoundStatus[]> = {
  draft: ['open', 'cancelled'],
  open: ['closed', 'cancelled'],
  closed: [],
  cancelled: [],
};

export const ROUND_STATUS_LABELS: Record<RoundStatus, string> = {
  draft: 'en préparation',
  open: 'ouverte',
  closed: 'close',
  cancelled: 'annulée',
};

export function assertTransition(from: RoundStatus, to: RoundStatus): void {
  if (!TRANSITIONS[from].includes(to)) {
    throw new DomainError(
      'ROUND_BAD_TRANSITION',
      `La consultation est ${ROUND_STATUS_LABELS[from]} : elle ne peut pas passer à l'état « ${ROUND_STATUS_LABELS[to]} ».`,
    );
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
    throw new DomainError(
      'ROUND_NO_ENJEU',
      'La consultation ne peut pas être lancée : le projet ne contient aucun enjeu.',
    );
  }
  if (round.invitedCount < 1) {
    throw new DomainError(
      'ROUND_NO_INVITATION',
      'La consultation ne peut pas être lancée : aucune organisation n’est invitée.',
    );
  }
  if (round.deadline.getTime() <= round.now.getTime()) {
    throw new DomainError(
      'ROUND_DEADLINE_PAST',
      'La consultation ne peut pas être lancée : sa date limite est déjà passée. Choisissez une date future.',
      'deadline',
    );
  }
}

/** A deadline set or moved must be in the future. */
export function assertDeadlineInFuture(deadline: Date, now: Date): void {
  if (Number.isNaN(deadline.getTime())) {
    throw new DomainError('DATE_INVALID', 'La date limite est invalide.', 'deadline');
  }
  if (deadline.getTime() <= now.getTime()) {
    throw new DomainError(
      'ROUND_DEADLINE_PAST',
      'La date limite doit être dans le futur.',
      'deadline',
    );
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
    throw new DomainError(
      'AVIS_NOT_INVITED',
      "Votre organisation n'est pas invitée à cette consultation.",
    );
  }
  if (!c.actorMayCast) {
    throw new DomainError(
      'AVIS_NOT_MEMBER',
      "Vous n'êtes pas membre de cette organisation : vous ne pouvez pas donner son avis.",
    );
  }
  if (c.status === 'draft') {
    throw new DomainError('ROUND_NOT_OPEN', "Cette consultation n'est pas encore ouverte.");
  }
  if (c.status !== 'open') {
    throw new DomainError(
      'ROUND_NOT_OPEN',
      `Cette consultation est ${ROUND_STATUS_LABELS[c.status]} : les avis ne sont plus modifiables.`,
    );
  }
  if (c.now.getTime() >= c.deadline.getTime()) {
    throw new DomainError(
      'ROUND_DEADLINE_PASSED',
      'La date limite de cette consultation est passée : votre avis n’a pas été enregistré.',
    );
  }
}
