import { DomainError } from '../domain/errors';
import { createDeliveries, toInvitedOrganisations } from './deliveries';
import { assertDeadlineInFuture } from '../domain/round';
import { audit } from './audit';
import type { Actor, AppDeps } from './deps';
import { planRoundRows } from './launch-round';
import { deadlineChangeOf, lockAnnouncedRound } from './round-announcements';
import { invitationUpdates } from './progress-message';

/**
 * Moves a round's deadline. An open round's reminders and automatic close are planned again from
 * the new date (steps that no longer apply are cancelled, reminders already sent stay sent).
 */
export async function changeDeadline(
  deps: AppDeps,
  o: { tenantId: string; roundId: string; deadline: Date; actor: Actor },
) {
  const now = deps.now();
  assertDeadlineInFuture(o.deadline, now);
  const result = await deps.db.$transaction(async (tx) => {
    const round = await lockAnnouncedRound(tx, o.tenantId, o.roundId);
    if (round.status !== 'draft' && round.status !== 'open') {
      throw new DomainError('ROUND_NOT_OPEN_FOR_DEADLINE', {
        number: round.number,
        ...(round.kind === 'survey' ? { survey: true } : {}),
      });
    }
    const before = await tx.plannedReminder.findMany({
      where: { roundId: round.id, status: 'planned' },
      select: { id: true },
    });
    await tx.round.update({ where: { id: round.id }, data: { deadline: o.deadline } });
    let planned: string[] = [];
    if (round.status === 'open') {
      // Reminders already sent keep their row; planRoundRows re-plans the others.
      const sent = await tx.plannedReminder.findMany({
        where: { roundId: round.id, status: 'sent' },
        select: { kind: true },
      });
      const sentKinds = new Set(sent.map((s) => s.kind));
      planned = await planRoundRows(
        tx,
        { ...round, deadline: o.deadline, reminderSchedule: round.reminderSchedule },
        now,
        sentKinds,
      );
    }
    const after = new Set(planned);
    // Every invited organisation hears of the new deadline in its invitation's thread; the
    // dedupe key holds the new deadline: the same change is announced once, another one again.
    let deliveryIds: string[] = [];
    if (round.status === 'open') {
      const payload = deadlineChangeOf(round, o.deadline);
      const items = await toInvitedOrganisations(tx, round, {
        step: `deadline:${o.deadline.toISOString()}`,
        kind: 'round.announcement',
        payload,
      });
      // …and its invitation shows the new deadline (updated in place, rendered when sent).
      items.push(...(await invitationUpdates(tx, round, `deadline:${o.deadline.toISOString()}`)));
      deliveryIds = await createDeliveries(tx, round.tenantId, items);
    }
    await audit(tx, {
      tenantId: round.tenantId,
      actor: o.actor,
      action: 'round.deadline_changed',
      subjectType: 'round',
      subjectId: round.id,
      data: { from: round.deadline.toISOString(), to: o.deadline.toISOString() },
    });
    return {
      round: { ...round, deadline: o.deadline },
      planned,
      deliveryIds,
      cancelled: before.map((b) => b.id).filter((id) => !after.has(id)),
    };
  });
  await deps.outbox.remindersCancelled(result.cancelled);
  await deps.outbox.remindersPlanned(result.planned);
  await deps.outbox.deliveriesCreated(result.deliveryIds);
  return result;
}
