import { DomainError } from '../../domain/errors';
import { assertTransition } from '../../domain/round';
import { surveyReminderMessage, surveyResultsMessage } from '../../domain/survey-messages';
import type { Tx } from '../../store/db';
import {
  participantsWithEmail,
  seenParticipants,
} from '../../store/repositories/participant-emails';
import { audit } from '../audit';
import {
  createDeliveries,
  destinationsOf,
  invitationDeliveries,
  type NewDelivery,
  toInvitedOrganisations,
  cancelPlannedReminders,
} from '../deliveries';
import type { Actor, AppDeps } from '../deps';
import { finishDueReminder, takeDueReminder, type DueReminder } from '../due-reminder';
import { invitationUpdates } from '../progress-message';
import { lockSurveyContext, surveyHeader, type SurveyContext } from './survey-context';
import { heatmapChartLink } from './survey-charts';
import { invitedOrganisationStates, surveyParticipation, surveyResultsOf } from './survey-results';

/**
 * A survey's life after its launch, on the same machinery as a consultation: reminders to the
 * organisations that have not finished (in their invitation's thread), a new deadline, the close
 * with its results, a cancellation. The consultation's use cases (remind-round.ts,
 * close-round.ts, change-deadline.ts) send a survey here.
 */

/** Where each response of a round stands (surveyParticipation: no contribution read). */
type Responses = Awaited<ReturnType<typeof surveyParticipation>>['responses'];

/**
 * Each participant of a per-person round who left an address (never in an anonymous round) and
 * has not finished, with their state and their e-mail destination; and how many participants
 * who opened their grid without finishing it left none.
 */
async function unfinishedParticipants(tx: Tx, round: SurveyContext, responses: Responses) {
  if (round.answerMode !== 'person' || round.anonymous) return { reachable: [], withoutAddress: 0 };
  const byParticipant = new Map(
    responses.flatMap((r) => (r.participantId ? [[r.participantId, r.state] as const] : [])),
  );
  const stateOf = (participantId: string) =>
    byParticipant.get(participantId) ?? ('not_started' as const);
  const reachable = (await participantsWithEmail(tx, round.tenantId, round.id))
    .map((p) => ({ ...p, state: stateOf(p.participantId) }))
    .filter((p) => p.state !== 'finished');
  const withoutAddress = (await seenParticipants(tx, round.id)).filter(
    (p) => !p.email && stateOf(p.id) !== 'finished',
  ).length;
  return { reachable, withoutAddress };
}

/**
 * « relancer » and the planned reminders of a survey: each invited organisation that has not
 * finished, in its invitation's thread; in a per-person round, each participant who left an
 * address and has not finished, by e-mail with their resume link (the e-mail notifier adds it at
 * send time: `avis.open` → app/survey/participant-email.ts `participantResumeUrlFor`). The
 * dedupe key `round:<id>:reminder:<step>:<destination>` sends a step once per destination.
 */
