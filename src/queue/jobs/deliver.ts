import { randomUUID } from 'node:crypto';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import {
  isRateLimitedError,
  LookupUnavailableError,
  provesNotSent,
  type Notifier,
  type NotifierTarget,
} from '../../adapters/notifier';
import { ZLiveProgress, progressInvitationMessage } from '../../app/progress-message';
import { isDomainError } from '../../domain/errors';
import type { Platform } from '../../domain/types';
import {
  deliveryClaim,
  deliveryStatements,
  isUniqueViolation,
  newerProgressUpdates,
  recordEarlierSend,
  releaseDeliveryClaim,
  type ClaimedRow,
} from '../../store/repositories/deliveries';
import type { JobContext } from '../context';
import { infraBackoffMs, isInfrastructureError } from '../infra';
import type { Queues } from '../queues';

/**
 * `deliveries.deliver`: sends one delivery row through its destination's notifier.
 *
 * Once on the wire. How:
 *
 * - **A claim names the execution that holds it.** Claiming a row (pending → sending) records
 *   the BullMQ job and the lock token of this execution. While Redis holds that lock the claim is
 *   live and nobody else sends the row; when the lock is gone (the worker died: BullMQ's
 *   stalled-job check gives the job to another worker with a new token) the claim is abandoned
 *   and may be taken over — but never before `deliveryClaimStaleMs` after it was made, which
 *   exceeds the notifiers' HTTP timeouts, so a send still on the wire (its worker alive, its lock
 *   lost with Redis) has finished, one way or the other, before anyone takes over.
 * - **An unknown outcome is looked up, not guessed.** Taking over an abandoned claim, or retrying
 *   after an error that does not prove the platform refused (a timeout, a cut connection, a
 *   5xx), marks the row `outcome_unknown`; the next attempt first asks the platform whether the
 *   message is there (Slack: conversations.history/replies, recognising the delivery id in the
 *   message's `metadata`). Found: the row is marked sent with that message, nothing is sent.
 *   Teams offers no such look-up: the message is sent again, so a Teams message in flight when a
 *   worker dies may arrive twice — at most one duplicate per message and per crash, and at most
 *   `teamsInFlight` (default 1) messages are in flight per worker.
 * - **A `sent` update that fails never leads to a second send.** When Postgres refuses the
 *   update, the platform's answer is kept in the job's data in Redis (the next run records it
 *   instead of sending), and the update is retried, with capped backoff, as long as the worker
 *   lives.
 * - **Infrastructure errors spend no attempt.** Postgres or Redis unreachable delays the job with
 *   a capped backoff (infra.ts); only a platform's refusal (or its transient errors, 8 times)
 *   fails a delivery.
 */
export const DELIVER_JOB = 'deliveries.deliver';

export const ZDeliverJob = z.object({
  deliveryId: z.uuid(),
  /**
   * Set by a run whose `sent` update Postgres refused: the platform's answer, recorded by the
   * next run instead of a second send.
   */
  sent: z.object({ messageId: z.string().min(1), at: z.iso.datetime() }).optional(),
});
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

export type DeliverOutcome = 'sent' | 'already-done' | 'missing' | 'cancelled';

/** Consecutive infrastructure failures per job id (this process), for the backoff. */
const infraFailures = new Map<string, number>();

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
  const key = String(job.id);
  try {
    const outcome = await deliver(ctx, job, token, parsed.data);
    infraFailures.delete(key);
    ctx.outages?.database.up();
    return outcome;
  } catch (err) {
    if (err instanceof DelayedError || err instanceof UnrecoverableError) throw err;
    if (isInfrastructureError(err)) {
      // Postgres (or Redis) unreachable: come back later, without spending an attempt.
      const n = (infraFailures.get(key) ?? 0) + 1;
      infraFailures.set(key, n);
      ctx.outages?.database.down(err);
      await delay(
        job,
        token,
        Date.now() + infraBackoffMs(n, ctx.settings.infraBackoffMs, ctx.settings.infraBackoffMaxMs),
      );
    }
    throw err;
  }
}

