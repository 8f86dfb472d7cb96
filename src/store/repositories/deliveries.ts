import { randomUUID } from 'node:crypto';
import type { NeutralMessage } from '../../domain/messages';
import type { Platform } from '../../domain/types';
import { createBatcher, type Batcher } from '../batch';
import { rootPoolOf, type Db, type Tx } from '../db';
import type { SqlClient } from '../sql';

/**
 * The `deliveries` table as the delivery job (queue/jobs/deliver.ts) and the operators' retry
 * (queue/retry.ts) use it. The hot path (claim, take-over, `sent`) is plain SQL on the pg pool
 * (store/sql.ts: through Prisma a raw query costs about three times as much); the rest goes
 * through Prisma.
 */

export interface NewDelivery {
  destinationId: string;
  /** Unique per logical message: a retried fan-out creates nothing twice. */
  dedupeKey: string;
  kind: string;
  /** The message, or (a live progress update) what the worker renders it from: stored as JSON. */
  payload: NeutralMessage | Record<string, unknown>;
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
const INSERT_DELIVERIES_SQL = `
  INSERT INTO deliveries
     (id, tenant_id, destination_id, dedupe_key, kind, payload, thread_delivery_id, updates_delivery_id)
   SELECT r.id, $1::uuid, r.destination_id, r.dedupe_key, r.kind,
          ($2::jsonb) -> r.p, r.thread_delivery_id, r.updates_delivery_id
   FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::int[], $8::uuid[], $9::uuid[])
        WITH ORDINALITY AS r(id, destination_id, dedupe_key, kind, p, thread_delivery_id, updates_delivery_id, n)
   ORDER BY r.n
   ON CONFLICT DO NOTHING
   RETURNING id`;

export async function insertDeliveries(
  tx: Tx,
  tenantId: string,
  items: NewDelivery[],
): Promise<string[]> {
  if (items.length === 0) return [];
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
  const ids = items.map(() => randomUUID());
  const destinationIds = items.map((d) => d.destinationId);
  const dedupeKeys = items.map((d) => d.dedupeKey);
  const kinds = items.map((d) => d.kind);
  const threads = items.map((d) => d.threadDeliveryId ?? null);
  const updates = items.map((d) => d.updatesDeliveryId ?? null);
  const values = [
    tenantId,
    JSON.stringify(payloads),
    ids,
    destinationIds,
    dedupeKeys,
    kinds,
    payloadIndexes,
    threads,
    updates,
  ];
  // Outside a transaction (the web ballot's receipts, a fan-out), plain SQL on the pool: a raw
  // query through Prisma costs about three times as much in the web process (store/sql.ts).
  const pool = rootPoolOf(tx);
  const rows = pool
    ? (
        await pool.query<{ id: string }>({
          name: 'concerto_insert_deliveries',
          text: INSERT_DELIVERIES_SQL,
          values,
        })
      ).rows
    : await tx.$queryRawUnsafe<{ id: string }[]>(INSERT_DELIVERIES_SQL, ...values);
  return rows.map((r) => r.id);
}

/** A claimed delivery: the row, its destination, and the state of its parent messages. */
export interface ClaimedRow {
  id: string;
  payload: NeutralMessage;
  claimed_at: Date;
  created_at: Date;
  outcome_unknown: boolean;
  platform: Platform;
  workspace_id: string;
  address: string;
  reference: unknown;
  active: boolean;
  thread_delivery_id: string | null;
  thread_status: string | null;
  thread_message_id: string | null;
  updates_delivery_id: string | null;
  update_status: string | null;
  update_message_id: string | null;
}

/**
 * The statements of the hot path, batched across the jobs running at once (see batch.ts): one
 * claim statement and one `sent` statement for many deliveries instead of one each. Every row
 * keeps its own condition (pending or failed; still ours when marked sent), so a batch claims
 * and marks exactly the rows the single statements would have.
 */
export interface ClaimRequest {
  id: string;
  claimJob: string;
  claimToken: string;
}
export interface DeliveryStatements {
  claim: Batcher<ClaimRequest, ClaimedRow | undefined>;
  markSent: Batcher<{ id: string; messageId: string; sentAt: Date; claimToken: string }, boolean>;
  takeOver(o: ClaimRequest & { previousToken: string | null }): Promise<ClaimedRow | undefined>;
}

const statementsBySql = new WeakMap<SqlClient, DeliveryStatements>();

/** What a claim returns: the row, its destination, and the state of its parent messages. */
const CLAIMED_SELECT = `
  SELECT c.id, c.payload, c.claimed_at, c.created_at, c.outcome_unknown, d.platform::text AS platform,
         d.workspace_id, d.address, d.reference, d.active, c.thread_delivery_id,
         t.status::text AS thread_status, t.platform_message_id AS thread_message_id,
         c.updates_delivery_id, u.status::text AS update_status,
         u.platform_message_id AS update_message_id
  FROM claimed c
  JOIN destinations d ON d.id = c.destination_id
  LEFT JOIN deliveries t ON t.id = c.thread_delivery_id
  LEFT JOIN deliveries u ON u.id = c.updates_delivery_id`;
const CLAIMED_RETURNING = `RETURNING deliveries.id, deliveries.destination_id, deliveries.payload,
  deliveries.claimed_at, deliveries.created_at, deliveries.outcome_unknown,
  deliveries.thread_delivery_id, deliveries.updates_delivery_id`;

export function deliveryStatements(sql: SqlClient): DeliveryStatements {
  const existing = statementsBySql.get(sql);
  if (existing) return existing;
  const claimMany = async (requests: ClaimRequest[]): Promise<(ClaimedRow | undefined)[]> => {
    // The same delivery twice in one batch (a duplicate job): only its first request may win
    // the claim; the other finds it claimed, as it would have a moment later on its own.
    const first = new Map<string, ClaimRequest>();
    for (const r of requests) {
      const id = r.id.toLowerCase();
      if (!first.has(id)) first.set(id, r);
    }
    const unique = [...first.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // Rows are locked in id order (the FOR UPDATE CTE), so two batches never deadlock. A
    // `failed` row is claimed too: its job runs again only when an operator retries it.
    const rows = await sql.query<ClaimedRow>(
      `WITH req AS (
        SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) AS r(id, claim_job, claim_token)
      ), locked AS (
        SELECT deliveries.id FROM deliveries
        WHERE deliveries.id IN (SELECT id FROM req) AND deliveries.status IN ('pending', 'failed')
        ORDER BY deliveries.id
        FOR UPDATE
      ), claimed AS (
        UPDATE deliveries SET status = 'sending', claimed_at = $4, claim_job = req.claim_job,
               claim_token = req.claim_token, attempts = attempts + 1
        FROM locked JOIN req ON req.id = locked.id
        WHERE deliveries.id = locked.id AND deliveries.status IN ('pending', 'failed')
        ${CLAIMED_RETURNING}
      )${CLAIMED_SELECT}`,
      [
        unique.map(([id]) => id),
        unique.map(([, r]) => r.claimJob),
        unique.map(([, r]) => r.claimToken),
        new Date(),
      ],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return requests.map((r) => {
      const id = r.id.toLowerCase();
      // Only the request that asked first gets the row.
      if (first.get(id) !== r) return undefined;
      return byId.get(id);
    });
  };
  const markMany = async (
    items: { id: string; messageId: string; sentAt: Date; claimToken: string }[],
  ): Promise<boolean[]> => {
    const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const rows = await sql.query<{ id: string }>(
      `UPDATE deliveries SET status = 'sent', platform_message_id = v.message_id, sent_at = v.sent_at,
              last_error = NULL, outcome_unknown = false
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[]) AS v(id, message_id, sent_at, claim_token)
       WHERE deliveries.id = v.id AND deliveries.status = 'sending' AND deliveries.claim_token = v.claim_token
       RETURNING deliveries.id`,
      [
        sorted.map((i) => i.id),
        sorted.map((i) => i.messageId),
        sorted.map((i) => i.sentAt.toISOString()),
        sorted.map((i) => i.claimToken),
      ],
    );
    const marked = new Set(rows.map((r) => r.id));
    return items.map((i) => marked.has(i.id.toLowerCase()));
  };
  const statements: DeliveryStatements = {
    claim: createBatcher({ exec: claimMany, single: async (r) => (await claimMany([r]))[0] }),
    markSent: createBatcher({
      exec: markMany,
      single: async (item) => (await markMany([item]))[0]!,
    }),
    async takeOver(o) {
      const rows = await sql.query<ClaimedRow>(
        `WITH claimed AS (
          UPDATE deliveries SET claimed_at = $2, claim_job = $3, claim_token = $4,
                 attempts = attempts + 1, outcome_unknown = true
          WHERE id = $1 AND status = 'sending' AND claim_token IS NOT DISTINCT FROM $5
          ${CLAIMED_RETURNING}
        )${CLAIMED_SELECT}`,
        [o.id, new Date(), o.claimJob, o.claimToken, o.previousToken],
      );
      return rows[0];
    },
  };
  statementsBySql.set(sql, statements);
  return statements;
}

/**
 * Records the send of an earlier run of the job, whose `sent` update Postgres refused (the
 * platform's answer was kept in the job's data); returns the number of rows changed.
 */
export function recordEarlierSend(
  sql: SqlClient,
  o: { id: string; messageId: string; at: string },
): Promise<number> {
  return sql.execute(
    `UPDATE deliveries SET status = 'sent', platform_message_id = $2, sent_at = $3,
            claimed_at = NULL, claim_job = NULL, claim_token = NULL, last_error = NULL,
            outcome_unknown = false
     WHERE id = $1 AND status <> 'sent'`,
    [o.id, o.messageId, o.at],
  );
}

/** Who holds a delivery's claim, or null when the row is gone. */
export function deliveryClaim(db: Db, id: string) {
  return db.delivery.findUnique({
    where: { id },
    select: { status: true, claimedAt: true, claimJob: true, claimToken: true },
  });
}

/**
 * How many progress updates of the same message, newer than `createdAt`, wait, are on their
 * way or were sent.
 */
export function newerProgressUpdates(
  db: Db,
  o: { id: string; updatesDeliveryId: string; createdAt: Date },
): Promise<number> {
  return db.delivery.count({
    where: {
      kind: 'round.progress',
      updatesDeliveryId: o.updatesDeliveryId,
      id: { not: o.id },
      createdAt: { gt: o.createdAt },
      status: { in: ['pending', 'sending', 'sent'] },
    },
  });
}

/**
 * Ends this execution's claim on a delivery (still `sending` under `claimToken`): back to
 * pending, failed or cancelled. A progress update sent back to pending while a newer one waits
 * is refused by deliveries_pending_progress_key: the error passes isUniqueViolation.
 */
export async function releaseDeliveryClaim(
  db: Db,
  o: {
    id: string;
    claimToken: string;
    status: 'pending' | 'failed' | 'cancelled';
    lastError: string | null;
    outcomeUnknown: boolean;
  },
): Promise<void> {
  await db.delivery.updateMany({
    where: { id: o.id, status: 'sending', claimToken: o.claimToken },
    data: {
      status: o.status,
      claimedAt: null,
      claimJob: null,
      claimToken: null,
      lastError: o.lastError,
      outcomeUnknown: o.outcomeUnknown,
    },
  });
}

/** A unique index refused the statement (Prisma's P2002). */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'P2002';
}

/** A Caf's deliveries failed for good, newest first, with where they were going. */
export function failedDeliveries(db: Db, tenantId: string, limit: number) {
  return db.delivery.findMany({
    where: { tenantId, status: 'failed' },
    orderBy: { createdAt: 'desc' },
    take: limit,
    include: {
      destination: {
        select: {
          platform: true,
          address: true,
          organisation: { select: { code: true, name: true } },
        },
      },
    },
  });
}

/** The ids of a Caf's failed deliveries: all of them, or those among `ids`. */
export async function failedDeliveryIds(
  db: Db,
  tenantId: string,
  ids: string[] | 'all',
): Promise<string[]> {
  const rows = await db.delivery.findMany({
    where:
      ids === 'all'
        ? { tenantId, status: 'failed' }
        : { tenantId, status: 'failed', id: { in: ids } },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Failed deliveries back to pending, unclaimed (an operator's retry). */
export async function resetFailedDeliveries(db: Db, ids: string[]): Promise<void> {
  await db.delivery.updateMany({
    where: { id: { in: ids }, status: 'failed' },
    data: { status: 'pending', claimedAt: null, claimJob: null, claimToken: null },
  });
}

/** Deliveries still pending or being sent, oldest first (the sweep enqueues them again). */
export async function unfinishedDeliveryIds(db: Db, take: number): Promise<string[]> {
  const rows = await db.delivery.findMany({
    where: { status: { in: ['pending', 'sending'] } },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
    take,
  });
  return rows.map((d) => d.id);
}
