import {
  agrementEvaluationDeadline,
  AGREMENT_STEP_ADVICE,
  AGREMENT_STEP_LABELS,
  AGREMENT_STEPS,
  DEFAULT_AGREMENT_OFFSETS,
  parseAgrementOffsets,
  planAgrementReminders,
  validateAgrementPeriod,
  type AgrementOffsets,
} from '../../src/domain/agrement-calendar';
import { thrown } from '../support/errors';

const PARIS = 'Europe/Paris';
/** Long before any step of the agréments below. */
const EARLY = new Date('2020-01-01T00:00:00Z');

function plan(
  endDate: string,
  now: Date,
  offsets: AgrementOffsets = DEFAULT_AGREMENT_OFFSETS,
  timezone = PARIS,
) {
  return planAgrementReminders({ endDate, offsets, now, timezone }).map((r) => ({
    step: r.step,
    dueDate: r.dueDate,
    dueAt: r.dueAt.toISOString(),
  }));
}

describe('planAgrementReminders', () => {
  it('plans every step of an agrément ending 2028-05-31, at 9:00 Paris time on working days', () => {
    expect(plan('2028-05-31', EARLY)).toEqual([
      { step: 'renewal_start', dueDate: '2027-03-31', dueAt: '2027-03-31T07:00:00.000Z' },
      { step: 'evaluation', dueDate: '2027-09-30', dueAt: '2027-09-30T07:00:00.000Z' },
      { step: 'projet_social', dueDate: '2027-11-30', dueAt: '2027-11-30T08:00:00.000Z' },
      // 31 mai − 3 mois is clamped to the end of February (leap year).
      { step: 'commission', dueDate: '2028-02-29', dueAt: '2028-02-29T08:00:00.000Z' },
      // 30 avril is a Sunday and 1 mai a holiday.
      { step: 'one_month', dueDate: '2028-05-02', dueAt: '2028-05-02T07:00:00.000Z' },
      { step: 'end_date', dueDate: '2028-05-31', dueAt: '2028-05-31T07:00:00.000Z' },
      { step: 'expired', dueDate: '2028-06-01', dueAt: '2028-06-01T07:00:00.000Z' },
    ]);
  });

  it('never sends "dernier jour" after the end date when the end date is a day off', () => {
    // 31 décembre 2028 is a Sunday; 1 janvier 2029 a holiday.
    const steps = plan('2028-12-31', EARLY);
    expect(steps.find((s) => s.step === 'end_date')?.dueDate).toBe('2028-12-29');
    expect(steps.find((s) => s.step === 'expired')?.dueDate).toBe('2029-01-02');
  });

  it('drops the steps already due at now, keeping the one due just after', () => {
    const endDate = '2028-05-31';
    // Exactly at the projet_social reminder: it is dropped.
    const atProjetSocial = new Date('2027-11-30T08:00:00.000Z');
    expect(plan(endDate, atProjetSocial).map((s) => s.step)).toEqual([
      'commission',
      'one_month',
      'end_date',
      'expired',
    ]);
    const justBefore = new Date(atProjetSocial.getTime() - 1);
    expect(plan(endDate, justBefore).map((s) => s.step)[0]).toBe('projet_social');
  });

  it('keeps only the expired alert on the last day, after the 9:00 reminder', () => {
    expect(plan('2028-05-31', new Date('2028-05-31T12:00:00Z')).map((s) => s.step)).toEqual([
      'expired',
    ]);
  });

  it('plans nothing once the expired alert has gone out', () => {
    expect(plan('2028-05-31', new Date('2028-06-01T07:00:00Z'))).toEqual([]);
  });

  it('orders by due time, whatever order the configured offsets imply', () => {
    const offsets = parseAgrementOffsets({ agrementOffsets: { evaluation: { months: 15 } } });
    expect(
      plan('2028-05-31', EARLY, offsets)
        .slice(0, 2)
        .map((s) => s.step),
    ).toEqual(['evaluation', 'renewal_start']);
  });

  it('applies configured day offsets', () => {
    const offsets = parseAgrementOffsets({ agrementOffsets: { one_month: { days: 15 } } });
    // 2028-05-16 is a Tuesday.
    expect(plan('2028-05-31', EARLY, offsets).find((s) => s.step === 'one_month')?.dueDate).toBe(
      '2028-05-16',
    );
  });

  it("uses the Caf's time zone", () => {
    const steps = plan('2028-05-31', EARLY, DEFAULT_AGREMENT_OFFSETS, 'Indian/Reunion');
    expect(steps.find((s) => s.step === 'end_date')?.dueAt).toBe('2028-05-31T05:00:00.000Z');
  });

  it('refuses a malformed end date', () => {
    expect(thrown(() => plan('31/05/2028', EARLY)).code).toBe('DATE_INVALID');
  });
});

