import { parseDeadline, parseDuration, parseWholeNumber } from '../../src/cli/parse-args';

const PARIS = 'Europe/Paris';
const now = new Date('2027-03-01T10:00:00Z');

describe('parseDeadline', () => {
  it('reads the Caf’s wall-clock time in its zone, in every accepted style', () => {
    const want = new Date('2027-03-11T16:00:00Z'); // 17:00 in Paris, winter time
    expect(parseDeadline('2027-03-11 17:00', PARIS, now)).toEqual(want);
    expect(parseDeadline('11/03/2027 17:00', PARIS, now)).toEqual(want);
    expect(parseDeadline('2027-03-11T17:00', PARIS, now)).toEqual(want);
    expect(parseDeadline('2027-03-11', PARIS, now)).toEqual(new Date('2027-03-11T22:59:00Z'));
    expect(parseDeadline('11/03/2027', PARIS, now)).toEqual(new Date('2027-03-11T22:59:00Z'));
    // An explicit offset or Z is an instant, taken as written.
    expect(parseDeadline('2027-03-11T17:00Z', PARIS, now)).toEqual(
      new Date('2027-03-11T17:00:00Z'),
    );
    expect(parseDeadline('2027-03-11T17:00+01:00', PARIS, now)).toEqual(want);
    expect(parseDeadline('+3j', PARIS, now)).toEqual(new Date(now.getTime() + 3 * 86_400_000));
  });

  it('refuses a time in the spring-forward gap instead of moving it', () => {
    expect(() => parseDeadline('28/03/2027 02:30', PARIS, now)).toThrow(/n'existe pas/);
    expect(() => parseDeadline('2027-03-28 02:00', PARIS, now)).toThrow(/n'existe pas/);
    expect(parseDeadline('28/03/2027 03:00', PARIS, now)).toEqual(new Date('2027-03-28T01:00:00Z'));
  });

  it('keeps a huge delay a valid date (the deadline’s bounds refuse it), and refuses gibberish', () => {
    expect(Number.isNaN(parseDeadline('+99999999999999j', PARIS, now).getTime())).toBe(false);
    expect(() => parseDeadline('demain', PARIS, now)).toThrow(/Date limite illisible/);
    expect(() => parseDeadline('31/02/2027 10:00', PARIS, now)).toThrow(/illisible/);
  });
});

describe('numbers and durations', () => {
  it('parseWholeNumber refuses anything but a whole number within bounds', () => {
    expect(parseWholeNumber('--version', ' 2 ', { min: 1, max: 9 })).toBe(2);
    for (const bad of ['abc', '1.5', '-1', '0', '10', '1e3', ''])
      expect(() => parseWholeNumber('--version', bad, { min: 1, max: 9 })).toThrow(
        /n'est pas une valeur possible de --version : indiquez un nombre entier de 1 à 9\./,
      );
  });

  it('parseDuration refuses more than ten years', () => {
    expect(parseDuration('6m')).toBe(183);
    expect(() => parseDuration('99999999j')).toThrow(/Durée trop longue : « 99999999j »/);
    expect(() => parseDuration('99999999999999999999j')).toThrow(/Durée illisible/);
  });
});
