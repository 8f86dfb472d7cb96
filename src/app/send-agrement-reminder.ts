import { AGREMENT_STEPS, type AgrementStep } from '../domain/agrement-calendar';
import { agrementReminderMessage } from '../domain/agrement-messages';
import { DomainError } from '../domain/errors';
import { audit } from './audit';
import {
  createDeliveries,
  destinationsOf,
  pilotDestinations,
  type NewDelivery,
} from './deliveries';
import type { Actor, AppDeps } from './deps';
import { finishDueReminder, takeDueReminder, type DueReminder } from './due-reminder';
import { isoDate } from './plan-agrement-reminders';

export function isAgrementStep(s: string): s is AgrementStep {
  return (AGREMENT_STEPS as readonly string[]).includes(s);
}

/**
 * Sends one step of an agrément's renewal calendar: to the structure's destinations and the
 * pilots', or, for `expired`, to the pilots only (and the agrément is marked expired). An
 * agrément renewed or ended meanwhile gets nothing. Deliveries are deduplicated per step and
 * destination, so running it twice sends nothing twice.
 */
export async function sendAgrementReminder(
  deps: AppDeps,
  o: {
    tenantId: string;
    agrementId: string;
    step: string;
    actor: Actor;
    /** The planned reminder this run sends (the scheduler): its outcome commits with it. */
    reminder?: DueReminder;
  },
) {
  if (!isAgrementStep(o.step)) {
    throw new DomainError('AGREMENT_STEP_UNKNOWN', { step: String(o.step) });
  }
  const step = o.step;
  const now = deps.now();
  const result = await deps.db.$transaction(async (tx) => {
    await takeDueReminder(tx, o.reminder);
    const agrement = await tx.agrement.findFirst({
      where: { id: o.agrementId, tenantId: o.tenantId },
      include: { organisation: { select: { id: true, code: true, name: true } } },
    });
    if (!agrement) throw new DomainError('AGREMENT_NOT_FOUND');
    if (agrement.status !== 'active' && agrement.status !== 'renewal_in_progress') {
      await finishDueReminder(tx, o.reminder, 'cancelled', now);
      return { sent: false as const, reason: agrement.status, deliveryIds: [] as string[] };
    }
    const payload = agrementReminderMessage({
      step,
      locale: 'fr',
      agrement: {
        structureName: agrement.organisation.name,
        structureCode: agrement.organisation.code,
        kind: agrement.kind,
        startDate: isoDate(agrement.startDate),
        endDate: isoDate(agrement.endDate),
      },
    });
    const destinations = [
      ...(step === 'expired'
        ? []
        : ((await destinationsOf(tx, o.tenantId, [agrement.organisationId])).get(
            agrement.organisationId,
          ) ?? [])),
      ...(await pilotDestinations(tx, o.tenantId)),
    ];
    const items: NewDelivery[] = destinations.map((d) => ({
      destinationId: d.id,
      dedupeKey: `agrement:${agrement.id}:${step}:${d.id}`,
      kind: payload.kind,
      payload,
    }));
    const deliveryIds = await createDeliveries(tx, o.tenantId, items);
    if (step === 'expired')
      await tx.agrement.update({ where: { id: agrement.id }, data: { status: 'expired' } });
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: step === 'expired' ? 'agrement.expired' : 'agrement.reminded',
      subjectType: 'agrement',
      subjectId: agrement.id,
      data: { step, organisation: agrement.organisation.code, deliveries: deliveryIds.length },
    });
    await finishDueReminder(tx, o.reminder, 'sent', now);
    return { sent: true as const, deliveryIds };
  });
  await deps.outbox.deliveriesCreated(result.deliveryIds);
  return result;
}
