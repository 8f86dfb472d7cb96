import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import { isRateLimitedError, type NotifierTarget } from '../../adapters/notifier';
import { ZLiveProgress, progressInvitationMessage } from '../../app/progress-message';
import { isDomainError } from '../../domain/errors';
import type { NeutralMessage } from '../../domain/messages';
import type { Platform } from '../../domain/types';
import { createBatcher, type Batcher } from '../../store/batch';
import type { JobContext } from '../context';
import type { Queues } from '../queues';
import type { SqlClient } from '../sql';

/**
 * `deliveries.deliver`: sends one delivery row through its destination's notifier.
 *
 * At most once. The row is claimed with a conditional update (pending → sending, or a `sending`
 * claim older than `deliveryClaimStaleMs`, left by a dead worker); the platform's message id is
 * recorded and the row marked `sent` in one update right after the notifier answers. A job that
 * runs again (stalled job, sweep, duplicate) finds the row `sent` and sends nothing.
 *
 * The window that remains: the worker dies after the platform accepted the message and before
 * the `sent` update commits (a few milliseconds). The platform has the message, we do not know
 * it, and once the claim is stale the delivery is sent again. Neither Slack nor Teams offers an
 * idempotency key for a new message, so closing it would need to look the message up on the
 * platform first; we accept that rare duplicate rather than risk a loss.
 */
export const DELIVER_JOB = 'deliveries.deliver';

export const ZDeliverJob = z.object({ deliveryId: z.uuid() });
export type TDeliverJob = z.infer<typeof ZDeliverJob>;

/** Enqueues one job per delivery; job id = delivery id, so enqueueing twice adds nothing. */
export async function enqueueDeliveries(queues: Queues, deliveryIds: string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  await queues.deliveries.addBulk(
    deliveryIds.map((deliveryId) => ({
      name: DELIVER_JOB,
      data: { deliveryId },
      opts: { jobId: deliveryId },
    })),
  );
}

