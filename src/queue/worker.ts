import { Worker, type Job, type Processor } from 'bullmq';
import type { Notifier } from '../adapters/notifier';
import type { AppDeps } from '../app/deps';
import type { TConfig } from '../config';
import type { Platform } from '../domain/types';
import { withCorrelation, type Logger } from '../logger';
import { createRedisConnection } from './connection';
import { DEFAULT_QUEUE_SETTINGS, type JobContext, type QueueSettings } from './context';
import { DELIVER_JOB, handleDeliver } from './jobs/deliver';
import { handleReminderDue, REMINDER_DUE_JOB } from './jobs/reminder-due';
import { handleSweep, SWEEP_EVERY_MS, SWEEP_JOB, SWEEP_SCHEDULER_ID } from './jobs/sweep';
import {
  handleWeeklyDigest,
  WEEKLY_DIGEST_JOB,
  WEEKLY_DIGEST_PATTERN,
  WEEKLY_DIGEST_SCHEDULER_ID,
  WEEKLY_DIGEST_TZ,
} from './jobs/weekly-digest';
import { createQueueOutbox } from './outbox';
import { createQueues, QUEUE_NAMES, type Queues } from './queues';
import { dbSql } from './sql';

export interface StartWorkerOptions {
  config: Pick<TConfig, 'REDIS_URL' | 'QUEUE_PREFIX'> & Partial<Pick<TConfig, 'DATABASE_URL'>>;
  /** Use-case dependencies. Their outbox is replaced by one on this worker's queues. */
  deps: AppDeps;
  /** One notifier per platform served; a delivery to a platform without one fails for good. */
  notifiers: Partial<Record<Platform, Notifier>>;
  log: Logger;
  /** Handler timings; see QueueSettings for each default. */
  settings?: Partial<QueueSettings>;
  /** Jobs run at once per process. Defaults: deliveries 50, reminders 10, maintenance 1. */
  concurrency?: { deliveries?: number; reminders?: number; maintenance?: number };
  /**
   * How long a job's lock lives without renewal (renewed every half of it while the job runs).
   * A worker that dies leaves its jobs active until the lock expires; the stalled-job check of
   * a live worker then moves them back to waiting. Default: 30 s (BullMQ's).
   */
  lockDurationMs?: number;
  /** How often a worker looks for stalled jobs. Default: 30 s (BullMQ's). */
  stalledIntervalMs?: number;
  /** Install the job schedulers (sweep, weekly digest). Default: true. */
  schedulers?: boolean;
  /** Sweep period. Default: 60 s. */
  sweepEveryMs?: number;
}

export interface RunningWorker {
  queues: Queues;
  /** The context the handlers run with (tests and the benchmark call runSweep with it). */
  context: JobContext;
  /**
   * Graceful stop: takes no new job, waits for the running ones to finish, then closes the
   * connections. A job still running when the process is killed anyway is recovered by the
   * stalled-job check of another worker once its lock expires.
   */
  close(): Promise<void>;
}

export async function startWorker(o: StartWorkerOptions): Promise<RunningWorker> {
  const settings: QueueSettings = { ...DEFAULT_QUEUE_SETTINGS, ...o.settings };
  const queues = createQueues({ redisUrl: o.config.REDIS_URL, prefix: o.config.QUEUE_PREFIX });
  const deps: AppDeps = {
    ...o.deps,
    outbox: createQueueOutbox(queues, {
      db: o.deps.db,
      log: o.log,
      reminderHorizonMs: settings.reminderHorizonMs,
    }),
  };
  // The delivery hot path runs plain SQL on the Prisma client's own pool (see sql.ts).
  const sql = dbSql(o.deps.db);
  const context: JobContext = { deps, queues, notifiers: o.notifiers, log: o.log, settings, sql };

  const handlers: Record<string, (job: Job, token: string | undefined) => Promise<unknown>> = {
    [DELIVER_JOB]: (job, token) => handleDeliver(context, job, token),
    [REMINDER_DUE_JOB]: (job, token) => handleReminderDue(context, job, token),
    [SWEEP_JOB]: (job) => handleSweep(context, job),
    [WEEKLY_DIGEST_JOB]: (job) => handleWeeklyDigest(context, job),
  };
  const processor: Processor = (job, token) =>
    withCorrelation(`job:${job.queueName}:${job.id}`, () => {
      const handler = handlers[job.name];
      if (!handler) {
        // Thrown as a plain error but the job has no retries left to use: see UnknownJobError.
        throw new UnknownJobError(job.name);
      }
      return handler(job, token);
    });

  const workers: Worker[] = [];
  const connections: ReturnType<typeof createRedisConnection>[] = [];
  const make = (name: string, concurrency: number) => {
    const connection = createRedisConnection(o.config.REDIS_URL, {
      forWorker: true,
      connectionName: `concerto-worker-${name}`,
    });
    connections.push(connection);
    const worker = new Worker(name, processor, {
      connection,
      prefix: o.config.QUEUE_PREFIX,
      concurrency,
      ...(o.lockDurationMs ? { lockDuration: o.lockDurationMs } : {}),
      ...(o.stalledIntervalMs ? { stalledInterval: o.stalledIntervalMs } : {}),
    });
    worker.on('error', (err) => o.log.error({ err, queue: name }, 'worker error'));
    worker.on('failed', (job, err) => {
      if (!job) return;
      const forGood =
        err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
      o.log[forGood ? 'error' : 'warn'](
        { err, queue: name, jobId: job.id, job: job.name, attemptsMade: job.attemptsMade, forGood },
        forGood ? 'job failed for good (see « concerto queue failed »)' : 'job failed, will retry',
      );
    });
    workers.push(worker);
  };
  make(QUEUE_NAMES.deliveries, o.concurrency?.deliveries ?? 50);
  make(QUEUE_NAMES.reminders, o.concurrency?.reminders ?? 10);
  make(QUEUE_NAMES.maintenance, o.concurrency?.maintenance ?? 1);

  if (o.schedulers ?? true) {
    await queues.maintenance.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: o.sweepEveryMs ?? SWEEP_EVERY_MS },
      { name: SWEEP_JOB, data: {}, opts: { attempts: 1 } },
    );
    await queues.maintenance.upsertJobScheduler(
      WEEKLY_DIGEST_SCHEDULER_ID,
      { pattern: WEEKLY_DIGEST_PATTERN, tz: WEEKLY_DIGEST_TZ },
      { name: WEEKLY_DIGEST_JOB, data: {} },
    );
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  o.log.info({ prefix: o.config.QUEUE_PREFIX }, 'worker started');

  let closing: Promise<void> | undefined;
  return {
    queues,
    context,
    close() {
      closing ??= (async () => {
        await Promise.all(workers.map((w) => w.close()));
        await queues.close();
        await Promise.all(connections.map((c) => c.quit().catch(() => undefined)));
        await sql.close();
        o.log.info('worker stopped');
      })();
      return closing;
    },
  };
}

/** A job name no handler knows (a newer producer, a typo): failing it for good is right. */
export class UnknownJobError extends Error {
  constructor(name: string) {
    super(`Job inconnu : « ${name} »`);
    // BullMQ tests the name: no retry.
    this.name = 'UnrecoverableError';
  }
}
