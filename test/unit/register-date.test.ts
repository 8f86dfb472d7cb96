import { parseRegisterDate } from '../../src/domain/calendar';
import { excelSerialDate } from '../../src/app/register-file';

describe('dates as registers write them', () => {
  it('reads ISO and French dates, and refuses days that do not exist', () => {
    expect(parseRegisterDate('2027-12-31')).toBe('2027-12-31');
    expect(parseRegisterDate('31/12/2027')).toBe('2027-12-31');
    expect(parseRegisterDate(' 1/9/2026 ')).toBe('2026-09-01');
    expect(parseRegisterDate('01-09-2026')).toBe('2026-09-01');
    expect(parseRegisterDate('01.09.2026')).toBe('2026-09-01');
    expect(parseRegisterDate('29/02/2028')).toBe('2028-02-29'); // leap year
    for (const bad of [
      '29/02/2027',
      '31/04/2027',
      '2026-13-01',
      '00/01/2026',
      '12/31/2027',
      '2027/12/31',
      '31/12/27',
      '',
      'demain',
    ]) {
      expect([bad, parseRegisterDate(bad)]).toEqual([bad, null]);
    }
  });

  it('reads an Excel serial date kept as a number', () => {
    expect(excelSerialDate('46387')).toBe('2026-12-31');
    expect(excelSerialDate('46023.5')).toBe('2026-01-01');
    expect(excelSerialDate('94028')).toBeNull(); // an INSEE code, not a date
    expect(excelSerialDate('12')).toBeNull();
  });
});
