/**
 * A consultation round's reminder schedule: when to remind the partners who have not answered,
 * and when to close. Pure: `now`, the deadline and the time zone come in as arguments.
 *
 * A schedule is a list of normalised specs, each relative to the round's deadline:
 *   - `P<n>D`  n days before, at the same wall-clock time as the deadline (DST-aware);
 *   - `PT<n>H` n hours before, `PT<n>M` n minutes before (exact durations);
 *   - `morning` 9:00 local time on the deadline's day, when that is before the deadline.
 * Users may type them the French way: `7j, 2j, matin`, `6h`, `30min`.
 */
import { DateTime } from 'luxon';
import { atLocalTime, localDate, REMINDER_HOUR } from './calendar';
import type { ScheduleProblem } from './catalogue/fr';
import { DomainError } from './errors';
import type { Locale } from './types';

export const DEFAULT_ROUND_SCHEDULE: readonly string[] = Object.freeze(['P7D', 'P2D', 'morning']);

/** Largest offset accepted per unit: beyond these a "reminder" would come before most rounds open. */
export const ROUND_SCHEDULE_LIMITS = { days: 90, hours: 168, minutes: 1440 } as const;
/** More reminders than this is spam, whatever the round. */
export const MAX_ROUND_REMINDERS = 10;

/**
 * A launch form's defaults, on every channel (Slack modal, Teams card): the deadline 14 days
 * ahead at 18:00, reminders 7 and 2 days before and that morning (DEFAULT_ROUND_SCHEDULE).
 */
export const LAUNCH_DEFAULTS = Object.freeze({
  deadlineInDays: 14,
  deadlineTime: '18:00',
  reminderDaysBefore: Object.freeze([7, 2, 0]) as readonly number[],
});

/** « 7, 2, 0 » days before the deadline → a reminder schedule's words (« 7j, 2j, matin »). */
export function reminderScheduleWords(days: readonly number[]): string {
  if (days.length === 0) return 'aucun';
  return days.map((d) => (d === 0 ? 'matin' : `${d}j`)).join(', ');
}

/** The default deadline's date (ISO), counted in the Caf's time zone. */
export function defaultLaunchDeadlineDate(now: Date, timezone: string): string {
  return DateTime.fromJSDate(now, { zone: timezone })
    .plus({ days: LAUNCH_DEFAULTS.deadlineInDays })
    .toISODate()!;
}

type Spec =
  | { kind: 'days'; n: number }
  | { kind: 'hours'; n: number }
  | { kind: 'minutes'; n: number }
  | { kind: 'morning' };

const PATTERNS: { re: RegExp; kind: 'days' | 'hours' | 'minutes' }[] = [
  { re: /^p(\d+)d$/, kind: 'days' },
  { re: /^pt(\d+)h$/, kind: 'hours' },
  { re: /^pt(\d+)m$/, kind: 'minutes' },
  { re: /^(\d+)(?:j|jours?|d|days?)$/, kind: 'days' },
  { re: /^(\d+)(?:h|heures?|hours?)$/, kind: 'hours' },
  // No bare "m": in French it would as well read as "mois".
  { re: /^(\d+)(?:min|mn|minutes?)$/, kind: 'minutes' },
];
const MORNING_WORDS = new Set(['morning', 'matin']);
const NONE_WORDS = new Set(['aucun', 'none']);

function scheduleInvalid(problem: ScheduleProblem): DomainError {
  return new DomainError('SCHEDULE_INVALID', problem, 'schedule');
}

function parseItem(item: string): Spec {
  const lower = item.toLowerCase();
  if (MORNING_WORDS.has(lower)) return { kind: 'morning' };
  for (const { re, kind } of PATTERNS) {
    const match = re.exec(lower);
    if (!match) continue;
    const n = Number(match[1]);
    const max = ROUND_SCHEDULE_LIMITS[kind];
    if (n < 1 || n > max) {
      throw scheduleInvalid({ problem: 'out_of_range', item, max, unit: kind });
    }
    return { kind, n };
  }
  throw scheduleInvalid({ problem: 'unknown_item', item });
}

function specToString(spec: Spec): string {
  switch (spec.kind) {
    case 'days':
      return `P${spec.n}D`;
    case 'hours':
      return `PT${spec.n}H`;
    case 'minutes':
      return `PT${spec.n}M`;
    case 'morning':
      return 'morning';
  }
}

function tokenize(input: string | readonly string[]): string[] {
  const parts = typeof input === 'string' ? [input] : input;
  return parts.flatMap((part) => {
    if (typeof part !== 'string') throw scheduleInvalid({ problem: 'not_text_item' });
    // "7 jours" → "7jours", so that items may also be separated by spaces ("7j 2j matin").
    return part
      .replace(/(\d)\s+(?=\p{L})/gu, '$1')
      .split(/[\s,;]+/)
      .filter((token) => token !== '');
  });
}

/**
 * Normalises a reminder schedule: `"7j, 2j, matin"` → `['P7D', 'P2D', 'morning']`. Accepts the
 * normalised specs themselves (case-insensitive), a string with items separated by commas,
 * semicolons or spaces, or an array of either. Repeated items are kept once, in first-seen order.
 * `"aucun"` (or `"none"`) alone means no reminders; an empty schedule is refused, since it is more
 * likely a slip than a choice.
 */
