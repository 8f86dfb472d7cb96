import type { NeutralMessage } from '../domain/messages';

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

export interface Notifier {
  platform: 'slack' | 'teams' | 'console';
  /** Sends (or updates) the message; resolves with the platform's id of the message (Slack: ts). */
  send(target: NotifierTarget, message: NeutralMessage): Promise<{ messageId: string }>;
}

/**
 * The platform said "slow down": retry this send no earlier than `retryAfterMs` from now. The
 * delivery queue delays the job by that much; it never drops or duplicates it.
 */
export class RateLimitedError extends Error {
  constructor(public readonly retryAfterMs: number) {
    super(`Limite de débit atteinte : réessayer dans ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = 'RateLimitedError';
  }
}

export function isRateLimitedError(err: unknown): err is RateLimitedError {
  return err instanceof RateLimitedError;
}