describe('parseAgrementOffsets', () => {
  it('gives the defaults when nothing is configured', () => {
    expect(parseAgrementOffsets(undefined)).toEqual(DEFAULT_AGREMENT_OFFSETS);
    expect(parseAgrementOffsets(null)).toEqual(DEFAULT_AGREMENT_OFFSETS);
    expect(parseAgrementOffsets({ locale: 'fr' })).toEqual(DEFAULT_AGREMENT_OFFSETS);
    expect(parseAgrementOffsets({ agrementOffsets: {} })).toEqual(DEFAULT_AGREMENT_OFFSETS);
  });

  it('has the documented defaults', () => {
    expect(DEFAULT_AGREMENT_OFFSETS).toEqual({
      renewal_start: { months: 14 },
      evaluation: { months: 8 },
      projet_social: { months: 6 },
      commission: { months: 3 },
      one_month: { months: 1 },
      end_date: { months: 0 },
      expired: { days: -1 },
    });
  });

  it('replaces a configured step as a whole and keeps the other defaults', () => {
    const offsets = parseAgrementOffsets({
      agrementOffsets: { renewal_start: { days: 420 }, expired: { days: -7 } },
    });
    expect(offsets.renewal_start).toEqual({ days: 420 });
    expect(offsets.expired).toEqual({ days: -7 });
    expect(offsets.commission).toEqual({ months: 3 });
    // The defaults themselves are untouched.
    expect(DEFAULT_AGREMENT_OFFSETS.renewal_start).toEqual({ months: 14 });
  });

  it.each<[string, unknown, string]>([
    ['settings that are not an object', ['x'], 'settings'],
    ['agrementOffsets that is not an object', { agrementOffsets: 14 }, 'agrementOffsets'],
    [
      'an unknown step (typo)',
      { agrementOffsets: { comission: { months: 3 } } },
      'agrementOffsets.comission',
    ],
    [
      'a step given as a bare number',
      { agrementOffsets: { commission: 3 } },
      'agrementOffsets.commission',
    ],
    [
      'a step with neither months nor days',
      { agrementOffsets: { commission: {} } },
      'agrementOffsets.commission',
    ],
    [
      'an unknown unit',
      { agrementOffsets: { commission: { weeks: 2 } } },
      'agrementOffsets.commission',
    ],
    [
      'a fractional month',
      { agrementOffsets: { commission: { months: 2.5 } } },
      'agrementOffsets.commission.months',
    ],
    [
      'months given as a string',
      { agrementOffsets: { commission: { months: '3' } } },
      'agrementOffsets.commission.months',
    ],
    [
      'more than 48 months',
      { agrementOffsets: { renewal_start: { months: 49 } } },
      'agrementOffsets.renewal_start.months',
    ],
    [
      'more than 1461 days',
      { agrementOffsets: { renewal_start: { days: 1462 } } },
      'agrementOffsets.renewal_start.days',
    ],
    [
      'a step before the end moved after it',
      { agrementOffsets: { one_month: { days: -3 } } },
      'agrementOffsets.one_month',
    ],
    [
      'an expired alert before the end date',
      { agrementOffsets: { expired: { days: 1 } } },
      'agrementOffsets.expired',
    ],
    [
      'an expired alert on the end date',
      { agrementOffsets: { expired: { months: 0 } } },
      'agrementOffsets.expired',
    ],
  ])('refuses %s with SETTINGS_INVALID naming the field', (_label, settings, field) => {
    const err = thrown(() => parseAgrementOffsets(settings));
    expect(err.code).toBe('SETTINGS_INVALID');
    expect(err.field).toBe(field);
    expect(err.message).toMatch(/^Réglage .* invalide : /);
  });

  it('does not let a caller alter the defaults through a parsed result', () => {
    const offsets = parseAgrementOffsets(undefined);
    expect(() => {
      (offsets.commission as { months: number }).months = 1;
    }).toThrow(TypeError);
    expect(parseAgrementOffsets(undefined).commission).toEqual({ months: 3 });
  });

  it('accepts the boundary values', () => {
    expect(
      parseAgrementOffsets({
        agrementOffsets: {
          renewal_start: { months: 48 },
          evaluation: { days: 1461 },
          expired: { months: -1 },
        },
      }),
    ).toMatchObject({
      renewal_start: { months: 48 },
      evaluation: { days: 1461 },
      expired: { months: -1 },
    });
  });
});

