import type { Db } from '../db';

/** The `invite_attempts` counters (invitation codes tried, by user and by workspace). */

/** Deletes the counters whose window started before `before`. */
export async function forgetInviteAttempts(db: Db, before: Date): Promise<void> {
  await db.$executeRaw`
    DELETE FROM invite_attempts
    WHERE window_start < ${before}`;
}

/**
 * Counts one attempt under `key`, in one atomic upsert: a window that started at or before
 * `windowStartedBefore` is over, and the count starts again at 1 from `now`. Returns the count
 * and the start of the current window.
 */
export async function bumpInviteAttempts(
  db: Db,
  o: { key: string; now: Date; windowStartedBefore: Date },
): Promise<{ count: number; window_start: Date } | undefined> {
  const [row] = await db.$queryRaw<{ count: number; window_start: Date }[]>`
      INSERT INTO invite_attempts (key, window_start, count) VALUES (${o.key}, ${o.now}, 1)
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN invite_attempts.window_start <= ${o.windowStartedBefore}
                     THEN 1 ELSE invite_attempts.count + 1 END,
        window_start = CASE WHEN invite_attempts.window_start <= ${o.windowStartedBefore}
                            THEN ${o.now} ELSE invite_attempts.window_start END
      RETURNING count, window_start`;
  return row;
}

/** Takes back one attempt under each key (the code was right). */
export async function unbumpInviteAttempts(db: Db, keys: [string, string]): Promise<void> {
  await db.$executeRaw`
        UPDATE invite_attempts SET count = GREATEST(count - 1, 0)
        WHERE key IN (${keys[0]}, ${keys[1]})`;
}
