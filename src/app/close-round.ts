import { implicitFavorables, type RoundTally } from '../domain/tally';
import { resultsMessage, roundClosedText, silenceCount } from '../domain/round-messages';
import type { Locale } from '../domain/types';
import { assertTransition } from '../domain/round';
import { audit } from './audit';
import {
  createDeliveries,
  type NewDelivery,
  toInvitedOrganisations,
  cancelPlannedReminders,
} from './deliveries';
import type { Actor, AppDeps } from './deps';
import { finishDueReminder, takeDueReminder, type DueReminder } from './due-reminder';
import { resultsChartLinks } from './enjeu-chart';
import { lockRoundContext } from './lookup';
import { roundKindOf } from './survey/survey-context';
import { closeSurvey } from './survey/survey-lifecycle';
import { cancellationOf, lockAnnouncedRound } from './round-announcements';
import { invitationUpdates } from './progress-message';
import { invitedOrganisations, roundHeader, roundTally } from './round-view';

/**
 * Closes an open round (at its deadline, or earlier by a pilot): applies « silence vaut avis
 * favorable » when the round says so, cancels what is left of its reminders, and sends the
 * results to the pilots and to every invited organisation, in the thread of its invitation.
 * Closing a round that is already closed changes nothing (the scheduler may run twice).
 */
export async function closeRound(
  deps: AppDeps,
  o: {
    tenantId: string;
    roundId: string;
    actor: Actor;
    /** The planned close this run carries out (the scheduler): marked sent in the same commit. */
    reminder?: DueReminder;
  },
) {
  if ((await roundKindOf(deps.db, o.tenantId, o.roundId)) === 'survey') return closeSurvey(deps, o);
  const now = deps.now();
  const result = await deps.db.$transaction(async (tx) => {
    const round = await lockRoundContext(tx, o.tenantId, o.roundId);
    await takeDueReminder(tx, o.reminder);
    if (round.status === 'closed') {
      await finishDueReminder(tx, o.reminder, 'sent', now);
      return {
        round,
        alreadyClosed: true,
        implicit: 0,
        deliveryIds: [] as string[],
        cancelledReminders: [] as string[],
        tally: await roundTally(tx, round),
      };
    }
    assertTransition(round.status, 'closed');
    let implicit = 0;
    if (round.silenceMeansFavorable) {
      const existing = await tx.avis.findMany({
        where: { roundId: round.id },
        select: { enjeuId: true, organisationId: true },
      });
      const missing = implicitFavorables({
        enjeux: round.draftVersion.enjeux,
        invited: invitedOrganisations(round),
        avis: existing,
      });
      for (const m of missing) {
        const avis = await tx.avis.create({
          data: {
            tenantId: round.tenantId,
            roundId: round.id,
            enjeuId: m.enjeuId,
            organisationId: m.organisationId,
            choice: 'favorable',
            channel: 'implicit',
            castByLabel: 'absence de réponse (vaut avis favorable)',
            castAt: now,
          },
        });
        await tx.avisHistory.create({
          data: {
            tenantId: round.tenantId,
            avisId: avis.id,
            revision: 1,
            choice: 'favorable',
            channel: 'implicit',
            castByLabel: avis.castByLabel,
            castAt: now,
          },
        });
      }
      implicit = missing.length;
    }
    await tx.round.update({ where: { id: round.id }, data: { status: 'closed', closedAt: now } });
    const cancelledReminders = await cancelPlannedReminders(tx, round.id, { keepClose: true });
    const tally = await roundTally(tx, round);
    // Partners see the counts; the pilots also see who did not answer (domain/roles.ts).
    const chart = resultsChartLinks(deps, round, 'fr');
    const payload = resultsMessage({
      round: roundHeader(round),
      tally,
      locale: 'fr',
      ...(chart ? { chart } : {}),
    });
    const pilotPayload = resultsMessage({
      round: roundHeader(round),
      tally,
      locale: 'fr',
      showMissing: true,
      ...(chart ? { chart } : {}),
    });
    const items = await toInvitedOrganisations(tx, round, {
      step: 'results',
      kind: 'round.results',
      payload,
      pilotPayload,
    });
    // Each invitation is updated in place: no « Donner notre avis » on a closed round.
    items.push(...(await invitationUpdates(tx, round, 'closed')));
    const deliveryIds = await createDeliveries(tx, round.tenantId, items);
    await audit(tx, {
      tenantId: round.tenantId,
      actor: o.actor,
      action: 'round.closed',
      subjectType: 'round',
      subjectId: round.id,
      data: {
        number: round.number,
        implicit,
        complete: tally.complete,
        bySilence: tally.bySilence.length,
        invited: tally.invited,
      },
    });
    await finishDueReminder(tx, o.reminder, 'sent', now);
    return {
      round,
      alreadyClosed: false,
      implicit,
      deliveryIds,
      cancelledReminders,
      tally,
    };
  });
  await deps.outbox.remindersCancelled(result.cancelledReminders);
  await deps.outbox.deliveriesCreated(result.deliveryIds);
  return result;
}

