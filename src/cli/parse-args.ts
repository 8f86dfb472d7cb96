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
    return new Date(now.getTime() + n * ms);
  }
  let dt = /^\d{4}-\d{2}-\d{2}$/.test(s)
    ? DateTime.fromISO(`${s}T23:59`, { zone: timezone })
    : DateTime.fromISO(s.replace(' ', 'T'), { zone: timezone, setZone: false });
  if (!dt.isValid) dt = DateTime.fromFormat(s, 'dd/MM/yyyy HH:mm', { zone: timezone });
  if (!dt.isValid)
    dt = DateTime.fromFormat(s, 'dd/MM/yyyy', { zone: timezone }).set({ hour: 23, minute: 59 });
  if (!dt.isValid) {
    throw new DomainError('DEADLINE_UNREADABLE', { input }, 'deadline');
  }
  return dt.toJSDate();
}

/** "6m", "180j", "2w" → days. */
export function parseDuration(input: string): number {
  const m = /^(\d+)\s*(j|d|s|w|m|a|y)?$/i.exec(input.trim());
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
  return Math.round(n * days);
}
