import type { NeutralMessage } from '../domain/messages';
import type { Tx } from '../store/db';

export interface NewDelivery {
  destinationId: string;
  /** Unique per logical message: a retried fan-out creates nothing twice. */
  dedupeKey: string;
  kind: string;
  payload: NeutralMessage;
  threadDeliveryId?: string | null;
  updatesDeliveryId?: string | null;
}

/** Writes outbound messages (the outbox); returns the ids of the rows actually created. */
export async function createDeliveries(
  tx: Tx,
  tenantId: string,
  items: NewDelivery[],
): Promise<string[]> {
  if (items.length === 0) return [];
  const created = await tx.delivery.createManyAndReturn({
    data: items.map((d) => ({
      tenantId,
      destinationId: d.destinationId,
      dedupeKey: d.dedupeKey,
      kind: d.kind,
      payload: d.payload as unknown as object,
      threadDeliveryId: d.threadDeliveryId ?? null,
      updatesDeliveryId: d.updatesDeliveryId ?? null,
    })),
    skipDuplicates: true,
    select: { id: true },
  });
  return created.map((c) => c.id);
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
