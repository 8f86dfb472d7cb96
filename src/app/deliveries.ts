import type { Tx } from '../store/db';
import { insertDeliveries, type NewDelivery } from '../store/repositories/deliveries';

/** `payload`: the message, or what to render it from when it is sent (a live progress update). */
export type { NewDelivery } from '../store/repositories/deliveries';

/**
 * Writes outbound messages (the outbox); returns the ids of the rows actually created (a row
 * whose dedupe key exists already is skipped). See store/repositories/deliveries.ts.
 */
export function createDeliveries(
  tx: Tx,
  tenantId: string,
  items: NewDelivery[],
): Promise<string[]> {
  return insertDeliveries(tx, tenantId, items);
}

/** Active destinations of organisations, grouped by organisation id. */
export async function destinationsOf(tx: Tx, tenantId: string, organisationIds: string[]) {
  const rows = await tx.destination.findMany({
    where: { tenantId, organisationId: { in: organisationIds }, active: true },
    orderBy: { createdAt: 'asc' },
  });
  const by = new Map<string, typeof rows>();
  for (const d of rows) {
    const list = by.get(d.organisationId!) ?? [];
    list.push(d);
    by.set(d.organisationId!, list);
  }
  return by;
}

export async function pilotDestinations(tx: Tx, tenantId: string) {
  return tx.destination.findMany({ where: { tenantId, forPilots: true, active: true } });
}

/** The invitation delivery of a round for each destination, to thread replies under it. */
export async function invitationDeliveries(tx: Tx, roundId: string) {
  const rows = await tx.delivery.findMany({
    where: { dedupeKey: { startsWith: `round:${roundId}:invite:` } },
    select: { id: true, destinationId: true },
  });
  return new Map(rows.map((r) => [r.destinationId, r.id]));
}

/**
 * One message to every destination of a round's invited organisations, each in the thread of its
 * invitation, and — when `pilotPayload` is given — to the pilots' destinations: a round's results,
 * a cancellation, a new deadline. `step` makes the dedupe key (« results », « cancelled »,
 * « deadline:<date> »): the same step goes once to each destination.
 */
export async function toInvitedOrganisations(
  tx: Tx,
  round: { id: string; tenantId: string; invitations: { organisationId: string }[] },
  o: {
    step: string;
    kind: string;
    payload: NewDelivery['payload'];
    pilotPayload?: NewDelivery['payload'];
  },
): Promise<NewDelivery[]> {
  const destinations = await destinationsOf(
    tx,
    round.tenantId,
    round.invitations.map((i) => i.organisationId),
  );
  const threads = await invitationDeliveries(tx, round.id);
  const items: NewDelivery[] = [];
  for (const list of destinations.values())
    for (const d of list)
      items.push({
        destinationId: d.id,
        dedupeKey: `round:${round.id}:${o.step}:${d.id}`,
        kind: o.kind,
        payload: o.payload,
        threadDeliveryId: threads.get(d.id) ?? null,
      });
  if (o.pilotPayload !== undefined)
    for (const d of await pilotDestinations(tx, round.tenantId))
      items.push({
        destinationId: d.id,
        dedupeKey: `round:${round.id}:${o.step}:${d.id}`,
        kind: o.kind,
        payload: o.pilotPayload,
      });
  return items;
}

/** Cancels a round's planned reminders (and its planned close unless `keepClose`); returns their ids. */
export async function cancelPlannedReminders(
  tx: Tx,
  roundId: string,
  o: { keepClose: boolean },
): Promise<string[]> {
  const pending = await tx.plannedReminder.findMany({
    where: {
      roundId,
      status: 'planned',
      ...(o.keepClose ? { kind: { not: 'round.close' } } : {}),
    },
    select: { id: true },
  });
  await tx.plannedReminder.updateMany({
    where: { id: { in: pending.map((p) => p.id) } },
    data: { status: 'cancelled' },
  });
  return pending.map((p) => p.id);
}