export async function remindSurvey(
  deps: AppDeps,
  o: { tenantId: string; roundId: string; step: string; actor: Actor; reminder?: DueReminder },
) {
  const now = deps.now();
  const result = await deps.db.$transaction(async (tx) => {
    const round = await lockSurveyContext(tx, o.tenantId, o.roundId);
    await takeDueReminder(tx, o.reminder);
    if (round.status !== 'open') {
      throw new DomainError('ROUND_NOT_OPEN_FOR_REMINDER', { number: round.number, survey: true });
    }
    if (round.deadline.getTime() <= now.getTime()) {
      throw new DomainError('ROUND_PAST_DEADLINE', { number: round.number, survey: true });
    }
    const { responses } = await surveyParticipation(tx, round);
    const unfinished = invitedOrganisationStates(round, responses)
      .filter((s) => s.state !== 'finished')
      .sort((a, b) => a.code.localeCompare(b.code));
    const destinations = await destinationsOf(
      tx,
      round.tenantId,
      unfinished.map((s) => s.id),
    );
    const threads = await invitationDeliveries(tx, round.id);
    const header = surveyHeader(round);
    const items: NewDelivery[] = [];
    const reminded: string[] = [];
    for (const org of unfinished) {
      const payload = surveyReminderMessage({ survey: header, state: org.state, locale: 'fr' });
      const list = destinations.get(org.id) ?? [];
      if (list.length > 0) reminded.push(org.code);
      for (const d of list)
        items.push({
          destinationId: d.id,
          dedupeKey: `round:${round.id}:reminder:${o.step}:${d.id}`,
          kind: 'round.reminder',
          payload,
          threadDeliveryId: threads.get(d.id) ?? null,
        });
    }
    const people = await unfinishedParticipants(tx, round, responses);
    for (const p of people.reachable)
      items.push({
        destinationId: p.destinationId,
        dedupeKey: `round:${round.id}:reminder:${o.step}:${p.destinationId}`,
        kind: 'round.reminder',
        payload: surveyReminderMessage({
          survey: header,
          state: p.state,
          locale: 'fr',
          participant: true,
        }),
      });
    const deliveryIds = await createDeliveries(tx, round.tenantId, items);
    const participants =
      round.answerMode === 'person'
        ? {
            reminded: people.reachable.length,
            withoutAddress: people.withoutAddress,
          }
        : undefined;
    await audit(tx, {
      tenantId: round.tenantId,
      actor: o.actor,
      action: 'round.reminded',
      subjectType: 'round',
      subjectId: round.id,
      data: {
        step: o.step,
        organisations: reminded,
        ...(participants ? { participants: participants.reminded } : {}),
        deliveries: deliveryIds.length,
      },
    });
    await finishDueReminder(tx, o.reminder, 'sent', now);
    return {
      round,
      reminded,
      notReachable: unfinished.filter((u) => !reminded.includes(u.code)),
      ...(participants ? { participants } : {}),
      deliveryIds,
    };
  });
  await deps.outbox.deliveriesCreated(result.deliveryIds);
  return result;
}

export async function closeSurvey(
  deps: AppDeps,
  o: { tenantId: string; roundId: string; actor: Actor; reminder?: DueReminder },
) {
  const now = deps.now();
  const result = await deps.db.$transaction(async (tx) => {
    const round = await lockSurveyContext(tx, o.tenantId, o.roundId);
    await takeDueReminder(tx, o.reminder);
    const figures = await surveyResultsOf(tx, round);
    if (round.status === 'closed') {
      await finishDueReminder(tx, o.reminder, 'sent', now);
      return {
        round,
        alreadyClosed: true,
        deliveryIds: [] as string[],
        cancelledReminders: [] as string[],
        figures,
      };
    }
    assertTransition(round.status, 'closed', { survey: true });
    await tx.round.update({ where: { id: round.id }, data: { status: 'closed', closedAt: now } });
    const cancelledReminders = await cancelPlannedReminders(tx, round.id, { keepClose: true });
    const heatmap = heatmapChartLink(deps, round);
    const payload = surveyResultsMessage({
      survey: surveyHeader(round),
      locale: 'fr',
      participation: figures.participation,
      levels: figures.levels,
      scale: round.grid_.rating?.labels.length ?? 0,
      ...(heatmap ? { heatmap } : {}),
    });
    const items = await toInvitedOrganisations(tx, round, {
      step: 'results',
      kind: 'round.results',
      payload,
      pilotPayload: payload,
    });
    items.push(...(await invitationUpdates(tx, round, 'closed')));
    const deliveryIds = await createDeliveries(tx, round.tenantId, items);
    await audit(tx, {
      tenantId: round.tenantId,
      actor: o.actor,
      action: 'round.closed',
      subjectType: 'round',
      subjectId: round.id,
      data: { number: round.number, ...figures.participation },
    });
    await finishDueReminder(tx, o.reminder, 'sent', now);
    return {
      round,
      alreadyClosed: false,
      deliveryIds,
      cancelledReminders,
      figures,
    };
  });
  await deps.outbox.remindersCancelled(result.cancelledReminders);
  await deps.outbox.deliveriesCreated(result.deliveryIds);
  return result;
}
