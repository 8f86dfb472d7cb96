import { DomainError } from '../domain/errors';
import type { Platform } from '../domain/types';
import type { Db } from '../store/db';
import {
  bumpInviteAttempts,
  forgetInviteAttempts,
  unbumpInviteAttempts,
} from '../store/repositories/invite-attempts';

/**
 * Limits on invitation codes tried, per platform user and per Slack workspace or Teams tenant,
 * in a fixed window. A code has 60 bits of randomness: the limits do not make guessing harder
 * than it is, they stop one account (or one workspace of throwaway accounts) from trying
 * thousands, and keep the failures visible in one place.
 */
export interface InviteThrottleLimits {
  /** Attempts per user per window. Default: 5. */
  perUser: number;
  /** Attempts per workspace (Slack team, Teams tenant) per window. Default: 30. */
  perWorkspace: number;
  /** Window length in milliseconds. Default: 15 minutes. */
  windowMs: number;
}

export const DEFAULT_INVITE_THROTTLE: InviteThrottleLimits = {
  perUser: 5,
  perWorkspace: 30,
  windowMs: 15 * 60_000,
};

export interface InviteAttemptBy {
  platform: Platform;
  workspaceId: string;
  userId: string;
}

/** An attempt counted; `succeeded()` gives it back, so only failed codes use up the limits. */
export interface CountedAttempt {
  succeeded(): Promise<void>;
}

/**
 * Counts one attempt for the user, then for the workspace, before the code is even looked up:
 * an attempt over either limit is refused without telling whether the code exists. A user over
 * their own limit is refused before the workspace counts the attempt, so one person hammering
 * cannot lock their colleagues out. Each count is one atomic upsert (two web processes counting
 * at once both see each other's attempt). Rows whose window ended long ago are deleted on the way.
 */
export async function countInviteAttempt(
  db: Db,
  by: InviteAttemptBy,
  limits: InviteThrottleLimits,
  now: Date,
): Promise<CountedAttempt> {
  const userKey = `user:${by.platform}:${by.workspaceId}:${by.userId}`;
  const workspaceKey = `workspace:${by.platform}:${by.workspaceId}`;
  const windowStartedBefore = new Date(now.getTime() - limits.windowMs);
  await forgetInviteAttempts(db, new Date(now.getTime() - 4 * limits.windowMs));

  const bump = async (key: string, limit: number) => {
    const row = await bumpInviteAttempts(db, { key, now, windowStartedBefore });
    if (row && row.count > limit) throw throttled(row.window_start.getTime() + limits.windowMs);
  };
  const throttled = (reopensAt: number) => {
    const minutes = Math.max(1, Math.ceil((reopensAt - now.getTime()) / 60_000));
    return new DomainError('INVITE_CODE_THROTTLED', { retryInMinutes: minutes });
  };

  await bump(userKey, limits.perUser);
  await bump(workspaceKey, limits.perWorkspace);
  return {
    async succeeded() {
      await unbumpInviteAttempts(db, [userKey, workspaceKey]);
    },
  };
}

/** The limits of the INVITE_ATTEMPTS_* settings. */
export function inviteThrottleOf(config: {
  INVITE_ATTEMPTS_PER_USER: number;
  INVITE_ATTEMPTS_PER_WORKSPACE: number;
  INVITE_ATTEMPTS_WINDOW_MINUTES: number;
}): InviteThrottleLimits {
  return {
    perUser: config.INVITE_ATTEMPTS_PER_USER,
    perWorkspace: config.INVITE_ATTEMPTS_PER_WORKSPACE,
    windowMs: config.INVITE_ATTEMPTS_WINDOW_MINUTES * 60_000,
  };
}
