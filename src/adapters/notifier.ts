import type { NeutralMessage } from '../domain/messages';
import type { Platform } from '../domain/types';

/**
 * The port the delivery queue sends through. One implementation per platform (Slack, Teams, the
 * console). A notifier renders the neutral message for its platform and sends it; it does not
 * retry, and it does not sleep on a rate limit: it throws RateLimitedError and lets the queue
 * delay the job.
 */
export interface NotifierTarget {
  /** Slack team (or enterprise) id; Teams tenant id; a label for the console. */
  workspaceId: string;
  /** Slack channel id; Teams conversation id. */
  address: string;
  /** Platform-specific data (Teams: the conversation reference). Slack: unused. */
  reference?: unknown;
  /** Reply in the thread of this message (Slack: the parent's ts). */
  threadMessageId?: string;
  /** Replace this message instead of posting a new one (Slack: its ts). */
  updateMessageId?: string;
}

export interface SendContext {
  /**
   * The delivery row being sent. A notifier that can attach data to a message (Slack's message
   * `metadata`) carries it, so that `find` can recognise the message later.
   */
  deliveryId: string;
}

export interface Notifier {
  platform: Platform;
  /** Sends (or updates) the message; resolves with the platform's id of the message (Slack: ts). */
  send(
    target: NotifierTarget,
    message: NeutralMessage,
    context?: SendContext,
  ): Promise<{ messageId: string }>;
  /**
   * Looks on the platform for the message an earlier send of `deliveryId` may have posted
   * (posted at or after `since`). Called before sending again a delivery whose earlier send's
   * outcome is unknown (the worker died, or the answer was lost). Resolves `undefined` when the
   * platform has no such message; throws when it cannot tell. A notifier without `find` cannot
   * look: the delivery is sent again (at most one duplicate per send whose outcome was lost).
   */
  find?(
    target: NotifierTarget,
    deliveryId: string,
    since: Date,
  ): Promise<{ messageId: string } | undefined>;
}

/**
 * Whether a notifier's error proves that the platform did not accept the message (it answered
 * with a refusal or a rate limit). Any other error — a timeout, a reset connection, a 5xx — leaves
 * the outcome unknown: the platform may have posted it.
 */
export function provesNotSent(err: unknown): boolean {
  if (err instanceof RateLimitedError) return true;
  return typeof err === 'object' && err !== null && (err as { notSent?: unknown }).notSent === true;
}

/**
 * The platform said "slow down": retry this send no earlier than `retryAfterMs` from now. The
 * delivery queue delays the job by that much; it never drops or duplicates it.
 */
export class RateLimitedError extends Error {
  readonly notSent = true;
  constructor(public readonly retryAfterMs: number) {
    super(`Limite de débit atteinte : réessayer dans ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = 'RateLimitedError';
  }
}

export function isRateLimitedError(err: unknown): err is RateLimitedError {
  return err instanceof RateLimitedError;
}

/**
 * The platform cannot be searched for an earlier send (missing scope, a channel the bot cannot
 * read…), and retrying will not change that: the caller must decide without knowing.
 */
export class LookupUnavailableError extends Error {
  constructor(public readonly reason: string) {
    super(`Recherche du message impossible : ${reason}`);
    this.name = 'LookupUnavailableError';
  }
}
