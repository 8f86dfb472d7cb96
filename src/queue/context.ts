import type { Notifier } from '../adapters/notifier';
import type { AppDeps } from '../app/deps';
import type { Platform } from '../domain/types';
import type { Logger } from '../logger';
import type { Queues } from './queues';
import type { OutageLog } from './infra';
import type { SqlClient } from '../store/sql';

/** Timing settings of the job handlers, each with its default. */
export interface QueueSettings {
  /**
   * A delivery claim whose job lock is gone (its worker died, or Redis lost it) is taken over
   * only once it is older than this, so that a send still on the wire has ended by then. Must
   * exceed the longest notifier call (their HTTP timeouts are 30 s). Default: 35 s.
   */
  deliveryClaimStaleMs: number;
  /** How long to wait before looking again at a claim whose execution is alive. Default: 5 s. */
  liveClaimRecheckMs: number;
  /**
   * After an infrastructure error (Postgres or Redis unreachable) a job is delayed by this,
   * doubling at each consecutive failure up to `infraBackoffMaxMs`, and spends no attempt.
   * Defaults: 1 s, 30 s.
   */
  infraBackoffMs: number;
  infraBackoffMaxMs: number;
  /**
   * Teams messages in flight at once in one worker. Teams cannot be searched for a message whose
   * send's outcome was lost, so each message in flight when a worker dies may arrive twice:
   * this bounds the duplicates per crash. Default: 1.
   */
  teamsInFlight: number;
  /**
   * Only reminders due within this horizon get a delayed job; the sweep adds the others as they
   * come within it. Redis then holds days, not 14 months, of agrément reminders. Default: 48 h.
   */
  reminderHorizonMs: number;
  /** How long to wait before retrying a delivery whose thread parent is not sent yet. Default: 2 s. */
  parentWaitMs: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  deliveryClaimStaleMs: 35_000,
  liveClaimRecheckMs: 5_000,
  infraBackoffMs: 1_000,
  infraBackoffMaxMs: 30_000,
  teamsInFlight: 1,
  reminderHorizonMs: 48 * 3_600_000,
  parentWaitMs: 2_000,
};

export interface JobContext {
  /** Use-case dependencies; their outbox enqueues on `queues`. */
  deps: AppDeps;
  queues: Queues;
  notifiers: Partial<Record<Platform, Notifier>>;
  log: Logger;
  settings: QueueSettings;
  /** Plain SQL for the delivery hot path (a pg pool, or Prisma's raw queries). */
  sql: SqlClient;
  /** One log line per outage of each store (infra.ts). */
  outages?: { database: OutageLog; redis: OutageLog };
  /** True once the worker is stopping: loops that wait for a store give up. */
  isClosing?: () => boolean;
}
