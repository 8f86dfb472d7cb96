import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { createRedisConnection, redisOutageLog } from './connection';

/** BullMQ queue names. Job names are dotted under them (`deliveries.deliver`, `reminders.due`…). */
export const QUEUE_NAMES = {
  /** One job per outbound message (delivery row). */
  deliveries: 'deliveries',
  /** One delayed job per planned reminder (planned_reminders row). */
  reminders: 'reminders',
  /** Job schedulers: the sweep and the weekly digest. */
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export interface QueuesOptions {
  /** Redis connection string. */
  redisUrl: string;
  /** Prefix of every BullMQ key (config QUEUE_PREFIX). Tests use a random one. */
  prefix: string;
  /** Where Redis outages are logged (one line per outage). */
  log?: Logger;
}

export interface Queues {
  prefix: string;
  deliveries: Queue;
  reminders: Queue;
  maintenance: Queue;
  /** The queues' shared Redis connection (lock look-ups, the sweep's checks). */
  redis: Redis;
  all(): Queue[];
  /** Closes the queues and their shared connection. */
  close(): Promise<void>;
}

/**
 * Retries: 8 attempts, exponential backoff from 2 s with ±50 % jitter (2 s, 4 s, 8 s… about
 * 4 min in all), so a platform outage of a few minutes loses nothing and many jobs failing at
 * once do not retry in lockstep. Completed jobs are removed at once: the database keeps the
 * record (deliveries, planned_reminders), and a deterministic job id must be free to be added
 * again by the sweep. Failed jobs are kept (the last 5,000, 30 days): they are the dead-letter view.
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
  removeOnComplete: true,
  removeOnFail: { count: 5_000, age: 30 * 24 * 3600 },
};

/** The producer side: the web process, the CLI and the worker enqueue through these. */
export function createQueues(options: QueuesOptions): Queues {
  const outages = options.log ? redisOutageLog(options.log) : undefined;
  const connection: Redis = createRedisConnection(options.redisUrl, {
    connectionName: 'concerto-queues',
    ...(outages ? { outages } : {}),
  });
  const make = (name: QueueName) => {
    const q = new Queue(name, {
      connection,
      prefix: options.prefix,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    // The connection's own listener reports outages; without this one, EventEmitter throws.
    q.on('error', (err) => outages?.down(err));
    return q;
  };
  const deliveries = make(QUEUE_NAMES.deliveries);
  const reminders = make(QUEUE_NAMES.reminders);
  const maintenance = make(QUEUE_NAMES.maintenance);
  return {
    prefix: options.prefix,
    deliveries,
    reminders,
    maintenance,
    redis: connection,
    all: () => [deliveries, reminders, maintenance],
    async close() {
      // Bounded: with Redis unreachable, closing must not wait for it.
      if (connection.status !== 'ready') {
        connection.disconnect();
        return;
      }
      const closed = Promise.all([deliveries.close(), reminders.close(), maintenance.close()])
        .then(() => connection.quit())
        .catch(() => undefined);
      await Promise.race([closed, new Promise((r) => setTimeout(r, 2_000).unref())]);
      connection.disconnect();
    },
  };
}

export interface DeadLetter {
  queue: string;
  jobId: string;
  name: string;
  failedReason: string;
  attemptsMade: number;
  failedAt: Date | null;
  data: unknown;
}

/**
 * Jobs that failed for good (attempts exhausted, or UnrecoverableError): BullMQ moves a job to
 * `failed` only then; a job waiting for its next retry is `delayed`. Newest first.
 */
export async function listDeadLetters(
  queues: Queues,
  o: { limit?: number } = {},
): Promise<DeadLetter[]> {
  const limit = o.limit ?? 100;
  const out: DeadLetter[] = [];
  for (const q of queues.all()) {
    const jobs = await q.getFailed(0, limit - 1);
    for (const j of jobs) {
      if (!j) continue;
      out.push({
        queue: q.name,
        jobId: String(j.id),
        name: j.name,
        failedReason: j.failedReason,
        attemptsMade: j.attemptsMade,
        failedAt: j.finishedOn ? new Date(j.finishedOn) : null,
        data: j.data,
      });
    }
  }
  return out
    .sort((a, b) => (b.failedAt?.getTime() ?? 0) - (a.failedAt?.getTime() ?? 0))
    .slice(0, limit);
}
