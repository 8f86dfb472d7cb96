import { DateTime } from 'luxon';
import { DomainError } from '../domain/errors';

/**
 * A deadline as a pilot types it, in the tenant's time zone: "2026-12-11 17:00", "2026-12-11"
 * (then 23:59), an ISO instant with offset, or a delay from now: "+10min", "+2h", "+3j".
 */
export function parseDeadline(input: string, timezone: string, now: Date): Date {
  const s = input.trim();
  const rel = /^\+(\d+)\s*(min|m|h|j|d)$/i.exec(s);
  if (rel) {
    const n = Number(rel[1]);
    const unit = rel[2]!.toLowerCase();
    const ms = unit === 'h' ? 3_600_000 : unit === 'j' || unit === 'd' ? 86_400_000 : 60_000;
    // Far too large a number is refused by the deadline's bounds (assertDeadlineInFuture).
    return new Date(Math.min(now.getTime() + n * ms, 8.64e15));
  }
  // Read as a wall-clock time first, then placed in the Caf's zone: a time that does not exist
  // there (the spring-forward gap) is refused rather than silently moved an hour on.
  if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(s)) {
    // An instant with an explicit offset ("…T17:00+01:00"): no wall-clock reading to check.
    const instant = DateTime.fromISO(s);
    if (!instant.isValid) throw new DomainError('DEADLINE_UNREADABLE', { input }, 'deadline');
    return instant.toJSDate();
  }
  let wall = /^\d{4}-\d{2}-\d{2}$/.test(s)
    ? DateTime.fromISO(`${s}T23:59`, { zone: 'UTC' })
    : DateTime.fromISO(s.replace(' ', 'T'), { zone: 'UTC' });
  if (!wall.isValid) wall = DateTime.fromFormat(s, 'dd/MM/yyyy HH:mm', { zone: 'UTC' });
  if (!wall.isValid)
    wall = DateTime.fromFormat(s, 'dd/MM/yyyy', { zone: 'UTC' }).set({ hour: 23, minute: 59 });
  if (!wall.isValid) {
    throw new DomainError('DEADLINE_UNREADABLE', { input }, 'deadline');
  }
  const fields = {
    year: wall.year,
    month: wall.month,
    day: wall.day,
    hour: wall.hour,
    minute: wall.minute,
  };
  const dt = DateTime.fromObject(fields, { zone: timezone });
  if (dt.hour !== fields.hour || dt.minute !== fields.minute || dt.day !== fields.day) {
    throw new DomainError('DEADLINE_NONEXISTENT', { input, timezone }, 'deadline');
  }
  return dt.toJSDate();
}

/** The longest duration an option takes: ten years (a typo such as 99999999j is refused). */
const MAX_DURATION_DAYS = 3653;

/** "6m", "180j", "2w" → days. */
export function parseDuration(input: string): number {
  const m = /^(\d{1,9})\s*(j|d|s|w|m|a|y)?$/i.exec(input.trim());
  if (!m) throw new DomainError('DURATION_INVALID', { input });
  const n = Number(m[1]);
  const unit = (m[2] ?? 'j').toLowerCase();
  const days =
    unit === 's' || unit === 'w'
      ? 7
      : unit === 'm'
        ? 30.44
        : unit === 'a' || unit === 'y'
          ? 365.25
          : 1;
  const total = Math.round(n * days);
  if (total > MAX_DURATION_DAYS)
    throw new DomainError('DURATION_TOO_LONG', { input, maxDays: MAX_DURATION_DAYS });
  return total;
}

/** A whole number typed in an option (`--version 2`), within bounds; anything else is refused. */
export function parseWholeNumber(
  option: string,
  input: string,
  bounds: { min: number; max: number },
): number {
  const s = input.trim();
  const n = /^\d{1,9}$/.test(s) ? Number(s) : NaN;
  if (!Number.isInteger(n) || n < bounds.min || n > bounds.max) {
    throw new DomainError('NUMBER_INVALID', { option, value: input, ...bounds }, option);
  }
  return n;
}
