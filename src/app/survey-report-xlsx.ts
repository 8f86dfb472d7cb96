import ExcelJS from 'exceljs';
import { freezeAndFilter, header, xlsxDate, xlsxText, yesNo } from './report-xlsx';
import {
  ANSWER_MODE_LABELS,
  cellOf,
  ratingLabel,
  SURVEY_GROUPINGS,
  surveyContributions,
  type SurveyReport,
} from './survey-report-model';

const DATE_FORMAT = 'dd/mm/yyyy hh:mm';
const MEAN_FORMAT = '0.00';

/** Sheet names are unique, ≤ 31 characters, without : \ / ? * [ ]. */
export const SURVEY_XLSX_SHEETS = {
  summary: 'Synthèse',
  level: (position: number) => `Niveau ${position}`,
  byKind: 'Par type',
  byCommune: 'Par commune',
  byEpci: 'Par EPCI',
} as const;

export const LEVEL_HEADERS = [
  'Question',
  'Auteur',
  'Organisation',
  'Type',
  'Commune',
  'EPCI',
  'Note',
  'Libellé de la note',
  'Contribution',
  'Terminée',
  'Mise à jour',
] as const;

/**
 * The XLSX workbook of a survey round: a summary sheet (round, dates, participation, then the
 * heat map's numbers: the mean of each cell and its contributions, levels × questions), one sheet
 * per level with every contribution, and one sheet per grouping (type, commune, EPCI: per group
 * and level, each question's mean and contributions); French headers, frozen header rows,
 * filters, dates as real dates in the Caf's time zone, user text always as text (xlsxText).
 */
export async function renderSurveyXlsx(report: SurveyReport): Promise<Buffer> {
  const tz = report.timezone;
  const { grid, participation: p } = report;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Concerto';
  wb.created = report.generatedAt;
  wb.title = `Évaluation n° ${report.round.number}`;
  const questionHeads = grid.questions.map((q) => xlsxText(`${q.position}. ${q.label}`));

  // Summary
  const summary = wb.addWorksheet(SURVEY_XLSX_SHEETS.summary);
  header(summary, ['Élément', 'Valeur'], [34, 26, ...grid.questions.map(() => 26)]);
  const dated = (label: string, d: Date | null) => {
    const row = summary.addRow([label, d ? xlsxDate(d, tz) : '']);
    if (d) row.getCell(2).numFmt = DATE_FORMAT;
  };
  summary.addRow(['Caf', xlsxText(report.tenant.name)]);
  summary.addRow(['Évaluation', report.round.number]);
  summary.addRow(['Grille', xlsxText(grid.title)]);
  summary.addRow(['État', report.round.statusLabel]);
  dated('Ouverte le', report.round.openedAt);
  dated('Date limite', report.round.deadline);
  dated('Close le', report.round.closedAt);
  summary.addRow(['Mode de réponse', ANSWER_MODE_LABELS[report.round.answerMode]]);
  summary.addRow(['Réponses anonymes', yesNo(report.round.anonymous)]);
  summary.addRow(['Organisations invitées', p.invited ?? '']);
  summary.addRow(['Réponses commencées', p.started]);
  summary.addRow(['Réponses terminées', p.finished]);
  summary.addRow([
    'Échelle de notation',
    xlsxText((grid.rating?.labels ?? []).map((l, i) => `${i + 1} = ${l}`).join(', ')),
  ]);
  dated('Généré le', report.generatedAt);
  summary.addRow(['Fuseau horaire des dates', tz]);

  const table = (
    title: string,
    value: (level: number, question: number) => number | null,
    numFmt?: string,
  ) => {
    summary.addRow([]);
    summary.addRow([title]).font = { bold: true, size: 12 };
    summary.addRow(['Niveau', ...questionHeads]).font = { bold: true };
    for (const l of grid.levels) {
      const row = summary.addRow([
        xlsxText(`${l.position}. ${l.label}`),
        ...grid.questions.map((q) => value(l.position, q.position)),
      ]);
      if (numFmt) grid.questions.forEach((_, j) => (row.getCell(j + 2).numFmt = numFmt));
    }
  };
  if (grid.rating) {
    table('Note moyenne par case', (l, q) => cellOf(report.tally.cells, l, q).mean, MEAN_FORMAT);
  }
  table('Contributions par case', (l, q) => cellOf(report.tally.cells, l, q).contributions);
  summary.getColumn(2).alignment = { horizontal: 'left', wrapText: true };
  summary.views = [{ state: 'frozen', ySplit: 1 }];

  // One sheet per level: a title row, then the header row (frozen, filtered).
  const contributions = surveyContributions(report);
  for (const l of grid.levels) {
    const ws = wb.addWorksheet(SURVEY_XLSX_SHEETS.level(l.position));
    ws.addRow([xlsxText(`Niveau ${l.position}. ${l.label}`)]).font = { bold: true, size: 13 };
    header(ws, LEVEL_HEADERS, [30, 24, 34, 22, 22, 28, 8, 20, 80, 10, 17]);
    for (const { answer: a, cell: c } of contributions.filter((x) => x.cell.level === l.position)) {
      const row = ws.addRow([
        xlsxText(`${c.question}. ${grid.questions[c.question - 1]?.label ?? ''}`),
        xlsxText(a.author) || null,
        xlsxText(a.organisation) || null,
        xlsxText(a.kindLabel) || null,
        xlsxText(a.commune) || null,
        xlsxText(a.epci) || null,
        c.rating,
        xlsxText(ratingLabel(grid, c.rating)) || null,
        xlsxText(c.text) || null,
        yesNo(a.finished),
        xlsxDate(a.updatedAt, tz),
      ]);
      row.getCell(9).alignment = { wrapText: true, vertical: 'top' };
      row.getCell(11).numFmt = DATE_FORMAT;
    }
    freezeAndFilter(ws, 2, LEVEL_HEADERS.length);
  }

  // One sheet per grouping: per group and level, each question's mean and contributions.
  for (const g of SURVEY_GROUPINGS) {
    const ws = wb.addWorksheet(SURVEY_XLSX_SHEETS[g.key]);
    const heads = [
      g.column,
      'Réponses',
      'Niveau',
      ...grid.questions.flatMap((q, j) => [
        ...(grid.rating ? [`${questionHeads[j]} — moyenne`] : []),
        `${q.position}. contributions`,
      ]),
    ];
    header(ws, heads, [
      30,
      10,
      24,
      ...grid.questions.flatMap(() => (grid.rating ? [22, 14] : [14])),
    ]);
    for (const grp of report.groupings[g.key]) {
      for (const l of grid.levels) {
        const row = ws.addRow([
          xlsxText(grp.group),
          grp.answers,
          xlsxText(`${l.position}. ${l.label}`),
          ...grid.questions.flatMap((q) => {
            const c = cellOf(grp.cells, l.position, q.position);
            return grid.rating ? [c.mean, c.contributions] : [c.contributions];
          }),
        ]);
        if (grid.rating)
          grid.questions.forEach((_, j) => (row.getCell(4 + 2 * j).numFmt = MEAN_FORMAT));
      }
    }
    freezeAndFilter(ws, 1, heads.length, 1);
  }

  return Buffer.from(await wb.xlsx.writeBuffer());
}
