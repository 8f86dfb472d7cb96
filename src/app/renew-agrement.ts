import { validateAgrementPeriod } from '../domain/agrement-calendar';
import { addDays, formatDateFr, parseIsoDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import type { Tx } from '../store/db';
import { cancelPlannedAgrementReminders, lockAgrementRow } from '../store/repositories/agrements';
import { audit } from './audit';
import type { Actor, AppDeps } from './deps';
import { isUuid } from './lookup';
import { isoDate, planAgrementReminderRows } from './plan-agrement-reminders';

async function lockAgrement(tx: Tx, tenantId: string, agrementId: string) {
  if (!isUuid(agrementId)) throw new DomainError('AGREMENT_NOT_FOUND', { id: agrementId });
  await lockAgrementRow(tx, agrementId);
  const agrement = await tx.agrement.findFirst({
    where: { id: agrementId, tenantId },
    include: { organisation: { select: { code: true, name: true } } },
  });
  if (!agrement) throw new DomainError('AGREMENT_NOT_FOUND', { id: agrementId });
  return agrement;
}

/** Cancels the reminders still planned for an agrément; returns their ids. */
function cancelPlanned(tx: Tx, agrementId: string): Promise<string[]> {
  return cancelPlannedAgrementReminders(tx, agrementId);
}

/**
 * Records the renewal of an agrément: the old one is marked `renewed`, what is left of its
 * reminders is cancelled, and the new period — from the day after the old end date to `until`,
 * 1 to 4 years — is created with its own reminders planned.
 */
export async function renewAgrement(
  deps: AppDeps,
  o: { tenantId: string; agrementId: string; until: string; actor: Actor },
) {
  parseIsoDate(o.until, 'until');
  const now = deps.now();
  const result = await deps.db.$transaction(async (tx) => {
    const old = await lockAgrement(tx, o.tenantId, o.agrementId);
    if (old.status === 'renewed' || old.status === 'ended') {
      throw new DomainError(
        old.status === 'renewed' ? 'AGREMENT_ALREADY_RENEWED' : 'AGREMENT_ENDED',
        { organisation: old.organisation.name },
      );
    }
    const startDate = addDays(isoDate(old.endDate), 1);
    validateAgrementPeriod(startDate, o.until);
    await tx.agrement.update({ where: { id: old.id }, data: { status: 'renewed' } });
    const created = await tx.agrement.create({
      data: {
        tenantId: o.tenantId,
        organisationId: old.organisationId,
        kind: old.kind,
        startDate: new Date(`${startDate}T00:00:00Z`),
        endDate: new Date(`${o.until}T00:00:00Z`),
        status: 'active',
        previousAgrementId: old.id,
      },
    });
    const cancelledReminders = await cancelPlanned(tx, old.id);
    const tenant = await tx.tenant.findUniqueOrThrow({
      where: { id: o.tenantId },
      select: { id: true, timezone: true, settings: true },
    });
    const plannedReminders = await planAgrementReminderRows(tx, {
      tenant,
      agrements: [created],
      now,
    });
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'agrement.renewed',
      subjectType: 'agrement',
      subjectId: old.id,
      data: {
        organisation: old.organisation.code,
        newAgrementId: created.id,
        startDate,
        endDate: o.until,
      },
    });
    return { previous: old, agrement: created, startDate, cancelledReminders, plannedReminders };
  });
  await deps.outbox.remindersCancelled(result.cancelledReminders);
  await deps.outbox.remindersPlanned(result.plannedReminders);
  return result;
}

/**
 * Ends an agrément without renewal (the structure closed, the Caf withdrew it): status `ended`,
 * its remaining reminders cancelled — the expiry alert included.
 */
export async function endAgrement(
  deps: AppDeps,
  o: { tenantId: string; agrementId: string; actor: Actor; reason?: string },
) {
  const result = await deps.db.$transaction(async (tx) => {
    const agrement = await lockAgrement(tx, o.tenantId, o.agrementId);
    if (agrement.status === 'ended' || agrement.status === 'renewed') {
      throw new DomainError('AGREMENT_NOT_ACTIVE', {
        organisation: agrement.organisation.name,
        status: agrement.status === 'ended' ? 'ended' : 'renewed',
        end: formatDateFr(isoDate(agrement.endDate)),
      });
    }
    await tx.agrement.update({ where: { id: agrement.id }, data: { status: 'ended' } });
    const cancelledReminders = await cancelPlanned(tx, agrement.id);
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'agrement.ended',
      subjectType: 'agrement',
      subjectId: agrement.id,
      data: { organisation: agrement.organisation.code, ...(o.reason ? { reason: o.reason } : {}) },
    });
    return { agrement: { ...agrement, status: 'ended' as const }, cancelledReminders };
  });
  await deps.outbox.remindersCancelled(result.cancelledReminders);
  return result;
}
