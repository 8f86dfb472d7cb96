import { DomainError } from '../../domain/errors';
import { assertDeadlineInFuture, assertTransition } from '../../domain/round';
import { surveyInvitationMessage } from '../../domain/survey-messages';
import { destinationsOf, type NewDelivery } from '../deliveries';
import type { Actor, AppDeps } from '../deps';
import { handLaunchToQueue, openRound } from '../launch-round';
import { lockSurveyContext, surveyHeader } from './survey-context';

/**
 * Opens a survey: per organisation, one invitation per destination of every invited organisation
 * (Slack, Teams, e-mail: the same delivery queue as a consultation); per person, the event's
 * public link works from now on. Reminders and the automatic close are planned as rows.
 */
export async function launchSurvey(
  deps: AppDeps,
  o: { tenantId: string; roundId: string; actor: Actor },
) {
  const now = deps.now();
  const result = await deps.db.$transaction(async (tx) => {
    const round = await lockSurveyContext(tx, o.tenantId, o.roundId);
    assertTransition(round.status, 'open', { survey: true });
    assertDeadlineInFuture(round.deadline, now);
    if (round.answerMode === 'organisation' && round.invitations.length === 0) {
      throw new DomainError('ROUND_NO_INVITATION', { launch: true, survey: true });
    }
    const payload = surveyInvitationMessage({ survey: surveyHeader(round), locale: 'fr' });
    const destinations = await destinationsOf(
      tx,
      round.tenantId,
      round.invitations.map((i) => i.organisationId),
    );
    const items: NewDelivery[] = [];
    for (const list of destinations.values())
      for (const d of list)
        items.push({
          destinationId: d.id,
          dedupeKey: `round:${round.id}:invite:${d.id}`,
          kind: 'round.invitation',
          payload,
        });
    return openRound(tx, o, round, items, now);
  });
  await handLaunchToQueue(deps, result);
  return result;
}
