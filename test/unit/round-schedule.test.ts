import {
  DEFAULT_ROUND_SCHEDULE,
  defaultLaunchDeadlineDate,
  LAUNCH_DEFAULTS,
  formatDeadline,
  parseRoundSchedule,
  pastRoundReminders,
  planRoundReminders,
} from '../../src/domain/round-schedule';
import { thrown } from '../support/errors';

const PARIS = 'Europe/Paris';
/** Friday 11 December 2026, 17:00 in Paris (winter time). */
const DEADLINE = new Date('2026-12-11T16:00:00Z');
const EARLY = new Date('2026-11-01T00:00:00Z');

function plan(schedule: readonly string[], deadline = DEADLINE, now = EARLY, timezone = PARIS) {
  return planRoundReminders({ deadline, schedule, now, timezone }).map((r) => [
    r.step,
    r.dueAt.toISOString(),
  ]);
}

describe('parseRoundSchedule', () => {
  it('normalises French input', () => {
    expect(parseRoundSchedule('7j,2j,matin')).toEqual(['P7D', 'P2D', 'morning']);
    expect(parseRoundSchedule('6h')).toEqual(['PT6H']);
    expect(parseRoundSchedule('30min')).toEqual(['PT30M']);
    expect(parseRoundSchedule('7 jours; 2 jours  Matin, 1 heure, 45 minutes')).toEqual([
      'P7D',
      'P2D',
      'morning',
      'PT1H',
      'PT45M',
    ]);
  });

  it('accepts normalised specs, in any case, as a string or an array', () => {
    expect(parseRoundSchedule(['P7D', 'p2d', 'MORNING'])).toEqual([...DEFAULT_ROUND_SCHEDULE]);
    expect(parseRoundSchedule(['7j, 2j', 'pt6h', 'PT30M'])).toEqual([
      'P7D',
      'P2D',
      'PT6H',
      'PT30M',
    ]);
    expect(parseRoundSchedule('07j')).toEqual(['P7D']);
  });

  it('keeps a repeated reminder once', () => {
    expect(parseRoundSchedule('7j, P7D, 7 jours, 2j')).toEqual(['P7D', 'P2D']);
  });

  it('reads "aucun" alone as no reminders', () => {
    expect(parseRoundSchedule('aucun')).toEqual([]);
    expect(parseRoundSchedule(['none'])).toEqual([]);
  });

  it.each<[string | string[], string]>([
    ['7x', '« 7x »'],
    ['7j, demain', '« demain »'],
    ['30m', '« 30m »'], // "m" could be mois: refused rather than guessed
    ['0j', '« 0j »'],
    ['91j', '« 91j »'],
    ['169h', '« 169h »'],
    ['1441min', '« 1441min »'],
    ['P1W', '« P1W »'],
    ['', 'au moins un rappel'],
    [[], 'au moins un rappel'],
    ['aucun, 7j', 'aucun'],
    ['1j,2j,3j,4j,5j,6j,7j,8j,9j,10j,11j', 'Au plus 10 rappels'],
  ])('refuses %p with SCHEDULE_INVALID, in French', (input, fragment) => {
    const err = thrown(() => parseRoundSchedule(input));
    expect(err.code).toBe('SCHEDULE_INVALID');
    expect(err.field).toBe('schedule');
    expect(err.message).toContain(fragment);
  });

  it('accepts the largest offsets', () => {
    expect(parseRoundSchedule('90j, 168h, 1440min')).toEqual(['P90D', 'PT168H', 'PT1440M']);
  });
});