/**
 * Cancels a round in preparation or open; its reminders are cancelled. An open round's
 * cancellation is announced to every invited organisation, in the thread of its invitation, and
 * to the pilots (a round in preparation was never sent: nothing to announce).
 */
export async function cancelRound(
  deps: AppDeps,
  o: { tenantId: string; roundId: string; actor: Actor },
) {
  const result = await deps.db.$transaction(async (tx) => {
    const round = await lockAnnouncedRound(tx, o.tenantId, o.roundId);
    assertTransition(round.status, 'cancelled', { survey: round.kind === 'survey' });
    const items: NewDelivery[] = [];
    if (round.status === 'open') {
      const payload = cancellationOf(round);
      items.push(
        ...(await toInvitedOrganisations(tx, round, {
          step: 'cancelled',
          kind: 'round.announcement',
          payload,
          pilotPayload: payload,
        })),
      );
      // Each invitation is updated in place: no « Donner notre avis » on a cancelled round.
      items.push(...(await invitationUpdates(tx, round, 'cancelled')));
    }
    await tx.round.update({
      where: { id: round.id },
      data: { status: 'cancelled', closedAt: deps.now() },
    });
    const cancelledReminders = await cancelPlannedReminders(tx, round.id, { keepClose: false });
    await audit(tx, {
      tenantId: round.tenantId,
      actor: o.actor,
      action: 'round.cancelled',
      subjectType: 'round',
      subjectId: round.id,
    });
    const deliveryIds = await createDeliveries(tx, round.tenantId, items);
    return { round, cancelledReminders, deliveryIds };
  });
  await deps.outbox.remindersCancelled(result.cancelledReminders);
  await deps.outbox.deliveriesCreated(result.deliveryIds);
  return result;
}

/** What a pilot reads after « clore » (domain/round-messages.ts roundClosedText), French by default. */
export function closeSummary(
  roundNumber: number,
  r:
    | {
        alreadyClosed: boolean;
        tally: { complete: number; invited: number } & Partial<
          Pick<RoundTally, 'bySilence' | 'partlyBySilence'>
        >;
      }
    | {
        alreadyClosed: boolean;
        figures: { participation: { invited: number | null; started: number; finished: number } };
      },
  locale: Locale = 'fr',
): string {
  if ('figures' in r)
    return roundClosedText(
      roundNumber,
      { survey: r.figures.participation, alreadyClosed: r.alreadyClosed },
      locale,
    );
  return roundClosedText(
    roundNumber,
    {
      alreadyClosed: r.alreadyClosed,
      complete: r.tally.complete,
      invited: r.tally.invited,
      silence: silenceCount({
        bySilence: r.tally.bySilence ?? [],
        partlyBySilence: r.tally.partlyBySilence ?? [],
      }),
    },
    locale,
  );
}
