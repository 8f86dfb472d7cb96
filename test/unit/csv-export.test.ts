import { toCsv } from '../../src/app/csv';
import { readAsFrenchExcel, startsFormula } from '../support/french-excel';

/** A small seeded PRNG (mulberry32): the same strings on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('CSV export, as French Excel reads it', () => {
  it('starts with a UTF-8 BOM, separates cells with ; and ends lines with CRLF', () => {
    const csv = toCsv(['a', 'b'], [['1', 'x']]);
    expect(csv).toBe('\uFEFFa;b\r\n1;x\r\n');
    const read = readAsFrenchExcel(Buffer.from(csv, 'utf8'));
    expect(read.bom).toBe(true);
    expect(read.rows).toEqual([
      ['a', 'b'],
      ['1', 'x'],
    ]);
  });

  it.each([
    ['Favorable', 'Favorable'],
    ['=1+1', "'=1+1"],
    ['+33 1 23 45 67 89', "'+33 1 23 45 67 89"],
    ['-5', "'-5"],
    ['@SOMME(A1)', "'@SOMME(A1)"],
    ['\t=1', "'\t'=1"],
    ['\r=1', "'\r'=1"],
    ['ok;=LIEN_HYPERTEXTE("http://x";"y")', 'ok;\'=LIEN_HYPERTEXTE("http://x";"y")'],
    ["ligne 1\n=cmd|' /C calc'!A0", "ligne 1\n'=cmd|' /C calc'!A0"],
    ['ligne 1\r\n+2', "ligne 1\r\n'+2"],
    ['a, -2', "a, '-2"],
    ['a,  @x', "a,  '@x"],
    ['Dit "oui" ; puis non', 'Dit "oui" ; puis non'],
    ['Réserves : « délais » à revoir — été', 'Réserves : « délais » à revoir — été'],
    ['', ''],
    ['2026-12-05T10:00:00.000Z', '2026-12-05T10:00:00.000Z'],
  ])('%j is read back as %j', (value, expected) => {
    const read = readAsFrenchExcel(toCsv(['v', 'fin'], [[value, 'fin']]));
    expect(read.rows).toEqual([
      ['v', 'fin'],
      [expected, 'fin'],
    ]);
    expect(startsFormula(read.rows[1]![0]!)).toBe(false);
  });

  it('neutralises every formula and keeps every value, on random cells (seeded)', () => {
    const random = prng(20261205);
    const alphabet = [
      '=',
      '+',
      '-',
      '@',
      '\t',
      '\r',
      '\n',
      '\r\n',
      ';',
      ',',
      '"',
      ' ',
      'a',
      'é',
      '1',
      '|',
    ];
    const values: string[][] = [];
    for (let r = 0; r < 300; r++) {
      const row: string[] = [];
      for (let c = 0; c < 3; c++) {
        let s = '';
        const n = Math.floor(random() * 12);
        for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
        row.push(s);
      }
      values.push(row);
    }
    const read = readAsFrenchExcel(toCsv(['a', 'b', 'c'], values));
    expect(read.bom).toBe(true);
    expect(read.rows).toHaveLength(1 + values.length);
    read.rows.slice(1).forEach((row, r) => {
      expect(row).toHaveLength(3);
      row.forEach((cell, c) => {
        expect(startsFormula(cell)).toBe(false);
        // The only change is the apostrophes put in front of formulas (the alphabet has none).
        expect(cell.replace(/'/g, '')).toBe(values[r]![c]);
      });
    });
  });
});
