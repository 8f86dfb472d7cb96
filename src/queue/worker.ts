import { Worker, type Job, type Processor } from 'bullmq';
import type { Notifier } from '../adapters/notifier';
import type { AppDeps } from '../app/deps';
import type { TConfig } from '../config';
import type { Platform } from '../domain/types';
import { withCorrelation, type Logger } from '../logger';
import { createRedisConnection, redisOutageLog } from './connection';
import { OutageLog } from './infra';
import { DEFAULT_QUEUE_SETTINGS, type JobContext, type QueueSettings } from './context';
import { DELIVER_JOB, handleDeliver } from './jobs/deliver';
import { handleReminderDue, REMINDER_DUE_JOB } from './jobs/reminder-due';
import { handleSweep, runSweep, SWEEP_EVERY_MS, SWEEP_JOB, SWEEP_SCHEDULER_ID } from './jobs/sweep';
import {
  handleWeeklyDigest,
  WEEKLY_DIGEST_JOB,
  WEEKLY_DIGEST_PATTERN,
  WEEKLY_DIGEST_SCHEDULER_ID,
  WEEKLY_DIGEST_TZ,
} from './jobs/weekly-digest';
import { createQueueOutbox } from './outbox';
import { createQueues, QUEUE_NAMES, type Queues } from './queues';
import { dbSql } from '../store/sql';

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
  /**
   * Run the sweep in this process (a timer, every `sweepEveryMs`) and keep the weekly digest's
   * job scheduler installed. Default: true.
   */
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
  let closingNow = false;
  const outages = { database: new OutageLog(o.log, 'PostgreSQL'), redis: redisOutageLog(o.log) };
  const context: JobContext = {
    deps,
    queues,
    notifiers: o.notifiers,
    log: o.log,
    settings,
    sql,
    outages,
    isClosing: () => closingNow,
  };

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
      outages: outages.redis,
    });
    connections.push(connection);
    const worker = new Worker(name, processor, {
      connection,
      prefix: o.config.QUEUE_PREFIX,
      concurrency,
      ...(o.lockDurationMs ? { lockDuration: o.lockDurationMs } : {}),
      ...(o.stalledIntervalMs ? { stalledInterval: o.stalledIntervalMs } : {}),
      // A job whose worker died is given to another one: the claims make that harmless, and a
      // job that stalls too often is failed and re-added by the sweep (its row is the truth).
      maxStalledCount: 10,
    });
    // Redis unreachable makes every worker loop fail: one line per outage (infra.ts).
    worker.on('error', (err) => outages.redis.down(err));
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

  await Promise.all(workers.map((w) => w.waitUntilReady()));

  /**
   * The sweep runs from this process, on a timer, not as a Redis-held job scheduler: after Redis
   * loses its data (or restarts empty) a worker left running recovers pending deliveries and
   * overdue reminders within one sweep period, with no restart. Every worker sweeps; the sweep
   * only re-adds jobs under deterministic ids, so two sweeps at once add nothing twice. Each
   * sweep also re-installs the weekly digest's scheduler if Redis lost it.
   */
  let sweepTimer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;
  const sweepOnce = async () => {
    try {
      await runSweep(context);
      await ensureSchedulers(queues);
      outages.database.up();
      outages.redis.up();
    } catch (err) {
      (isRedisError(err) ? outages.redis : outages.database).down(err);
    }
  };
  if (o.schedulers ?? true) {
    // A scheduler left in Redis by an earlier version would add sweep jobs: remove it.
    await queues.maintenance.removeJobScheduler(SWEEP_SCHEDULER_ID).catch(() => false);
    await sweepOnce();
    const every = o.sweepEveryMs ?? SWEEP_EVERY_MS;
    const tick = () => {
      sweepTimer = setTimeout(() => {
        sweeping = sweepOnce().finally(() => {
          sweeping = undefined;
          if (!closingNow) tick();
        });
      }, every);
    };
    tick();
  }
  o.log.info({ prefix: o.config.QUEUE_PREFIX }, 'worker started');

  let closing: Promise<void> | undefined;
  return {
    queues,
    context,
    close() {
      closing ??= (async () => {
        closingNow = true;
        clearTimeout(sweepTimer);
        await sweeping;
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

/** Installs the weekly digest's job scheduler when Redis does not hold it (first start, data lost). */
async function ensureSchedulers(queues: Queues): Promise<void> {
  const existing = await queues.maintenance.getJobScheduler(WEEKLY_DIGEST_SCHEDULER_ID);
  if (existing) return;
  await queues.maintenance.upsertJobScheduler(
    WEEKLY_DIGEST_SCHEDULER_ID,
    { pattern: WEEKLY_DIGEST_PATTERN, tz: WEEKLY_DIGEST_TZ },
    { name: WEEKLY_DIGEST_JOB, data: {} },
  );
}

function isRedisError(err: unknown): boolean {
  const text = err instanceof Error ? `${err.name} ${err.message}` : String(err);
  return /redis|MaxRetriesPerRequest|Connection is closed|:6379/i.test(text);
}

/** A job name no handler knows (a newer producer, a typo): failing it for good is right. */
export class UnknownJobError extends Error {
  constructor(name: string) {
    super(`Job inconnu : « ${name} »`);
    // BullMQ tests the name: no retry.
    this.name = 'UnrecoverableError';
  }
}