describe('planRoundReminders', () => {
  it('plans the default schedule, then the closing', () => {
    expect(plan(DEFAULT_ROUND_SCHEDULE)).toEqual([
      ['reminder.P7D', '2026-12-04T16:00:00.000Z'],
      ['reminder.P2D', '2026-12-09T16:00:00.000Z'],
      ['reminder.morning', '2026-12-11T08:00:00.000Z'], // 9:00 Paris
      ['close', '2026-12-11T16:00:00.000Z'],
    ]);
  });

  it('keeps the wall-clock time for day offsets across a DST change', () => {
    // Thursday 2 April 2026, 17:00 summer time; 7 days before is 17:00 winter time.
    const deadline = new Date('2026-04-02T15:00:00Z');
    expect(plan(['P7D'], deadline, new Date('2026-03-01T00:00:00Z'))[0]).toEqual([
      'reminder.P7D',
      '2026-03-26T16:00:00.000Z',
    ]);
  });

  it('subtracts exact durations for hour and minute offsets, even across a DST change', () => {
    expect(plan(['PT6H', 'PT30M'])).toEqual([
      ['reminder.PT6H', '2026-12-11T10:00:00.000Z'],
      ['reminder.PT30M', '2026-12-11T15:30:00.000Z'],
      ['close', '2026-12-11T16:00:00.000Z'],
    ]);
    // 05:00 on the morning clocks go forward: 6 hours earlier is 22:00 the evening before.
    const deadline = new Date('2026-03-29T03:00:00Z');
    expect(plan(['PT6H'], deadline, new Date('2026-03-01T00:00:00Z'))[0]).toEqual([
      'reminder.PT6H',
      '2026-03-28T21:00:00.000Z',
    ]);
  });

  it('drops the morning reminder when the deadline is at or before 9:00', () => {
    expect(plan(['morning'], new Date('2026-12-11T08:00:00Z'))).toEqual([
      ['close', '2026-12-11T08:00:00.000Z'],
    ]);
    expect(plan(['morning'], new Date('2026-12-11T07:30:00Z'))).toEqual([
      ['close', '2026-12-11T07:30:00.000Z'],
    ]);
  });

  it("reads the morning on the deadline's local day, in the Caf's zone", () => {
    // 7:00 in Paris (too early for a morning reminder) is 10:00 in La Réunion.
    const deadline = new Date('2026-12-12T06:00:00Z');
    expect(plan(['morning'], deadline, EARLY, PARIS)).toEqual([
      ['close', '2026-12-12T06:00:00.000Z'],
    ]);
    expect(plan(['morning'], deadline, EARLY, 'Indian/Reunion')[0]).toEqual([
      'reminder.morning',
      '2026-12-12T05:00:00.000Z',
    ]);
  });

  it('drops reminders at or before now', () => {
    const atP2D = new Date('2026-12-09T16:00:00Z');
    expect(plan(DEFAULT_ROUND_SCHEDULE, DEADLINE, atP2D).map(([step]) => step)).toEqual([
      'reminder.morning',
      'close',
    ]);
    const justBefore = new Date(atP2D.getTime() - 1);
    expect(plan(DEFAULT_ROUND_SCHEDULE, DEADLINE, justBefore).map(([step]) => step)).toEqual([
      'reminder.P2D',
      'reminder.morning',
      'close',
    ]);
  });

  it('keeps one reminder when two specs land on the same instant', () => {
    // 17:00 − 8 h = 9:00, the morning reminder.
    expect(plan(['PT8H', 'morning'])).toEqual([
      ['reminder.PT8H', '2026-12-11T08:00:00.000Z'],
      ['close', '2026-12-11T16:00:00.000Z'],
    ]);
  });

  it('sorts by due time whatever the order of the schedule', () => {
    expect(plan(['morning', 'PT1H', 'P2D']).map(([step]) => step)).toEqual([
      'reminder.P2D',
      'reminder.morning',
      'reminder.PT1H',
      'close',
    ]);
  });

  it('always plans the closing, even with no reminders or a past deadline', () => {
    expect(plan([])).toEqual([['close', '2026-12-11T16:00:00.000Z']]);
    const afterDeadline = new Date('2026-12-12T00:00:00Z');
    expect(plan(DEFAULT_ROUND_SCHEDULE, DEADLINE, afterDeadline)).toEqual([
      ['close', '2026-12-11T16:00:00.000Z'],
    ]);
  });

  it('normalises a schedule given in French', () => {
    expect(plan(['2j']).map(([step]) => step)).toEqual(['reminder.P2D', 'close']);
  });

  it('refuses an invalid schedule, deadline or zone', () => {
    expect(thrown(() => plan(['7x'])).code).toBe('SCHEDULE_INVALID');
    expect(thrown(() => plan(['P7D'], new Date('nope'))).code).toBe('DATE_INVALID');
    expect(thrown(() => plan(['P7D'], DEADLINE, EARLY, 'Mars/Olympus')).code).toBe(
      'TIMEZONE_INVALID',
    );
  });
});

