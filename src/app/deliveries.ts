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