interface ClaimedRow {
  id: string;
  payload: NeutralMessage;
  claimed_at: Date;
  created_at: Date;
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

export type DeliverOutcome = 'sent' | 'already-done' | 'missing' | 'cancelled';

export async function handleDeliver(
  ctx: JobContext,
  job: Job,
  token: string | undefined,
): Promise<DeliverOutcome> {
  const parsed = ZDeliverJob.safeParse(job.data);
  if (!parsed.success) {
    throw new UnrecoverableError(
      `Données de job invalides (${DELIVER_JOB}) : ${z.prettifyError(parsed.error)}`,
    );
  }
  const { deliveryId } = parsed.data;
  const db = ctx.deps.db;
  const statements = deliveryStatements(ctx);
  const row = await statements.claim.run(deliveryId);

  if (!row) {
    const current = await db.delivery.findUnique({
      where: { id: deliveryId },
      select: { status: true, claimedAt: true },
    });
    if (!current) return 'missing';
    if (current.status === 'sending' && current.claimedAt) {
      // Another worker holds a fresh claim (it may be sending right now): come back when that
      // claim is stale, without spending an attempt. If that worker finishes, we find `sent`.
      await delay(
        job,
        token,
        current.claimedAt.getTime() + ctx.settings.deliveryClaimStaleMs + 100,
      );
    }
    return 'already-done';
  }
  const claimedAt = row.claimed_at;
  /**
   * A progress update that will not be sent now, while a newer one for the same message waits,
   * is on its way or was sent: that one shows more, this one would only repeat it. (A newer one
   * created after this check, still waiting, is caught by deliveries_pending_progress_key.)
   */
  const newerProgressUpdate = async () => {
    if ((row.payload as { live?: unknown }).live !== 'round.progress' || !row.updates_delivery_id)
      return false;
    const newer = await db.delivery.count({
      where: {
        kind: 'round.progress',
        updatesDeliveryId: row.updates_delivery_id,
        id: { not: deliveryId },
        createdAt: { gt: row.created_at },
        status: { in: ['pending', 'sending', 'sent'] },
      },
    });
    return newer > 0;
  };
  const release = async (data: {
    status: 'pending' | 'failed' | 'cancelled';
    lastError?: string | null;
  }) => {
    const update = (status: typeof data.status, lastError: string | null) =>
      db.delivery.updateMany({
        where: { id: deliveryId, status: 'sending', claimedAt },
        data: { status, claimedAt: null, lastError },
      });
    if (data.status === 'pending' && (await newerProgressUpdate())) {
      await update('cancelled', 'remplacée par une mise à jour plus récente');
      return;
    }
    try {
      await update(data.status, data.lastError ?? null);
    } catch (err) {
      // A progress update back to pending while a newer one waits already (one pending update
      // per invitation message: deliveries_pending_progress_key): the newer one shows more.
      if (data.status !== 'pending' || (err as { code?: unknown }).code !== 'P2002') throw err;
      await update('cancelled', 'remplacée par une mise à jour plus récente');
    }
  };

  if (!row.active) {
    await release({ status: 'cancelled', lastError: 'destination désactivée' });
    return 'cancelled';
  }
  // A reply or an update waits for the message it belongs to, unless that one will never exist.
  const parentPending = (status: string | null) => status === 'pending' || status === 'sending';
  if (
    (row.thread_delivery_id && !row.thread_message_id && parentPending(row.thread_status)) ||
    (row.updates_delivery_id && !row.update_message_id && parentPending(row.update_status))
  ) {
    await release({ status: 'pending' });
    await delay(job, token, Date.now() + ctx.settings.parentWaitMs);
  }
  const notifier = ctx.notifiers[row.platform];
  if (!notifier) {
    const reason = `Aucun notifier pour la plateforme ${row.platform} dans ce worker`;
    await release({ status: 'failed', lastError: reason });
    throw new UnrecoverableError(reason);
  }
  const target: NotifierTarget = {
    workspaceId: row.workspace_id,
    address: row.address,
    ...(row.reference != null ? { reference: row.reference } : {}),
    ...(row.thread_message_id ? { threadMessageId: row.thread_message_id } : {}),
    ...(row.update_message_id ? { updateMessageId: row.update_message_id } : {}),
  };

  let messageId: string;
  try {
    // A progress update is rendered now, from the organisation's avis as they are (see
    // progress-message.ts).
    const live =
      (row.payload as { live?: unknown }).live === 'round.progress'
        ? ZLiveProgress.parse(row.payload)
        : undefined;
    const payload = live ? await progressInvitationMessage(ctx.deps, live) : row.payload;
    ({ messageId } = await notifier.send(target, payload));
  } catch (err) {
    if (isDomainError(err)) {
      // The round or the organisation is gone: nothing left to show.
      await release({ status: 'cancelled', lastError: err.message });
      return 'cancelled';
    }
    if (isRateLimitedError(err)) {
      // Not sent: release the claim and come back after Retry-After, without spending an attempt.
      await release({ status: 'pending', lastError: err.message });
      ctx.log.info(
        { deliveryId, retryAfterMs: err.retryAfterMs },
        'delivery rate-limited, delayed',
      );
      await delay(job, token, Date.now() + err.retryAfterMs);
    }
    const message = err instanceof Error ? err.message : String(err);
    // The notifiers mark refusals no retry can fix (Slack's channel_not_found, Teams' 403…)
    // as `permanent`: fail at once instead of retrying for minutes.
    const permanent =
      err instanceof UnrecoverableError ||
      (typeof err === 'object' &&
        err !== null &&
        (err as { permanent?: unknown }).permanent === true);
    const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await release({ status: final ? 'failed' : 'pending', lastError: message.slice(0, 2000) });
    if (permanent && !(err instanceof UnrecoverableError)) throw new UnrecoverableError(message);
    throw err;
  }

  const marked = await statements.markSent.run({
    id: deliveryId,
    messageId,
    sentAt: new Date(),
    claimedAt,
  });
  if (!marked) {
    // Our claim went stale while the notifier ran and another worker claimed the row: it may
    // send it again. Logged loudly; raise deliveryClaimStaleMs if this shows up.
    ctx.log.error(
      { deliveryId, messageId },
      'delivery claim lost while sending: possible duplicate',
    );
  }
  return 'sent';
}

/**
 * The two statements of the hot path, batched across the jobs running at once (see batch.ts):
 * one claim statement and one `sent` statement for many deliveries instead of one each. Every
 * row keeps its own condition (pending, or a stale claim; still ours when marked sent), so a
 * batch claims and marks exactly the rows the single statements would have.
 */
interface DeliveryStatements {
  claim: Batcher<string, ClaimedRow | undefined>;
  markSent: Batcher<{ id: string; messageId: string; sentAt: Date; claimedAt: Date }, boolean>;
}

const statementsBySql = new WeakMap<SqlClient, DeliveryStatements>();

function deliveryStatements(ctx: Pick<JobContext, 'sql' | 'settings'>): DeliveryStatements {
  const existing = statementsBySql.get(ctx.sql);
  if (existing) return existing;
  const sql = ctx.sql;
  const claimMany = async (ids: string[]): Promise<(ClaimedRow | undefined)[]> => {
    // The same delivery twice in one batch (a duplicate job): only its first request may win
    // the claim; the other finds it claimed, as it would have a moment later on its own.
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))].sort();
    const now = new Date();
    const staleBefore = new Date(now.getTime() - ctx.settings.deliveryClaimStaleMs);
    // Rows are locked in id order (the FOR UPDATE CTE), so two batches never deadlock.
    const rows = await sql.query<ClaimedRow>(
      `WITH locked AS (
        SELECT id FROM deliveries
        WHERE id = ANY($1::uuid[])
          AND (status = 'pending' OR (status = 'sending' AND claimed_at < $3))
        ORDER BY id
        FOR UPDATE
      ), claimed AS (
        UPDATE deliveries SET status = 'sending', claimed_at = $2, attempts = attempts + 1
        FROM locked
        WHERE deliveries.id = locked.id
          AND (deliveries.status = 'pending' OR (deliveries.status = 'sending' AND deliveries.claimed_at < $3))
        RETURNING deliveries.id, deliveries.destination_id, deliveries.payload, deliveries.claimed_at,
                  deliveries.created_at, deliveries.thread_delivery_id, deliveries.updates_delivery_id
      )
      SELECT c.id, c.payload, c.claimed_at, c.created_at, d.platform::text AS platform, d.workspace_id, d.address,
             d.reference, d.active, c.thread_delivery_id, t.status::text AS thread_status,
             t.platform_message_id AS thread_message_id, c.updates_delivery_id,
             u.status::text AS update_status, u.platform_message_id AS update_message_id
      FROM claimed c
      JOIN destinations d ON d.id = c.destination_id
      LEFT JOIN deliveries t ON t.id = c.thread_delivery_id
      LEFT JOIN deliveries u ON u.id = c.updates_delivery_id`,
      [unique, now, staleBefore],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const row = byId.get(id.toLowerCase());
      byId.delete(id.toLowerCase());
      return row;
    });
  };
  const markMany = async (
    items: { id: string; messageId: string; sentAt: Date; claimedAt: Date }[],
  ): Promise<boolean[]> => {
    const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const rows = await sql.query<{ id: string }>(
      `UPDATE deliveries SET status = 'sent', platform_message_id = v.message_id, sent_at = v.sent_at, last_error = NULL
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS v(id, message_id, sent_at, claimed_at)
       WHERE deliveries.id = v.id AND deliveries.status = 'sending' AND deliveries.claimed_at = v.claimed_at
       RETURNING deliveries.id`,
      [
        sorted.map((i) => i.id),
        sorted.map((i) => i.messageId),
        sorted.map((i) => i.sentAt.toISOString()),
        sorted.map((i) => i.claimedAt.toISOString()),
      ],
    );
    const marked = new Set(rows.map((r) => r.id));
    return items.map((i) => marked.has(i.id.toLowerCase()));
  };
  const statements: DeliveryStatements = {
    claim: createBatcher({ exec: claimMany, single: async (id) => (await claimMany([id]))[0] }),
    markSent: createBatcher({
      exec: markMany,
      single: async (item) => (await markMany([item]))[0]!,
    }),
  };
  statementsBySql.set(sql, statements);
  return statements;
}

/** Moves the active job back to `delayed` until `at`; attemptsMade is not incremented. */
async function delay(job: Job, token: string | undefined, at: number): Promise<never> {
  await job.moveToDelayed(at, token);
  throw new DelayedError();
}
