import { AGREMENT_STEPS, type AgrementStep } from '../domain/agrement-calendar';
import { agrementReminderMessage } from '../domain/agrement-messages';
import { DomainError } from '../domain/errors';
import { startAgrementEvaluation, type AgrementEvaluationOutcome } from './agrement-evaluation';
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
 *
 * At the evaluation step, when the Caf attached a grid (`concerto agrement grille`), the same
 * transaction also sends the structure its evaluation (app/agrement-evaluation.ts), once.
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
      return {
        sent: false as const,
        reason: agrement.status,
        deliveryIds: [] as string[],
        reminderIds: [] as string[],
      };
    }
    const summary = {
      structureName: agrement.organisation.name,
      structureCode: agrement.organisation.code,
      kind: agrement.kind,
      startDate: isoDate(agrement.startDate),
      endDate: isoDate(agrement.endDate),
    };
    const payload = agrementReminderMessage({ step, locale: 'fr', agrement: summary });
    const structureDestinations =
      step === 'expired'
        ? []
        : ((await destinationsOf(tx, o.tenantId, [agrement.organisationId])).get(
            agrement.organisationId,
          ) ?? []);
    const destinations = [...structureDestinations, ...(await pilotDestinations(tx, o.tenantId))];
    const items: NewDelivery[] = destinations.map((d) => ({
      destinationId: d.id,
      dedupeKey: `agrement:${agrement.id}:${step}:${d.id}`,
      kind: payload.kind,
      payload,
    }));
    const deliveryIds = await createDeliveries(tx, o.tenantId, items);
    const evaluation = await startAgrementEvaluation(tx, deps, {
      tenantId: o.tenantId,
      step,
      agrement: {
        id: agrement.id,
        organisationId: agrement.organisationId,
        endDate: summary.endDate,
        summary,
      },
      structureDestinations: structureDestinations.length,
      now,
      actor: o.actor,
    });
    if (step === 'expired')
      await tx.agrement.update({ where: { id: agrement.id }, data: { status: 'expired' } });
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: step === 'expired' ? 'agrement.expired' : 'agrement.reminded',
      subjectType: 'agrement',
      subjectId: agrement.id,
      data: {
        step,
        organisation: agrement.organisation.code,
        deliveries: deliveryIds.length,
        ...evaluationAudit(evaluation.result),
      },
    });
    await finishDueReminder(tx, o.reminder, 'sent', now);
    return {
      sent: true as const,
      deliveryIds: [...deliveryIds, ...evaluation.deliveryIds],
      reminderIds: evaluation.reminderIds,
      evaluation: evaluation.result,
    };
  });
  await deps.outbox.deliveriesCreated(result.deliveryIds);
  await deps.outbox.remindersPlanned(result.reminderIds);
  return result;
}

/** What the reminder's audit event says of the evaluation (nothing outside its step). */
function evaluationAudit(r: AgrementEvaluationOutcome): Record<string, unknown> {
  switch (r.outcome) {
    case 'not_this_step':
      return {};
    case 'no_grid':
      return { evaluation: 'no_grid' };
    case 'already_sent':
    case 'launched':
      return { evaluation: r.outcome, round: r.roundNumber };
    case 'unreachable':
      return { evaluation: r.outcome };
    case 'refused':
      return { evaluation: r.outcome, code: r.code };
  }
}
