import { randomUUID } from 'node:crypto';
import type { NeutralMessage } from '../domain/messages';
import type { TLiveProgress } from './progress-message';
import { prismaRunner, type Tx } from '../store/db';

export interface NewDelivery {
  destinationId: string;
  /** Unique per logical message: a retried fan-out creates nothing twice. */
  dedupeKey: string;
  kind: string;
  /** The message, or what to render it from when it is sent (a live progress update). */
  payload: NeutralMessage | TLiveProgress;
  threadDeliveryId?: string | null;
  updatesDeliveryId?: string | null;
}

/**
 * Writes outbound messages (the outbox); returns the ids of the rows actually created (a row
 * whose dedupe key exists already is skipped, as with `skipDuplicates`).
 *
 * One INSERT … SELECT FROM unnest(…) with one array parameter per column instead of Prisma's
 * createManyAndReturn: a fan-out writes a thousand rows, and Prisma's query building for seven
 * thousand parameters cost more than the insert itself. A payload shared by many rows (the
 * same invitation object for every destination) is sent once and referenced by index.
 */
export async function createDeliveries(
  tx: Tx,
  tenantId: string,
  items: NewDelivery[],
): Promise<string[]> {
  if (items.length === 0) return [];
  const sql = prismaRunner(tx);
  const payloadIndex = new Map<NewDelivery['payload'], number>();
  const payloads: NewDelivery['payload'][] = [];
  const indexOf = (p: NewDelivery['payload']) => {
    let i = payloadIndex.get(p);
    if (i === undefined) {
      i = payloads.length;
      payloads.push(p);
      payloadIndex.set(p, i);
    }
    return i;
  };
  const payloadIndexes = items.map((d) => indexOf(d.payload));
  const rows = await sql<{ id: string }>(
    `INSERT INTO deliveries
       (id, tenant_id, destination_id, dedupe_key, kind, payload, thread_delivery_id, updates_delivery_id)
     SELECT r.id, $1::uuid, r.destination_id, r.dedupe_key, r.kind, ($2::jsonb) -> r.p,
            r.thread_delivery_id, r.updates_delivery_id
     FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::int[], $8::uuid[], $9::uuid[])
          WITH ORDINALITY AS r(id, destination_id, dedupe_key, kind, p, thread_delivery_id, updates_delivery_id, n)
     ORDER BY r.n
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [
      tenantId,
      JSON.stringify(payloads),
      items.map(() => randomUUID()),
      items.map((d) => d.destinationId),
      items.map((d) => d.dedupeKey),
      items.map((d) => d.kind),
      payloadIndexes,
      items.map((d) => d.threadDeliveryId ?? null),
      items.map((d) => d.updatesDeliveryId ?? null),
    ],
  );
  return rows.map((r) => r.id);
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
