import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { AVIS_LABELS } from '../domain/avis';
import { AVIS_CHOICES } from '../domain/types';
import { FOLLOWUP_LABELS } from '../domain/followup';
import type { ReportAvisRow, RoundReport } from './round-report';

/** Excel refuses a cell longer than this (the file would not open). */
export const XLSX_MAX_CELL = 32_767;

/**
 * User text as a spreadsheet cell: characters XML 1.0 cannot hold removed (the file would not
 * open), cut at Excel's limit with a note. Text is always written as a string cell, never as a
 * formula: « =cmd|' /C calc'!A0 » is shown, not run. « _x0041_ » is how OOXML escapes a
 * character (Excel would show « A »): a typed one is itself escaped (« _x005F_ » is « _ »).
 */
export function xlsxText(value: string | null | undefined): string {
  const s = (value ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/_(x[0-9a-fA-F]{4}_)/g, '_x005F_$1');
  if (s.length <= XLSX_MAX_CELL) return s;
  const note = ` […] (texte tronqué : ${s.length} caractères, voir l’export CSV)`;
  let cut = s.slice(0, XLSX_MAX_CELL - note.length);
  // Never split a surrogate pair.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return cut + note;
}

/**
 * A date as Excel shows it: Excel dates have no time zone, so the cell holds the wall-clock time
 * of the Caf (a `Date` whose UTC fields are the local ones; exceljs writes dates in UTC).
 */
export function xlsxDate(d: Date, timezone: string): Date {
  const l = DateTime.fromJSDate(d, { zone: timezone });
  return new Date(Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second, l.millisecond));
}

const DATE_FORMAT = 'dd/mm/yyyy hh:mm';

/** Sheet names are unique, ≤ 31 characters, without : \ / ? * [ ]. */
export const XLSX_SHEETS = {
  summary: 'Synthèse',
  enjeu: (position: number) => `Enjeu ${position}`,
  matrix: 'Participation',
  followups: 'Suivi des avis',
} as const;

export const ENJEU_HEADERS = [
  'Organisation',
  'Code',
  'Type',
  'Commune',
  'Avis',
  'Commentaire',
  'Donné par',
  'Pour le compte de',
  'Source',
  'Canal',
  'Date',
  'Par silence',
  'Saisi par la Caf',
] as const;

export const FOLLOWUP_HEADERS = [
  'Enjeu',
  'Organisation',
  'Code',
  'Avis',
  'Commentaire',
  'Réponse de la Caf',
  'Justification',
  'Enjeu de la version suivante',
] as const;