describe('step labels and advice', () => {
  it('has a French and English label and advice for every step', () => {
    for (const step of AGREMENT_STEPS) {
      expect(AGREMENT_STEP_LABELS[step].fr).toBeTruthy();
      expect(AGREMENT_STEP_LABELS[step].en).toBeTruthy();
      expect(AGREMENT_STEP_ADVICE[step].fr).toBeTruthy();
      expect(AGREMENT_STEP_ADVICE[step].en).toBeTruthy();
    }
    expect(AGREMENT_STEP_LABELS.projet_social.fr).toBe('Dépôt du projet social à la Caf');
    expect(AGREMENT_STEP_LABELS.expired.fr).toBe('Agrément expiré sans renouvellement');
  });
});

describe('validateAgrementPeriod', () => {
  it('accepts 1 to 4 years, both days included', () => {
    expect(() => validateAgrementPeriod('2024-06-01', '2028-05-31')).not.toThrow();
    expect(() => validateAgrementPeriod('2026-10-01', '2027-09-30')).not.toThrow();
    expect(() => validateAgrementPeriod('2025-01-01', '2027-12-31')).not.toThrow();
  });

  it('refuses an end date on or before the start date', () => {
    for (const end of ['2026-01-01', '2025-12-31']) {
      const err = thrown(() => validateAgrementPeriod('2026-01-01', end));
      expect(err.code).toBe('AGREMENT_DATES_INVERTED');
      expect(err.field).toBe('endDate');
      expect(err.message).toContain('01/01/2026');
    }
  });

  it('refuses more than 4 years, naming the last allowed end date', () => {
    const err = thrown(() => validateAgrementPeriod('2024-06-01', '2028-06-01'));
    expect(err.code).toBe('AGREMENT_TOO_LONG');
    expect(err.message).toContain('31/05/2028');
  });

  it('refuses less than 1 year, naming the first allowed end date', () => {
    const err = thrown(() => validateAgrementPeriod('2026-10-01', '2027-09-29'));
    expect(err.code).toBe('AGREMENT_TOO_SHORT');
    expect(err.message).toContain('30/09/2027');
  });

  it('refuses malformed dates, naming the field', () => {
    expect(thrown(() => validateAgrementPeriod('2026-13-01', '2027-12-31'))).toMatchObject({
      code: 'DATE_INVALID',
      field: 'startDate',
    });
    expect(thrown(() => validateAgrementPeriod('2026-01-01', '31/12/2027'))).toMatchObject({
      code: 'DATE_INVALID',
      field: 'endDate',
    });
  });
});

describe('agrementEvaluationDeadline', () => {
  const offsets = parseAgrementOffsets({});
  const deadline = (now: string, timezone = 'Europe/Paris') =>
    agrementEvaluationDeadline({
      endDate: '2027-08-31',
      offsets,
      now: new Date(now),
      timezone,
    }).toISOString();

  it('is 18:00 in the Caf’s zone, one month before the projet social is due', () => {
    // Projet social: 2027-02-28 (6 months before the end); a month before: Thursday 28 January.
    expect(deadline('2026-12-31T08:00:00Z')).toBe('2027-01-28T17:00:00.000Z');
    expect(deadline('2026-12-31T08:00:00Z', 'America/Cayenne')).toBe('2027-01-28T21:00:00.000Z');
  });

  it('leaves at least 14 days: else the working day before the projet social, else 14 days on', () => {
    expect(deadline('2027-01-20T08:00:00Z')).toBe('2027-02-26T17:00:00.000Z');
    expect(deadline('2027-02-18T08:00:00Z')).toBe('2027-03-04T17:00:00.000Z');
  });

  it('follows a Caf’s own offset for the projet social', () => {
    const custom = parseAgrementOffsets({ agrementOffsets: { projet_social: { months: 5 } } });
    expect(
      agrementEvaluationDeadline({
        endDate: '2027-08-31',
        offsets: custom,
        now: new Date('2026-12-31T08:00:00Z'),
        timezone: 'Europe/Paris',
      }).toISOString(),
    ).toBe('2027-02-26T17:00:00.000Z'); // 31 March − 1 month = 28 February, a Sunday
  });
});
