import {
  addDays,
  addMonths,
  atLocalTime,
  easterSunday,
  formatDateFr,
  frenchPublicHolidays,
  isWorkingDay,
  localDate,
  nextWorkingDay,
  parseIsoDate,
  previousWorkingDay,
  reminderInstant,
} from '../../src/domain/calendar';
import { domainCode } from '../support/errors';

describe('easterSunday', () => {
  it.each([
    [2008, '2008-03-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('Easter %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe('frenchPublicHolidays', () => {
  it('lists the 11 holidays of 2026, sorted', () => {
    expect(frenchPublicHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-04-06', // lundi de Pâques
      '2026-05-01',
      '2026-05-08',
      '2026-05-14', // Ascension
      '2026-05-25', // lundi de Pentecôte
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
  });

  it.each([
    [2024, '2024-04-01', '2024-05-09', '2024-05-20'],
    [2025, '2025-04-21', '2025-05-29', '2025-06-09'],
    [2027, '2027-03-29', '2027-05-06', '2027-05-17'],
  ])('places the Easter-based holidays of %i', (year, easterMonday, ascension, pentecostMonday) => {
    const holidays = frenchPublicHolidays(year);
    expect(holidays).toHaveLength(11);
    expect(holidays).toEqual(expect.arrayContaining([easterMonday, ascension, pentecostMonday]));
  });

  it('lists a date once when Ascension falls on 1 mai (2008)', () => {
    const holidays = frenchPublicHolidays(2008);
    expect(holidays).toContain('2008-05-01');
    expect(holidays).toHaveLength(10);
  });

  it('does not include Alsace-Moselle holidays (Vendredi saint, 26 décembre)', () => {
    expect(frenchPublicHolidays(2026)).not.toContain('2026-04-03');
    expect(frenchPublicHolidays(2026)).not.toContain('2026-12-26');
  });
});

describe('isWorkingDay', () => {
  it('is true on an ordinary weekday', () => {
    expect(isWorkingDay('2026-06-10')).toBe(true); // Wednesday
  });
  it('is false on Saturday and Sunday', () => {
    expect(isWorkingDay('2026-06-13')).toBe(false);
    expect(isWorkingDay('2026-06-14')).toBe(false);
  });
  it('is false on a weekday public holiday', () => {
    expect(isWorkingDay('2026-07-14')).toBe(false); // Tuesday
    expect(isWorkingDay('2026-05-14')).toBe(false); // Ascension, Thursday
  });
  it('refuses a malformed date', () => {
    expect(domainCode(() => isWorkingDay('2026-02-30'))).toBe('DATE_INVALID');
  });
});

describe('nextWorkingDay / previousWorkingDay', () => {
  it('keeps a working day', () => {
    expect(nextWorkingDay('2026-06-10')).toBe('2026-06-10');
    expect(previousWorkingDay('2026-06-10')).toBe('2026-06-10');
  });
  it('moves a Saturday to the Monday', () => {
    expect(nextWorkingDay('2026-06-13')).toBe('2026-06-15');
  });
  it('skips a holiday that follows a weekend (Easter Monday 2026)', () => {
    expect(nextWorkingDay('2026-04-04')).toBe('2026-04-07');
  });
  it('skips a Friday holiday and the weekend after it (8 mai 2026)', () => {
    expect(nextWorkingDay('2026-05-08')).toBe('2026-05-11');
  });
  it('crosses the new year (1 janvier 2028 is a Saturday)', () => {
    expect(nextWorkingDay('2027-12-31')).toBe('2027-12-31');
    expect(nextWorkingDay('2028-01-01')).toBe('2028-01-03');
  });
  it('goes back over a weekend and a holiday', () => {
    expect(previousWorkingDay('2026-05-10')).toBe('2026-05-07'); // Sun → Thu, 8 mai is a Friday
  });
});

describe('atLocalTime', () => {
  it('is 08:00Z for 9:00 in Paris in winter', () => {
    expect(atLocalTime('2026-01-15', 9, 0, 'Europe/Paris').toISOString()).toBe(
      '2026-01-15T08:00:00.000Z',
    );
  });
  it('is 07:00Z for 9:00 in Paris in summer', () => {
    expect(atLocalTime('2026-07-15', 9, 0, 'Europe/Paris').toISOString()).toBe(
      '2026-07-15T07:00:00.000Z',
    );
  });
  it('follows the DST change on the very day it happens', () => {
    expect(atLocalTime('2026-03-29', 9, 0, 'Europe/Paris').toISOString()).toBe(
      '2026-03-29T07:00:00.000Z',
    );
    expect(atLocalTime('2026-10-25', 9, 0, 'Europe/Paris').toISOString()).toBe(
      '2026-10-25T08:00:00.000Z',
    );
    expect(atLocalTime('2026-03-28', 9, 0, 'Europe/Paris').toISOString()).toBe(
      '2026-03-28T08:00:00.000Z',
    );
  });
  it('honours minutes and other zones', () => {
    expect(atLocalTime('2026-01-15', 17, 30, 'Indian/Reunion').toISOString()).toBe(
      '2026-01-15T13:30:00.000Z',
    );
  });
  it('moves a time skipped by the spring-forward gap forward by the gap', () => {
    expect(atLocalTime('2026-03-29', 2, 30, 'Europe/Paris').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });
  it('refuses an unknown time zone', () => {
    expect(domainCode(() => atLocalTime('2026-01-15', 9, 0, 'Europe/Atlantis'))).toBe(
      'TIMEZONE_INVALID',
    );
  });
  it('refuses an impossible hour or minute', () => {
    expect(() => atLocalTime('2026-01-15', 24, 0, 'Europe/Paris')).toThrow(RangeError);
    expect(() => atLocalTime('2026-01-15', 9, 60, 'Europe/Paris')).toThrow(RangeError);
  });
});

describe('reminderInstant', () => {
  it('is 9:00 Paris on the date itself when it is a working day', () => {
    expect(reminderInstant('2026-06-10').toISOString()).toBe('2026-06-10T07:00:00.000Z');
  });
  it('moves to 9:00 on the next working day, in winter time', () => {
    // Friday 25 December 2026 → Monday 28 December.
    expect(reminderInstant('2026-12-25').toISOString()).toBe('2026-12-28T08:00:00.000Z');
  });
  it('uses the given time zone', () => {
    expect(reminderInstant('2026-06-10', 'Indian/Reunion').toISOString()).toBe(
      '2026-06-10T05:00:00.000Z',
    );
  });
});

describe('localDate', () => {
  it('gives the date of an instant in the zone, not in UTC', () => {
    const lateEvening = new Date('2026-07-14T22:30:00Z');
    expect(localDate(lateEvening, 'Europe/Paris')).toBe('2026-07-15');
    expect(localDate(lateEvening, 'UTC')).toBe('2026-07-14');
  });
  it('refuses an invalid instant or zone', () => {
    expect(domainCode(() => localDate(new Date('nope'), 'Europe/Paris'))).toBe('DATE_INVALID');
    expect(domainCode(() => localDate(new Date(), 'Nowhere/Zone'))).toBe('TIMEZONE_INVALID');
  });
});

describe('addMonths / addDays', () => {
  it('clamps to the end of a shorter month', () => {
    expect(addMonths('2028-05-31', -3)).toBe('2028-02-29');
    expect(addMonths('2027-05-31', -3)).toBe('2027-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });
  it('crosses years both ways', () => {
    expect(addMonths('2026-11-15', 14)).toBe('2028-01-15');
    expect(addMonths('2027-02-15', -14)).toBe('2025-12-15');
  });
  it('adds and subtracts days across month, year and DST boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
  });
  it('refuses a fractional count', () => {
    expect(() => addDays('2026-01-01', 1.5)).toThrow(RangeError);
    expect(() => addMonths('2026-01-01', 0.5)).toThrow(RangeError);
  });
});

describe('parseIsoDate', () => {
  it.each(['2026-02-30', '2026-1-5', '20260105', '2026-01-05T00:00', '', 'demain'])(
    'refuses %p with DATE_INVALID and a French message',
    (input) => {
      expect(() => parseIsoDate(input, 'endDate')).toThrow(
        expect.objectContaining({
          code: 'DATE_INVALID',
          field: 'endDate',
          message: expect.stringContaining('AAAA-MM-JJ'),
        }),
      );
    },
  );
  it('formats a date the French way', () => {
    expect(formatDateFr('2028-05-31')).toBe('31/05/2028');
  });
});