/** A sheet's header row: bold, shaded, wrapped; and its columns' widths. */
export function header(ws: ExcelJS.Worksheet, values: readonly string[], widths: number[]) {
  const row = ws.addRow([...values]);
  row.font = { bold: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  row.alignment = { vertical: 'middle', wrapText: true };
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return row;
}

/** Frozen rows above the data, and a filter on the header row `headerRow`. */
export function freezeAndFilter(
  ws: ExcelJS.Worksheet,
  headerRow: number,
  columns: number,
  xSplit = 0,
) {
  ws.views = [{ state: 'frozen', ySplit: headerRow, xSplit }];
  ws.autoFilter = {
    from: { row: headerRow, column: 1 },
    to: { row: Math.max(headerRow, ws.rowCount), column: columns },
  };
}

export const yesNo = (b: boolean) => (b ? 'oui' : 'non');

/**
 * The XLSX workbook of a round: a summary sheet (round, dates, participation, options, counts
 * per enjeu), one sheet per enjeu (one row per avis), the participation matrix (organisations ×
 * enjeux) and the follow-up table; French headers, frozen header rows, filters, column widths,
 * dates as real dates in the Caf's time zone.
 */
export async function renderRoundXlsx(report: RoundReport): Promise<Buffer> {
  const tz = report.timezone;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Concerto';
  wb.created = report.generatedAt;
  wb.title = `Consultation n° ${report.round.number}`;

  // Summary
  const summary = wb.addWorksheet(XLSX_SHEETS.summary);
  header(summary, ['Élément', 'Valeur'], [42, 70]);
  const p = report.participation;
  const dated = (label: string, d: Date | null) => {
    const row = summary.addRow([label, d ? xlsxDate(d, tz) : '']);
    if (d) row.getCell(2).numFmt = DATE_FORMAT;
  };
  summary.addRow(['Caf', xlsxText(report.tenant.name)]);
  summary.addRow(['Consultation', report.round.number]);
  summary.addRow(['Projet', xlsxText(report.draft.title)]);
  summary.addRow(['Version du projet', report.draft.version]);
  summary.addRow(['Période du schéma', xlsxText(report.draft.period)]);
  summary.addRow(['État', report.round.statusLabel]);
  dated('Préparée le', report.round.createdAt);
  dated('Ouverte le', report.round.openedAt);
  dated('Date limite', report.round.deadline);
  dated('Close le', report.round.closedAt);
  summary.addRow(['Organisations invitées', p.invited]);
  summary.addRow(['Ayant répondu à au moins un enjeu', p.answered]);
  summary.addRow(['Ayant répondu à tous les enjeux', p.complete]);
  summary.addRow(['Favorables par silence (au moins un enjeu)', p.bySilence]);
  summary.addRow(['N’ayant répondu à aucun enjeu', report.nonResponders.length]);
  summary.addRow([
    'Organisations n’ayant répondu à aucun enjeu',
    xlsxText(report.nonResponders.map((o) => o.name).join(', ')),
  ]);
  summary.addRow([
    'L’absence de réponse vaut avis favorable',
    yesNo(report.options.silenceMeansFavorable),
  ]);
  summary.addRow([
    'Résultats visibles des partenaires',
    report.options.resultsVisibility === 'during' ? 'pendant la consultation' : 'après la clôture',
  ]);
  summary.addRow(['Rappels', report.options.reminderSchedule.join(', ')]);
  dated('Généré le', report.generatedAt);
  summary.addRow(['Fuseau horaire des dates', tz]);
  summary.addRow([]);
  const countsHeader = summary.addRow([
    'Enjeu',
    ...AVIS_CHOICES.map((c) => AVIS_LABELS[c].fr),
    'dont favorables par silence',
    'Sans réponse',
  ]);
  countsHeader.font = { bold: true };
  for (const e of report.enjeux) {
    summary.addRow([
      xlsxText(`${e.position}. ${e.title}`),
      ...AVIS_CHOICES.map((c) => e.counts[c]),
      e.implicit,
      e.missing.length,
    ]);
  }
  summary.getColumn(2).alignment = { horizontal: 'left', wrapText: true };
  summary.views = [{ state: 'frozen', ySplit: 1 }];

  // One sheet per enjeu: a title row, then the header row (frozen, filtered).
  for (const e of report.enjeux) {
    const ws = wb.addWorksheet(XLSX_SHEETS.enjeu(e.position));
    const title = ws.addRow([xlsxText(`Enjeu ${e.position}. ${e.title}`)]);
    title.font = { bold: true, size: 13 };
    header(ws, ENJEU_HEADERS, [40, 14, 22, 22, 24, 70, 24, 30, 30, 26, 17, 12, 16]);
    for (const r of e.rows) {
      const row = ws.addRow([
        xlsxText(r.organisation.name),
        xlsxText(r.organisation.code),
        r.organisation.kindLabel,
        xlsxText(r.organisation.commune) || null,
        r.avisLabel,
        xlsxText(r.comment) || null,
        xlsxText(r.givenBy) || null,
        xlsxText(r.onBehalfOf) || null,
        xlsxText(r.source) || null,
        r.channelLabel,
        xlsxDate(r.castAt, tz),
        yesNo(r.silent),
        yesNo(r.proxy),
      ]);
      row.getCell(6).alignment = { wrapText: true, vertical: 'top' };
      row.getCell(11).numFmt = DATE_FORMAT;
    }
    freezeAndFilter(ws, 2, ENJEU_HEADERS.length);
  }

  // Participation matrix: organisations × enjeux.
  const matrix = wb.addWorksheet(XLSX_SHEETS.matrix);
  header(
    matrix,
    ['Code', 'Organisation', 'Type', 'Commune', ...report.enjeux.map((e) => `Enjeu ${e.position}`)],
    [14, 40, 22, 22, ...report.enjeux.map(() => 26)],
  );
  const cells = report.enjeux.map(
    (e) => new Map<string, ReportAvisRow>(e.rows.map((r) => [r.organisation.id, r])),
  );
  for (const org of report.organisations) {
    matrix.addRow([
      xlsxText(org.code),
      xlsxText(org.name),
      org.kindLabel,
      xlsxText(org.commune),
      ...cells.map((byOrg) => {
        const a = byOrg.get(org.id);
        if (!a) return 'sans réponse';
        return a.silent
          ? `${a.avisLabel} (silence)`
          : a.proxy
            ? `${a.avisLabel} (saisi par la Caf)`
            : a.avisLabel;
      }),
    ]);
  }
  freezeAndFilter(matrix, 1, 4 + report.enjeux.length, 2);

  // Follow-up table (« prise en compte »): the header alone while nothing is recorded.
  const followups = wb.addWorksheet(XLSX_SHEETS.followups);
  header(followups, FOLLOWUP_HEADERS, [30, 40, 14, 24, 60, 22, 60, 36]);
  for (const f of report.followups) {
    const row = followups.addRow([
      xlsxText(`${f.enjeu.position}. ${f.enjeu.title}`),
      xlsxText(f.organisation.name),
      xlsxText(f.organisation.code),
      f.avisLabel,
      xlsxText(f.comment),
      f.response ? FOLLOWUP_LABELS[f.response].fr : 'à traiter',
      xlsxText(f.justification),
      f.nextEnjeu
        ? xlsxText(`v${f.nextEnjeu.version}, enjeu ${f.nextEnjeu.position}. ${f.nextEnjeu.title}`)
        : '',
    ]);
    row.getCell(5).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(7).alignment = { wrapText: true, vertical: 'top' };
  }
  freezeAndFilter(followups, 1, FOLLOWUP_HEADERS.length);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
