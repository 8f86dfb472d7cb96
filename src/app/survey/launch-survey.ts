import { DomainError } from '../../domain/errors';
import { assertDeadlineInFuture, assertTransition } from '../../domain/round';
import { pastRoundReminders } from '../../domain/round-schedule';
import { surveyInvitationMessage } from '../../domain/survey-messages';
import { audit } from '../audit';
import { createDeliveries, destinationsOf, type NewDelivery } from '../deliveries';
import type { Actor, AppDeps } from '../deps';
import { planRoundRows } from '../launch-round';
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
    await tx.round.update({ where: { id: round.id }, data: { status: 'open', openedAt: now } });
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
    const deliveryIds = await createDeliveries(tx, round.tenantId, items);
    const reminderIds = await planRoundRows(tx, round, now);
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'round.launched',
      subjectType: 'round',
      subjectId: round.id,
      data: { number: round.number, deliveries: deliveryIds.length, reminders: reminderIds.length },
    });
    return {
      round: { ...round, status: 'open' as const, openedAt: now },
      deliveryIds,
      reminderIds,
      pastReminders: pastRoundReminders({
        deadline: round.deadline,
        schedule: round.reminderSchedule as string[],
        now,
        timezone: round.tenant.timezone,
      }),
    };
  });
  await deps.outbox.deliveriesCreated(result.deliveryIds);
  await deps.outbox.remindersPlanned(result.reminderIds);
  return result;
}