export function parseRoundSchedule(input: string | string[]): string[] {
  if (typeof input !== 'string' && !Array.isArray(input)) {
    throw scheduleInvalid({ problem: 'not_text' });
  }
  const tokens = tokenize(input);
  if (tokens.length === 0) {
    throw scheduleInvalid({ problem: 'empty' });
  }
  if (tokens.some((t) => NONE_WORDS.has(t.toLowerCase()))) {
    if (tokens.length === 1) return [];
    throw scheduleInvalid({ problem: 'none_combined' });
  }
  const specs = [...new Set(tokens.map((token) => specToString(parseItem(token))))];
  if (specs.length > MAX_ROUND_REMINDERS) {
    throw scheduleInvalid({ problem: 'too_many', max: MAX_ROUND_REMINDERS, count: specs.length });
  }
  return specs;
}

export interface PlannedRoundReminder {
  /** `reminder.<spec>` (e.g. `reminder.P7D`, `reminder.morning`) or `close`. */
  step: string;
  dueAt: Date;
}

export interface PlanRoundRemindersOptions {
  deadline: Date;
  /** Normalised or not: it goes through `parseRoundSchedule`. */
  schedule: readonly string[];
  /** Reminders due at or before this instant are not planned. */
  now: Date;
  /** IANA zone of the Caf, e.g. `Europe/Paris`: where "7 days before" and "morning" are read. */
  timezone: string;
}

/**
 * The reminders still to come for a round, sorted, then `{ step: 'close', dueAt: deadline }`,
 * which is always there — even when the deadline has passed, so that a late sweep still closes.
 * Two specs landing on the same instant (`PT8H` and `morning` for a 17:00 deadline) give one
 * reminder, named after the one listed first in the schedule.
 */
export function planRoundReminders(options: PlanRoundRemindersOptions): PlannedRoundReminder[] {
  const seen = new Set<number>();
  const reminders: PlannedRoundReminder[] = [];
  for (const { spec, dueAt } of reminderTimes(options)) {
    const time = dueAt.getTime();
    if (time <= options.now.getTime() || seen.has(time)) continue;
    seen.add(time);
    reminders.push({ step: `reminder.${spec}`, dueAt });
  }
  reminders.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  reminders.push({ step: 'close', dueAt: options.deadline });
  return reminders;
}

/** A reminder of the schedule that falls at or before `now`: it is not planned. */
export interface PastRoundReminder {
  /** Normalised spec: `P7D`, `PT6H`, `PT30M`, `morning`. */
  spec: string;
  dueAt: Date;
}

/**
 * The reminders of a schedule that `planRoundReminders` leaves out because they fall at or
 * before `now` (a round launched less than 7 days before its deadline has no « 7 days before »),
 * sorted: what a pilot launching the round is told.
 */
export function pastRoundReminders(options: PlanRoundRemindersOptions): PastRoundReminder[] {
  return reminderTimes(options)
    .filter((r) => r.dueAt.getTime() <= options.now.getTime())
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** When each reminder of the schedule falls (a « morning » after the deadline has none). */
function reminderTimes(options: PlanRoundRemindersOptions): PastRoundReminder[] {
  const { deadline, timezone } = options;
  const schedule = options.schedule.length === 0 ? [] : parseRoundSchedule([...options.schedule]);
  const deadlineDate = localDate(deadline, timezone); // validates the deadline and the zone
  const local = DateTime.fromJSDate(deadline, { zone: timezone });
  const out: PastRoundReminder[] = [];
  for (const spec of schedule) {
    const parsed = parseItem(spec);
    let dueAt: Date;
    switch (parsed.kind) {
      case 'days':
        dueAt = local.minus({ days: parsed.n }).toJSDate();
        break;
      case 'hours':
        dueAt = new Date(deadline.getTime() - parsed.n * 3_600_000);
        break;
      case 'minutes':
        dueAt = new Date(deadline.getTime() - parsed.n * 60_000);
        break;
      case 'morning':
        dueAt = atLocalTime(deadlineDate, REMINDER_HOUR, 0, timezone);
        if (dueAt.getTime() >= deadline.getTime()) continue;
        break;
    }
    out.push({ spec, dueAt });
  }
  return out;
}

/**
 * The deadline as partners read it: "vendredi 11 décembre 2026 à 17 h 00" (French typography:
 * "1er" for the first of the month, "17 h 05") or "Friday 11 December 2026, 5:00 PM".
 */
export function formatDeadline(deadline: Date, locale: Locale, timezone: string): string {
  // Every message of a round formats the same deadline: keep the few results (luxon's
  // formatting builds Intl formatters each time).
  const key = `${deadline.getTime()}|${locale}|${timezone}`;
  const cached = deadlineTexts.get(key);
  if (cached !== undefined) return cached;
  const text = formatDeadlineUncached(deadline, locale, timezone);
  if (deadlineTexts.size >= 1000) deadlineTexts.clear();
  deadlineTexts.set(key, text);
  return text;
}

const deadlineTexts = new Map<string, string>();

function formatDeadlineUncached(deadline: Date, locale: Locale, timezone: string): string {
  localDate(deadline, timezone); // validates the deadline and the zone
  const local = DateTime.fromJSDate(deadline, { zone: timezone });
  if (locale === 'fr') {
    const day = local.day === 1 ? '1er' : String(local.day);
    const fr = local.setLocale('fr');
    return `${fr.toFormat('cccc')} ${day} ${fr.toFormat('LLLL yyyy')} à ${fr.toFormat("H 'h' mm")}`;
  }
  return local.setLocale('en-US').toFormat('cccc d LLLL yyyy, h:mm a');
}
