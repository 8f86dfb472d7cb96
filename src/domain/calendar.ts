/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD) and wall-clock times in a time zone.
 *
 * Pure: no clock is read here, every instant comes in as an argument. ISO dates are calendar
 * days with no zone attached; they only become instants through `atLocalTime`, which is where
 * daylight saving time is handled (by luxon, from the IANA zone database).
 *
 * Public holidays are those of metropolitan France only. Alsace-Moselle (Vendredi saint,
 * 26 décembre) and the overseas départements (abolition de l'esclavage…) have more; a Caf there
 * would need its own list, which nothing here provides yet.
 */
import { DateTime } from 'luxon';
import { DomainError } from './errors';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The hour (local time) at which date-based reminders are sent. */
export const REMINDER_HOUR = 9;

/**
 * Parses a strict YYYY-MM-DD date as a zone-less calendar day (held in UTC so that adding days
 * never meets a DST transition). `field` is reported in the error.
 */
export function parseIsoDate(isoDate: string, field = 'date'): DateTime {
  const match = typeof isoDate === 'string' ? ISO_DATE.exec(isoDate) : null;
  const parsed = match
    ? DateTime.fromObject(
        { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) },
        { zone: 'UTC' },
      )
    : null;
  if (!parsed || !parsed.isValid) {
    throw new DomainError('DATE_INVALID', { value: String(isoDate) }, field);
  }
  return parsed;
}

function toIso(date: DateTime): string {
  // Always valid here: built from a parsed date by calendar arithmetic.
  return date.toISODate() as string;
}

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, a.k.a. Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const holidayCache = new Map<number, ReadonlySet<string>>();

/**
 * The 11 public holidays of metropolitan France in `year`, as sorted ISO dates: 1 janvier,
 * lundi de Pâques, 1 mai, 8 mai, Ascension, lundi de Pentecôte, 14 juillet, 15 août,
 * 1 novembre, 11 novembre, 25 décembre. Two of them may fall on the same day (1 or 8 mai and
 * Ascension in some years); the list then holds that date once.
 */
export function frenchPublicHolidays(year: number): string[] {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`frenchPublicHolidays: year must be a Gregorian year, got ${year}`);
  }
  const easter = parseIsoDate(easterSunday(year));
  const y = String(year);
  const dates = new Set([
    `${y}-01-01`,
    toIso(easter.plus({ days: 1 })), // lundi de Pâques
    `${y}-05-01`,
    `${y}-05-08`,
    toIso(easter.plus({ days: 39 })), // Ascension
    toIso(easter.plus({ days: 50 })), // lundi de Pentecôte
    `${y}-07-14`,
    `${y}-08-15`,
    `${y}-11-01`,
    `${y}-11-11`,
    `${y}-12-25`,
  ]);
  return [...dates].sort();
}

function holidaysOf(year: number): ReadonlySet<string> {
  let set = holidayCache.get(year);
  if (!set) {
    set = new Set(frenchPublicHolidays(year));
    holidayCache.set(year, set);
  }
  return set;
}

/** Monday to Friday and not a French public holiday. */
export function isWorkingDay(isoDate: string): boolean {
  const date = parseIsoDate(isoDate);
  return date.weekday <= 5 && !holidaysOf(date.year).has(toIso(date));
}

/** `isoDate` itself when it is a working day, else the first working day after it. */
export function nextWorkingDay(isoDate: string): string {
  let date = parseIsoDate(isoDate);
  while (!isWorkingDay(toIso(date))) date = date.plus({ days: 1 });
  return toIso(date);
}

/** `isoDate` itself when it is a working day, else the last working day before it. */
export function previousWorkingDay(isoDate: string): string {
  let date = parseIsoDate(isoDate);
  while (!isWorkingDay(toIso(date))) date = date.minus({ days: 1 });
  return toIso(date);
}

/**
 * The instant at which the clocks in `timezone` show `hour:minute` on `isoDate`.
 * A wall-clock time skipped by a spring-forward transition (02:30 in Paris on the last Sunday of
 * March) is moved forward by the gap (03:30); one that occurs twice in autumn resolves to luxon's
 * choice (the later, winter-time, offset). 9:00 is neither, in any zone Concerto serves.
 */
export function atLocalTime(isoDate: string, hour: number, minute: number, timezone: string): Date {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw new RangeError(`atLocalTime: hour must be an integer 0-23, got ${hour}`);
  }
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) {
    throw new RangeError(`atLocalTime: minute must be an integer 0-59, got ${minute}`);
  }
  const date = parseIsoDate(isoDate);
  const local = DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour, minute },
    { zone: timezone },
  );
  if (!local.isValid) throw timezoneInvalid(timezone);
  return local.toJSDate();
}

/** 9:00 local time on the first working day on or after `isoDate`. */
export function reminderInstant(isoDate: string, timezone = 'Europe/Paris'): Date {
  return atLocalTime(nextWorkingDay(isoDate), REMINDER_HOUR, 0, timezone);
}

/** The calendar date (YYYY-MM-DD) that `instant` falls on in `timezone`. */
export function localDate(instant: Date, timezone: string): string {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new DomainError('DATE_INVALID', {}, 'date');
  }
  const local = DateTime.fromJSDate(instant, { zone: timezone });
  if (!local.isValid) throw timezoneInvalid(timezone);
  return toIso(local);
}

/**
 * Adds (or, when negative, subtracts) calendar months. A day that does not exist in the target
 * month is clamped to its last day: 2028-05-31 − 3 months = 2028-02-29.
 */
export function addMonths(isoDate: string, months: number): string {
  if (!Number.isInteger(months))
    throw new RangeError(`addMonths: months must be an integer, got ${months}`);
  return toIso(parseIsoDate(isoDate).plus({ months }));
}

/** Adds (or, when negative, subtracts) calendar days. */
export function addDays(isoDate: string, days: number): string {
  if (!Number.isInteger(days))
    throw new RangeError(`addDays: days must be an integer, got ${days}`);
  return toIso(parseIsoDate(isoDate).plus({ days }));
}

/** "31/05/2028": the short French form used in messages. */
export function formatDateFr(isoDate: string): string {
  return parseIsoDate(isoDate).toFormat('dd/MM/yyyy');
}

function timezoneInvalid(timezone: string): DomainError {
  return new DomainError('TIMEZONE_INVALID', { timezone }, 'timezone');
}

const FRENCH_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/**
 * A date as a register holds it: ISO `2027-12-31` or French `31/12/2027` (also `31-12-2027`,
 * `31.12.2027`, and without leading zeros `1/2/2027`). Returns the ISO date, or null when the
 * text is neither or names no real day (`31/02/2027`).
 */
export function parseRegisterDate(input: string): string | null {
  const s = input.trim();
  let y: number, m: number, d: number;
  const iso = ISO_DATE.exec(s);
  const fr = iso ? null : FRENCH_DATE.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (fr) [d, m, y] = [Number(fr[1]), Number(fr[2]), Number(fr[3])];
  else return null;
  // Plain arithmetic (a register has tens of thousands of dates): Gregorian month lengths.
  if (y < 1 || m < 1 || m > 12 || d < 1) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
  if (d > days) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
