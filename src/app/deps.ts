import type { Logger } from 'pino';
import type { Db } from '../store/db';
import type { ChartLinkSigner } from './chart-links';

/**
 * What every use case receives. Use cases write outbound messages (deliveries) and planned
 * reminders as rows in the same transaction as the change that causes them (an outbox); after
 * the commit they tell `outbox`, which enqueues the matching BullMQ jobs. Without a queue (the
 * CLI before the worker exists, unit tests) the outbox does nothing and the worker's periodic
 * sweep picks the rows up: nothing is lost either way.
 */
export interface AppDeps {
  db: Db;
  /** The clock. Tests pass a fixed one. */
  now: () => Date;
  log: Logger;
  outbox: Outbox;
  /** Base URL of the web process, for links in messages. Default: http://localhost:3000. */
  publicUrl?: string;
  /**
   * Signs the links to the chart images of the results messages (app/chart-links.ts). Set only
   * when PUBLIC_URL is (Slack, Teams and mail clients fetch the image from it); without it the
   * results messages are text only.
   */
  chartLinks?: ChartLinkSigner;
}

export interface Outbox {
  deliveriesCreated(deliveryIds: string[]): Promise<void>;
  remindersPlanned(reminderIds: string[]): Promise<void>;
  remindersCancelled(reminderIds: string[]): Promise<void>;
}

export const NO_OUTBOX: Outbox = {
  async deliveriesCreated() {},
  async remindersPlanned() {},
  async remindersCancelled() {},
};

/** Who does something: recorded in audit events and on avis. */
export type Actor =
  | { kind: 'member'; memberId: string; label: string }
  | { kind: 'cli'; label: string }
  /** An organisation's e-mail contact, from its personal ballot link. */
  | { kind: 'contact'; label: string }
  | { kind: 'scheduler'; label: string };

export const CLI_ACTOR: Actor = { kind: 'cli', label: 'cli' };
export const SCHEDULER_ACTOR: Actor = { kind: 'scheduler', label: 'scheduler' };

/** A member as the actor of what they do. */
export function memberActor(member: { id: string; displayName: string }): Actor {
  return { kind: 'member', memberId: member.id, label: member.displayName };
}
