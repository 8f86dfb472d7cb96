import { PARTICIPANT_FR } from '../domain/catalogue/fr';
import { count } from '../domain/format';
import { DomainError } from '../domain/errors';
import { reminderMessage } from '../domain/round-messages';
import { audit } from './audit';
import {
  createDeliveries,
  destinationsOf,
  invitationDeliveries,
  type NewDelivery,
} from './deliveries';
import type { Actor, AppDeps } from './deps';
import { finishDueReminder, takeDueReminder, type DueReminder } from './due-reminder';
import { lockRoundContext } from './lookup';
import { roundKindOf } from './survey/survey-context';
import { remindSurvey } from './survey/survey-lifecycle';
import { enjeuSummaries, roundHeader, roundTally } from './round-view';

/**
 * Sends a reminder, in the thread of the invitation, to every invited organisation that has not
 * answered every enjeu. `step` names the reminder (a planned one, or `manual-<time>` for
 * « relancer »): the same step never goes twice to the same destination.
 *
 * It holds the round's lock, like the close: a reminder and the close never run at once, and a
 * reminder checks the round's state and deadline when it sends, not when it was planned — no
 * reminder (with its « Donner notre avis » button) after the deadline or after the close.
 */
export async function remindRound(
  deps: AppDeps,
  o: {
    tenantId: string;
    roundId: string;
    step: string;
    actor: Actor;
    /** The planned reminder this run sends (the scheduler): marked sent with the messages. */
    reminder?: DueReminder;
  },
) {
  if ((await roundKindOf(deps.db, o.tenantId, o.roundId)) === 'survey')
    return remindSurvey(deps, o);
  const now = deps.now();
  const result = await deps.db.$transaction(async (tx) => {
    const round = await lockRoundContext(tx, o.tenantId, o.roundId);
    await takeDueReminder(tx, o.reminder);
    if (round.status !== 'open') {
      throw new DomainError('ROUND_NOT_OPEN_FOR_REMINDER', { number: round.number });
    }
    if (round.deadline && round.deadline.getTime() <= now.getTime()) {
      throw new DomainError('ROUND_PAST_DEADLINE', { number: round.number });
    }
    const tally = await roundTally(tx, round);
    const enjeux = enjeuSummaries(round);
    const header = roundHeader(round);
    const destinations = await destinationsOf(
      tx,
      round.tenantId,
      tally.incomplete.map((i) => i.id),
    );
    const threads = await invitationDeliveries(tx, round.id);
    const items: NewDelivery[] = [];
    const reminded: string[] = [];
    for (const org of tally.incomplete) {
      const missing = enjeux.filter((e) =>
        tally.enjeux.find((t) => t.enjeuId === e.id)?.missing.some((m) => m.id === org.id),
      );
      const payload = reminderMessage({ round: header, missingEnjeux: missing, locale: 'fr' });
      const list = destinations.get(org.id) ?? [];
      if (list.length > 0) reminded.push(org.code);
      for (const d of list) {
        items.push({
          destinationId: d.id,
          dedupeKey: `round:${round.id}:reminder:${o.step}:${d.id}`,
          kind: 'round.reminder',
          payload,
          threadDeliveryId: threads.get(d.id) ?? null,
        });
      }
    }
    const deliveryIds = await createDeliveries(tx, round.tenantId, items);
    await audit(tx, {
      tenantId: round.tenantId,
      actor: o.actor,
      action: 'round.reminded',
      subjectType: 'round',
      subjectId: round.id,
      data: { step: o.step, organisations: reminded, deliveries: deliveryIds.length },
    });
    await finishDueReminder(tx, o.reminder, 'sent', now);
    return {
      round,
      reminded,
      notReachable: tally.incomplete.filter((i) => !reminded.includes(i.code)),
      deliveryIds,
    };
  });
  await deps.outbox.deliveriesCreated(result.deliveryIds);
  return result;
}

/** « relancer » / `round remind`: a reminder now, under a step of its own (never deduplicated away). */
export function remindRoundNow(
  deps: AppDeps,
  o: { tenantId: string; roundId: string; actor: Actor },
) {
  return remindRound(deps, { ...o, step: `manual-${deps.now().toISOString()}` });
}

/** What a pilot reads after « relancer », in French. */
export function reminderSummary(
  roundNumber: number,
  r: {
    reminded: string[];
    notReachable: { name: string }[];
    /** A per-person evaluation: its participants reminded by e-mail, and those without address. */
    participants?: { reminded: number; withoutAddress: number };
  },
): string[] {
  const people: string[] = [];
  if (r.participants) {
    people.push(PARTICIPANT_FR.reminded(roundNumber, r.participants.reminded));
    if (r.participants.withoutAddress > 0)
      people.push(PARTICIPANT_FR.withoutAddress(r.participants.withoutAddress));
    // Organisations invited to a per-person round as well: their lines follow.
    if (r.reminded.length === 0 && r.notReachable.length === 0) return people;
  }
  const n = r.reminded.length;
  const lines = [
    n > 0
      ? `Relance de la consultation n° ${roundNumber} envoyée à ${count(n, 'fr', 'organisation', 'organisations')}.`
      : 'Aucune organisation à relancer joignable.',
  ];
  if (r.notReachable.length > 0)
    lines.push(
      `Sans canal Slack ou Teams (à relancer autrement) : ${r.notReachable.map((o) => o.name).join(', ')}.`,
    );
  return [...people, ...lines];
}