async function deliver(
  ctx: JobContext,
  job: Job,
  token: string | undefined,
  data: TDeliverJob,
): Promise<DeliverOutcome> {
  const { deliveryId } = data;
  const db = ctx.deps.db;
  const statements = deliveryStatements(ctx.sql);

  // An earlier run of this job sent the message but could not record it: record it now.
  if (data.sent) {
    const recorded = await recordEarlierSend(ctx.sql, {
      id: deliveryId,
      messageId: data.sent.messageId,
      at: data.sent.at,
    });
    ctx.log.info({ deliveryId, recorded }, 'delivery: recorded the send of an earlier run');
    return 'sent';
  }

  const claimJob = `${job.queueName}:${String(job.id)}`;
  // Without a token (a job run outside a Worker, in tests) the claim can never look live.
  const claimToken = token ?? `local-${randomUUID()}`;
  let row = await statements.claim.run({ id: deliveryId, claimJob, claimToken });

  if (!row) {
    const current = await deliveryClaim(db, deliveryId);
    if (!current) return 'missing';
    if (current.status !== 'sending') return 'already-done';
    const claimedAt = current.claimedAt?.getTime() ?? 0;
    if (current.claimToken && current.claimJob && (await lockHeld(ctx, current))) {
      // Another execution holds the row and its lock lives: it is sending right now.
      await delay(job, token, Date.now() + ctx.settings.liveClaimRecheckMs);
    }
    if (claimedAt > Date.now() - ctx.settings.deliveryClaimStaleMs) {
      // Its lock is gone but its send may still be on the wire: wait until it cannot be.
      await delay(job, token, claimedAt + ctx.settings.deliveryClaimStaleMs + 100);
    }
    row = await statements.takeOver({
      id: deliveryId,
      claimJob,
      claimToken,
      previousToken: current.claimToken,
    });
    if (!row) return 'already-done';
    ctx.log.warn(
      { deliveryId, previousClaim: current.claimJob },
      'delivery: abandoned claim taken over, outcome of the earlier send unknown',
    );
  }
  const claimed: ClaimedRow = row;
  const claimedAt = claimed.claimed_at;
  const ours = { id: deliveryId, claimToken };

  /**
   * A progress update that will not be sent now, while a newer one for the same message waits,
   * is on its way or was sent: that one shows more, this one would only repeat it. (A newer one
   * created after this check, still waiting, is caught by deliveries_pending_progress_key.)
   */
  const newerProgressUpdate = async () => {
    if (
      (claimed.payload as { live?: unknown }).live !== 'round.progress' ||
      !claimed.updates_delivery_id
    )
      return false;
    const newer = await newerProgressUpdates(db, {
      id: deliveryId,
      updatesDeliveryId: claimed.updates_delivery_id,
      createdAt: claimed.created_at,
    });
    return newer > 0;
  };
  const release = async (data: {
    status: 'pending' | 'failed' | 'cancelled';
    lastError?: string | null;
    outcomeUnknown?: boolean;
  }) => {
    const unknown = data.outcomeUnknown ?? claimed.outcome_unknown;
    const update = (status: typeof data.status, lastError: string | null) =>
      releaseDeliveryClaim(db, {
        id: deliveryId,
        claimToken,
        status,
        lastError,
        outcomeUnknown: unknown,
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
      if (data.status !== 'pending' || !isUniqueViolation(err)) throw err;
      await update('cancelled', 'remplacée par une mise à jour plus récente');
    }
  };

  if (!claimed.active) {
    await release({ status: 'cancelled', lastError: 'destination désactivée' });
    return 'cancelled';
  }
  // A reply or an update waits for the message it belongs to, unless that one will never exist.
  const parentPending = (status: string | null) => status === 'pending' || status === 'sending';
  if (
    (claimed.thread_delivery_id &&
      !claimed.thread_message_id &&
      parentPending(claimed.thread_status)) ||
    (claimed.updates_delivery_id &&
      !claimed.update_message_id &&
      parentPending(claimed.update_status))
  ) {
    await release({ status: 'pending' });
    await delay(job, token, Date.now() + ctx.settings.parentWaitMs);
  }
  const notifier = ctx.notifiers[claimed.platform];
  if (!notifier) {
    const reason = `Aucun notifier pour la plateforme ${claimed.platform} dans ce worker`;
    await release({ status: 'failed', lastError: reason });
    throw new UnrecoverableError(reason);
  }
  const target: NotifierTarget = {
    workspaceId: claimed.workspace_id,
    address: claimed.address,
    ...(claimed.reference != null ? { reference: claimed.reference } : {}),
    ...(claimed.thread_message_id ? { threadMessageId: claimed.thread_message_id } : {}),
    ...(claimed.update_message_id ? { updateMessageId: claimed.update_message_id } : {}),
  };

  let messageId: string;
  try {
    const result = await inFlight(ctx, claimed.platform, async () => {
      if (claimed.outcome_unknown) {
        const found = await lookUp(ctx, notifier, target, claimed);
        if (found) return { messageId: found.messageId, found: true };
      }
      // A progress update is rendered now, from the organisation's avis as they are (see
      // progress-message.ts).
      const live =
        (claimed.payload as { live?: unknown }).live === 'round.progress'
          ? ZLiveProgress.parse(claimed.payload)
          : undefined;
      const payload = live ? await progressInvitationMessage(ctx.deps, live) : claimed.payload;
      const sent = await notifier.send(target, payload, { deliveryId });
      return { messageId: sent.messageId, found: false };
    });
    messageId = result.messageId;
    if (result.found)
      ctx.log.info({ deliveryId, messageId }, 'delivery: found on the platform, not sent again');
  } catch (err) {
    if (isInfrastructureError(err)) {
      // The database (rendering a progress update) failed before anything was sent.
      await release({ status: 'pending' }).catch(() => undefined);
      throw err;
    }
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
    await release({
      status: final ? 'failed' : 'pending',
      lastError: message.slice(0, 2000),
      // A timeout or a cut connection may hide a message the platform accepted.
      outcomeUnknown: claimed.outcome_unknown || !provesNotSent(err),
    });
    if (permanent && !(err instanceof UnrecoverableError)) throw new UnrecoverableError(message);
    throw err;
  }

  await recordSent(ctx, job, { ...ours, messageId, claimedAt });
  return 'sent';
}

/**
 * Marks the row sent. The platform has the message now: whatever happens, it must not be sent
 * again. When Postgres refuses, the answer goes into the job's data (Redis) first — a later run
 * of the job records it instead of sending — and the update is retried with capped backoff for
 * as long as this worker lives.
 */
async function recordSent(
  ctx: JobContext,
  job: Job,
  o: { id: string; claimToken: string; messageId: string; claimedAt: Date },
): Promise<void> {
  const statements = deliveryStatements(ctx.sql);
  const sentAt = new Date();
  let savedInJob = false;
  for (let n = 1; ; n += 1) {
    try {
      const marked = await statements.markSent.run({
        id: o.id,
        messageId: o.messageId,
        sentAt,
        claimToken: o.claimToken,
      });
      if (n > 1) ctx.outages?.database.up();
      if (!marked) {
        // Our claim was taken over while the notifier ran (it outlived deliveryClaimStaleMs):
        // the other execution looks the message up before sending, where the platform allows.
        ctx.log.error(
          { deliveryId: o.id, messageId: o.messageId },
          'delivery claim lost while sending: possible duplicate',
        );
      }
      return;
    } catch (err) {
      if (!isInfrastructureError(err)) throw err;
      ctx.outages?.database.down(err);
      if (!savedInJob) {
        try {
          await job.updateData({
            ...(job.data as object),
            sent: { messageId: o.messageId, at: sentAt.toISOString() },
          });
          savedInJob = true;
        } catch {
          // Redis too: keep trying both.
        }
      }
      if (ctx.isClosing?.()) {
        if (savedInJob) throw err; // the next run records it from the job's data
        // Neither store answers and the worker stops: the next run finds the claim abandoned
        // and looks the message up on the platform (Slack) before sending again.
        throw err;
      }
      await sleep(infraBackoffMs(n, ctx.settings.infraBackoffMs, ctx.settings.infraBackoffMaxMs));
    }
  }
}

/** Asks the platform whether an earlier send of this delivery went out. */
async function lookUp(
  ctx: JobContext,
  notifier: Notifier,
  target: NotifierTarget,
  row: ClaimedRow,
): Promise<{ messageId: string } | undefined> {
  if (!notifier.find) {
    ctx.log.warn(
      { deliveryId: row.id, platform: row.platform },
      'delivery: earlier send may have gone out, the platform cannot be searched: sending again',
    );
    return undefined;
  }
  try {
    return await notifier.find(target, row.id, row.created_at);
  } catch (err) {
    if (!(err instanceof LookupUnavailableError)) throw err;
    ctx.log.warn(
      { deliveryId: row.id, platform: row.platform, reason: err.reason },
      'delivery: earlier send may have gone out and cannot be looked up: sending again',
    );
    return undefined;
  }
}

/** Whether the BullMQ lock of the execution that claimed the row still lives in Redis. */
async function lockHeld(
  ctx: JobContext,
  claim: { claimJob: string | null; claimToken: string | null },
): Promise<boolean> {
  if (!claim.claimJob || !claim.claimToken) return false;
  return (
    (await ctx.queues.redis.get(`${ctx.queues.prefix}:${claim.claimJob}:lock`)) === claim.claimToken
  );
}

/** Sends of one platform in flight at once in this worker (Teams: at most `teamsInFlight`). */
const limiters = new WeakMap<JobContext['settings'], Map<string, Semaphore>>();
function inFlight<T>(ctx: JobContext, platform: Platform, fn: () => Promise<T>): Promise<T> {
  const max = platform === 'teams' ? ctx.settings.teamsInFlight : 0;
  if (!max) return fn();
  let byPlatform = limiters.get(ctx.settings);
  if (!byPlatform) limiters.set(ctx.settings, (byPlatform = new Map()));
  let s = byPlatform.get(platform);
  if (!s) byPlatform.set(platform, (s = new Semaphore(max)));
  return s.run(fn);
}

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    else this.active += 1;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

/** Moves the active job back to `delayed` until `at`; attemptsMade is not incremented. */
async function delay(job: Job, token: string | undefined, at: number): Promise<never> {
  await job.moveToDelayed(at, token);
  throw new DelayedError();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