describe('formatDeadline', () => {
  it('writes the deadline the French way', () => {
    expect(formatDeadline(DEADLINE, 'fr', PARIS)).toBe('vendredi 11 décembre 2026 à 17 h 00');
  });

  it('writes it in English', () => {
    expect(formatDeadline(DEADLINE, 'en', PARIS)).toBe('Friday 11 December 2026, 5:00 PM');
  });

  it('writes "1er" for the first of the month, and minutes with two digits', () => {
    const firstOctober = new Date('2026-10-01T07:05:00Z'); // 9:05 summer time
    expect(formatDeadline(firstOctober, 'fr', PARIS)).toBe('jeudi 1er octobre 2026 à 9 h 05');
    expect(formatDeadline(firstOctober, 'en', PARIS)).toBe('Thursday 1 October 2026, 9:05 AM');
  });

  it('shows the local time of the given zone', () => {
    expect(formatDeadline(DEADLINE, 'fr', 'Indian/Reunion')).toBe(
      'vendredi 11 décembre 2026 à 20 h 00',
    );
  });
});

describe('pastRoundReminders', () => {
  const deadline = new Date('2026-12-11T17:00:00Z'); // 18:00 in Paris
  it('lists the reminders that fall at or before now (not planned), in their order', () => {
    const now = new Date('2026-12-08T10:00:00Z');
    const past = pastRoundReminders({
      deadline,
      schedule: ['P7D', 'P5D', 'P2D', 'morning'],
      now,
      timezone: 'Europe/Paris',
    });
    expect(past).toEqual([
      { spec: 'P7D', dueAt: new Date('2026-12-04T17:00:00Z') },
      { spec: 'P5D', dueAt: new Date('2026-12-06T17:00:00Z') },
    ]);
    const planned = planRoundReminders({
      deadline,
      schedule: ['P7D', 'P5D', 'P2D', 'morning'],
      now,
      timezone: 'Europe/Paris',
    });
    expect(planned.map((p) => p.step)).toEqual(['reminder.P2D', 'reminder.morning', 'close']);
  });
  it('is empty when every reminder is to come', () => {
    expect(
      pastRoundReminders({
        deadline,
        schedule: ['P2D'],
        now: new Date('2026-11-28T10:00:00Z'),
        timezone: 'Europe/Paris',
      }),
    ).toEqual([]);
  });
});

describe('launch defaults (one rule for the Slack modal and the Teams card)', () => {
  it("counts the default deadline's 14 days in the Caf's time zone", () => {
    // 23:30 UTC on 10 March is already 11 March in Paris.
    const now = new Date('2026-03-10T23:30:00Z');
    expect(defaultLaunchDeadlineDate(now, 'Europe/Paris')).toBe('2026-03-25');
    expect(defaultLaunchDeadlineDate(now, 'UTC')).toBe('2026-03-24');
    expect(LAUNCH_DEFAULTS.deadlineTime).toBe('18:00');
    expect(LAUNCH_DEFAULTS.reminderDaysBefore).toEqual([7, 2, 0]);
  });
});
