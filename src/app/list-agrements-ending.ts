import { DateTime } from 'luxon';
import { AGREMENT_KIND_LABELS, AGREMENT_STATUS_LABELS } from '../domain/agrement-messages';
import { addMonths, localDate } from '../domain/calendar';
import { noticeMessage, type NeutralMessage } from '../domain/messages';
import type { Tx } from '../store/db';
import { REMINDED_AGREMENT_STATUSES } from './plan-agrement-reminders';

/**
 * Agréments still running (active or in renewal) whose end date is on or before `until`, and on
 * or after `from` when given (ISO dates), soonest first, with their structure and next planned
 * reminder. The pilots' lists (« agrements » in Slack and Teams, the CLI, the weekly digest).
 */
export async function listAgrementsEnding(
  tx: Tx,
  o: { tenantId: string; from?: string; until: string },
) {
  return tx.agrement.findMany({
    where: {
      tenantId: o.tenantId,
      status: { in: [...REMINDED_AGREMENT_STATUSES] },
      endDate: {
        ...(o.from ? { gte: new Date(`${o.from}T00:00:00Z`) } : {}),
        lte: new Date(`${o.until}T00:00:00Z`),
      },
    },
    include: {
      organisation: true,
      reminders: { where: { status: 'planned' }, orderBy: { dueAt: 'asc' }, take: 1 },
    },
    orderBy: { endDate: 'asc' },
  });
}

/** Pilots see the agréments ending within this many months. */
export const AGREMENT_HORIZON_MONTHS = 6;

/** Those ending from today (in the tenant's zone) to `months` months from now. */
export function agrementsEndingWithin(
  tx: Tx,
  o: { tenantId: string; timezone: string; now: Date; months?: number },
) {
  const today = localDate(o.now, o.timezone);
  return listAgrementsEnding(tx, {
    tenantId: o.tenantId,
    from: today,
    until: addMonths(today, o.months ?? AGREMENT_HORIZON_MONTHS),
  });
}

/** The pilots' « agrements » answer: the soonest 40, one line each. */
export function agrementsEndingMessage(
  rows: Awaited<ReturnType<typeof listAgrementsEnding>>,
  months = AGREMENT_HORIZON_MONTHS,
): NeutralMessage {
  if (rows.length === 0) {
    return noticeMessage('fr', '', [`Aucun agrément n'arrive à échéance d'ici ${months} mois.`]);
  }
  const shown = rows.slice(0, 40);
  const longDate = (d: Date) =>
    DateTime.fromJSDate(d, { zone: 'UTC' }).setLocale('fr').toFormat('d LLLL yyyy');
  return noticeMessage(
    'fr',
    `Agréments arrivant à échéance d'ici ${months} mois (${rows.length})`,
    rows.length > shown.length
      ? [`Les ${shown.length} plus proches ; la liste complète est dans le registre.`]
      : [],
    {
      fields: shown.map((a) => ({
        label: a.organisation.name,
        value: `${AGREMENT_KIND_LABELS[a.kind].fr} — fin le ${longDate(a.endDate)} (${AGREMENT_STATUS_LABELS[a.status].fr})`,
      })),
    },
  );
}
