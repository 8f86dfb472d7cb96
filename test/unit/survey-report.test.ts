import { execFileSync } from 'child_process';
import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readCsv } from '../../src/app/csv';
import { renderSurveyCsv, SURVEY_CSV_HEADERS } from '../../src/app/survey-report-csv';
import { renderSurveyMarkdown } from '../../src/app/survey-report-markdown';
import { frMean, surveyTallies, type SurveyReport } from '../../src/app/survey-report-model';
import { renderSurveyReportPdf } from '../../src/app/survey-report-pdf';
import { renderSurveyXlsx, SURVEY_XLSX_SHEETS } from '../../src/app/survey-report-xlsx';
import { demoGrid, grid3x5, sampleSurveyReport } from '../support/survey-report-sample';

const HOSTILE = "=cmd|' /C calc'!A0 *gras* <b>html</b> | pipe";
const dir = mkdtempSync(join(tmpdir(), 'concerto-survey-'));

function hasBinary(name: string): boolean {
  return ['/usr/bin', '/usr/local/bin', '/bin'].some((d) => existsSync(join(d, name)));
}

/** The /Alt texts of the structure elements (pdfkit writes them as UTF-16BE literal strings). */
function altTexts(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  for (let at = raw.indexOf('/Alt ('); at >= 0; at = raw.indexOf('/Alt (', at + 1)) {
    const bytes: number[] = [];
    for (let i = at + 6; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      if (c === 0x5c) {
        const n = raw[++i]!;
        bytes.push(n === 'n' ? 10 : n === 'r' ? 13 : n.charCodeAt(0));
      } else if (c === 0x29) break;
      else bytes.push(c);
    }
    out.push(Buffer.from(bytes).subarray(2).swap16().toString('utf16le'));
  }
  return out;
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('the survey report model', () => {
  it('groups the answers by kind, commune and EPCI with the grid tally', () => {
    const r = sampleSurveyReport();
    expect(r.answers).toHaveLength(20);
    expect(r.tally.answers).toBe(20);
    expect(r.groupings.byKind.map((g) => g.group)).toEqual([
      'Centre social',
      'Commune',
      'Espace de vie sociale',
      'Fédération',
    ]);
    expect(r.groupings.byKind.reduce((s, g) => s + g.answers, 0)).toBe(20);
    // The federation has no commune: it counts overall, in no commune nor EPCI group.
    expect(r.groupings.byEpci.reduce((s, g) => s + g.answers, 0)).toBe(18);
    expect(r.groupings.byEpci.map((g) => g.group)).toEqual([
      'Grand Paris Sud Est Avenir',
      'Grand-Orly Seine Bièvre',
      'Paris Est Marne & Bois',
    ]);
    const creteil = r.groupings.byCommune.find((g) => g.group === 'Créteil')!;
    expect(creteil.answers).toBe(6);
    // Every contribution is in the overall tally with its author; the anonymous one without.
    const cell = r.tally.cells.find((c) => c.level === 1 && c.question === 2)!;
    expect(cell.texts).toContainEqual({
      author: 'Karim Benali (EVS La Passerelle)',
      text: HOSTILE,
    });
    expect(cell.texts.some((x) => x.author === '')).toBe(true);
  });

  it('leaves a group out of a grouping when the answer does not say it', () => {
    const grid = grid3x5();
    const { groupings } = surveyTallies(grid, [
      {
        author: '',
        organisation: null,
        kindLabel: '',
        commune: '',
        epci: '',
        finished: true,
        updatedAt: new Date(),
        cells: [{ level: 1, question: 1, text: 'x', rating: 2 }],
      },
    ]);
    expect(groupings).toEqual({ byKind: [], byCommune: [], byEpci: [] });
  });
});

describe('the survey exports', () => {
  let report: SurveyReport;
  beforeAll(() => {
    report = sampleSurveyReport(demoGrid(), 20);
  });

  it('CSV: one row per answer and cell, French Excel format, formulas neutralised', () => {
    const csv = renderSurveyCsv(report);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('\r\n');
    const rows = readCsv(csv, [...SURVEY_CSV_HEADERS]);
    const cells = report.answers.reduce((s, a) => s + a.cells.length, 0);
    expect(rows).toHaveLength(cells);
    const hostile = rows.find(
      (r) =>
        r.values['auteur'] === 'Karim Benali' &&
        r.values['question_n'] === '2' &&
        r.values['niveau_n'] === '1',
    )!;
    expect(hostile.values).toMatchObject({
      niveau: 'Généralités',
      question: 'Comment procède-t-on ?',
      organisation: 'EVS La Passerelle',
      type: 'Espace de vie sociale',
      commune: 'Ivry-sur-Seine',
      epci: 'Grand-Orly Seine Bièvre',
      contribution: `'${HOSTILE}`,
      terminee: 'oui',
    });
    expect(Number(hostile.values['note'])).toBeGreaterThanOrEqual(1);
    expect(hostile.values['note_libelle']).toBe(
      report.grid.rating!.labels[Number(hostile.values['note']) - 1],
    );
    // The anonymous answer: no author, no organisation, its place kept.
    const anonymous = rows.filter((r) => r.values['auteur'] === '');
    expect(anonymous.length).toBe(report.answers[3]!.cells.length);
    expect(anonymous[0]!.values['organisation']).toBe('');
    expect(anonymous[0]!.values['type']).toBe('Centre social');
    // Ordered by level, then question.
    const order = rows.map(
      (r) => Number(r.values['niveau_n']) * 10 + Number(r.values['question_n']),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('XLSX: summary with the means and counts, a sheet per level and per grouping, text stays text', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderSurveyXlsx(report)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Synthèse',
      'Niveau 1',
      'Niveau 2',
      'Niveau 3',
      'Niveau 4',
      'Par type',
      'Par commune',
      'Par EPCI',
    ]);
    const summary = wb.getWorksheet(SURVEY_XLSX_SHEETS.summary)!;
    const values = (ws: ExcelJS.Worksheet, n: number) =>
      (ws.getRow(n).values as unknown[]).slice(1);
    const find = (ws: ExcelJS.Worksheet, first: string) => {
      let found = 0;
      ws.eachRow((row, n) => {
        if (!found && row.getCell(1).value === first) found = n;
      });
      return found;
    };
    const meanTitle = find(summary, 'Note moyenne par case');
    expect(meanTitle).toBeGreaterThan(0);
    expect(values(summary, meanTitle + 1)).toEqual([
      'Niveau',
      ...report.grid.questions.map((q) => `${q.position}. ${q.label}`),
    ]);
    const cell11 = report.tally.cells.find((c) => c.level === 1 && c.question === 1)!;
    expect(summary.getRow(meanTitle + 2).getCell(2).value).toBe(cell11.mean);
    expect(summary.getRow(meanTitle + 2).getCell(2).numFmt).toBe('0.00');
    const countTitle = find(summary, 'Contributions par case');
    expect(summary.getRow(countTitle + 2).getCell(2).value).toBe(cell11.contributions);
    const actions = report.tally.cells.find((c) => c.level === 4 && c.question === 1)!;
    expect(actions.mean).toBeNull();
    expect(summary.getRow(meanTitle + 5).getCell(2).value).toBeNull();
    const opened = summary.getRow(find(summary, 'Ouverte le')).getCell(2).value;
    expect(opened).toBeInstanceOf(Date);
    expect((opened as Date).toISOString()).toBe('2026-11-02T09:00:00.000Z'); // Paris wall clock

    const level1 = wb.getWorksheet('Niveau 1')!;
    expect(level1.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(level1.autoFilter).toBeTruthy();
    expect(values(level1, 2)[0]).toBe('Question');
    const contributions = report.answers.reduce(
      (s, a) => s + a.cells.filter((c) => c.level === 1).length,
      0,
    );
    expect(level1.rowCount).toBe(2 + contributions);
    let hostileRow = 0;
    level1.eachRow((row, n) => {
      if (row.getCell(9).value === HOSTILE) hostileRow = n;
    });
    expect(hostileRow).toBeGreaterThan(2);
    const cell = level1.getRow(hostileRow).getCell(9);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(level1.getRow(hostileRow).getCell(11).value).toBeInstanceOf(Date);

    const epci = wb.getWorksheet('Par EPCI')!;
    expect(values(epci, 1).slice(0, 4)).toEqual([
      'EPCI',
      'Réponses',
      'Niveau',
      '1. Que regarde-t-on ? — moyenne',
    ]);
    expect(epci.rowCount).toBe(1 + 3 * 4);
    expect(epci.getRow(2).getCell(1).value).toBe('Grand Paris Sud Est Avenir');
  });

  it('Markdown: headings per level and question, tables, user text escaped', () => {
    const md = renderSurveyMarkdown(report);
    expect(md).toContain('# Résultats de l’évaluation n° 4');
    expect(md).toContain('## 1. Généralités');
    expect(md).toContain('### 1.2 Comment procède-t-on ?');
    expect(md).toContain('| 4. Actions | (12) |');
    expect(md).toContain(
      "**Karim Benali (EVS La Passerelle)** : =cmd\\|' /C calc'!A0 \\*gras\\* \\<b\\>html\\</b\\> \\| pipe",
    );
    expect(md).not.toContain('<b>');
    expect(md).toContain('## Par EPCI');
    expect(md).toContain('| Paris Est Marne & Bois |');
    expect(md).toContain(`Note moyenne : ${frMean(report.tally.cells[0]!.mean)} sur 4`);
    // An anonymous contribution starting like a list item does not nest a list.
    const anon = sampleSurveyReport(grid3x5(), 4);
    anon.tally.cells[0]!.texts.push({ author: '', text: '- # pas un titre' });
    expect(renderSurveyMarkdown(anon)).toContain('\n- \\- # pas un titre\n');
  });

  it('PDF: tagged, French, the heat map with its /Alt, every level, question and contribution', async () => {
    const pdf = await renderSurveyReportPdf(report);
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    expect(pdf.toString('latin1')).toContain('/Lang (fr-FR)');
    const alts = altTexts(pdf);
    expect(alts.some((a) => a.startsWith('Carte de chaleur') && a.includes('la plus basse'))).toBe(
      true,
    );
    const file = join(dir, 'survey.pdf');
    writeFileSync(file, pdf);
    if (!hasBinary('pdftotext')) return; // poppler-utils absent: the text is not read back
    const text = squash(
      execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
    );
    expect(text).toContain('Résultats de l’évaluation n° 4');
    expect(text).toContain(
      'Réponses commencées : 20 sur 25 organisations invitées ; terminées : 16.',
    );
    for (const l of report.grid.levels) expect(text).toContain(`Niveau ${l.position}. ${l.label}`);
    expect(text).toContain('1.2 Comment procède-t-on ?');
    expect(text).toContain(HOSTILE);
    expect(text).toContain('Anonyme :');
    expect(text).toContain('Par EPCI');
    expect(text).toContain('Paris Est Marne & Bois');
    expect(text).toContain(`note moyenne : ${frMean(report.tally.cells[0]!.mean)} sur 4`);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
  });

  it('PDF and XLSX for a 3 × 5 grid rated on some questions', async () => {
    const r = sampleSurveyReport(grid3x5(), 12);
    const pdf = await renderSurveyReportPdf(r);
    expect(
      altTexts(pdf).some((a) => a.includes('3 niveaux en lignes, 5 questions en colonnes')),
    ).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderSurveyXlsx(r)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('Niveau 3');
    expect(renderSurveyCsv(r).split('\r\n')[0]).toBe(`\uFEFF${SURVEY_CSV_HEADERS.join(';')}`);
  });
});
