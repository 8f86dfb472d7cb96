import { DomainError } from '../domain/errors';
import type { NeutralMessage } from '../domain/messages';
import { cancellationMessage, deadlineChangedMessage } from '../domain/round-messages';
import { surveyCancellationMessage, surveyDeadlineChangedMessage } from '../domain/survey-messages';
import type { Tx } from '../store/db';
import { lockRound } from '../store/repositories/rounds';
import { consultationOf } from './lookup';
import { roundHeader } from './round-view';
import { surveyHeader, surveyOf } from './survey/survey-context';

/**
 * What a cancellation and a new deadline need of a round of either kind (a consultation or a
 * survey): the round locked (state changes run one at a time), its invitations, its tenant, and
 * its subject — a draft version or a grid — for the announcement's words.
 */
export async function lockAnnouncedRound(tx: Tx, tenantId: string, roundId: string) {
  if (!(await lockRound(tx, tenantId, roundId))) throw new DomainError('ROUND_NOT_FOUND');
  const round = await tx.round.findFirst({
    where: { id: roundId, tenantId },
    include: {
      draftVersion: { include: { schema: true } },
      invitations: { select: { organisationId: true } },
      tenant: true,
    },
  });
  if (!round) throw new DomainError('ROUND_NOT_FOUND');
  return round;
}

type AnnouncedRound = Awaited<ReturnType<typeof lockAnnouncedRound>>;

/** « Consultation n° 3 annulée » or « Évaluation n° 4 annulée », as the round is. */
export function cancellationOf(round: AnnouncedRound): NeutralMessage {
  return round.kind === 'survey'
    ? surveyCancellationMessage({ survey: surveyHeader(surveyOf(round)), locale: 'fr' })
    : cancellationMessage({ round: roundHeader(consultationOf(round)), locale: 'fr' });
}

/** The new deadline announced, for either kind of round. */
export function deadlineChangeOf(round: AnnouncedRound, deadline: Date): NeutralMessage {
  return round.kind === 'survey'
    ? surveyDeadlineChangedMessage({
        survey: surveyHeader({ ...surveyOf(round), deadline }),
        locale: 'fr',
      })
    : deadlineChangedMessage({
        round: roundHeader({ ...consultationOf(round), deadline }),
        locale: 'fr',
      });
}
