import type { Notifier } from '../adapters/notifier';
import type { AppDeps } from '../app/deps';
import type { Platform } from '../domain/types';
import type { Logger } from '../logger';
import type { Queues } from './queues';
import type { SqlClient } from './sql';

/** Timing settings of the job handlers, each with its default. */
export interface QueueSettings {
  /**
   * A delivery claimed (status `sending`) longer ago than this is presumed abandoned by a dead
   * worker and may be claimed again. Must exceed the longest notifier call (their HTTP timeouts
   * are 30 s). Default: 120 s.
   */
  deliveryClaimStaleMs: number;
  /** Same for a planned reminder's claim (its use case runs a few queries). Default: 120 s. */
  reminderClaimStaleMs: number;
  /**
   * Only reminders due within this horizon get a delayed job; the sweep adds the others as they
   * come within it. Redis then holds days, not 14 months, of agrément reminders. Default: 48 h.
   */
  reminderHorizonMs: number;
  /** How long to wait before retrying a delivery whose thread parent is not sent yet. Default: 2 s. */
  parentWaitMs: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  deliveryClaimStaleMs: 120_000,
  reminderClaimStaleMs: 120_000,
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
}
