import { DomainError } from '../domain/errors';
import type { AppDeps } from './deps';
import { renderRoundCsv } from './report-csv';
import { renderRoundReportPdf } from './report-pdf';
import { renderRoundMarkdown } from './report-markdown';
import { renderRoundXlsx } from './report-xlsx';
import { buildRoundReport, type RoundReport } from './round-report';

/** The formats a round's results are exported in. */
export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf', 'md'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Each format's renderer, all from the one report model (the PDF by app/report-pdf.ts). */
const RENDERERS: Record<
  ExportFormat,
  { contentType: string; render: (r: RoundReport) => Promise<Buffer | string> }
> = {
  csv: { contentType: 'text/csv; charset=utf-8', render: async (r) => renderRoundCsv(r) },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    render: renderRoundXlsx,
  },
  pdf: { contentType: 'application/pdf', render: renderRoundReportPdf },
  md: { contentType: 'text/markdown; charset=utf-8', render: async (r) => renderRoundMarkdown(r) },
};

export interface ExportFile {
  format: ExportFormat;
  /** « consultation-3.xlsx » */
  filename: string;
  contentType: string;
  body: Buffer | string;
}

/** « csv », « xlsx,md », « all » → formats; an unknown name is refused (EXPORT_FORMAT_UNKNOWN). */
export function parseExportFormats(input: string): ExportFormat[] {
  const asked = input
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean);
  const formats = new Set<ExportFormat>();
  for (const f of asked.length > 0 ? asked : ['']) {
    if (f === 'all' || f === 'tous') EXPORT_FORMATS.forEach((x) => formats.add(x));
    else if ((EXPORT_FORMATS as readonly string[]).includes(f)) formats.add(f as ExportFormat);
    else
      throw new DomainError(
        'EXPORT_FORMAT_UNKNOWN',
        { format: f, formats: [...EXPORT_FORMATS, 'all'] },
        'format',
      );
  }
  return [...formats];
}

/** One format of a report. */
export async function renderExport(report: RoundReport, format: ExportFormat): Promise<ExportFile> {
  const r = RENDERERS[format];
  return {
    format,
    filename: `consultation-${report.round.number}.${format}`,
    contentType: r.contentType,
    body: await r.render(report),
  };
}

/**
 * The report of a round that was held (open or closed): a round never launched, or cancelled,
 * has no results and is not written as if it had closed (ROUND_EXPORT_NOT_HELD).
 */
async function heldRoundReport(
  deps: AppDeps,
  o: { tenantId: string; round: string },
): Promise<RoundReport> {
  const report = await buildRoundReport(deps, o);
  const { number, status } = report.round;
  if (status === 'draft' || status === 'cancelled') {
    throw new DomainError('ROUND_EXPORT_NOT_HELD', { number, status });
  }
  return report;
}

/** The files of a round's results in `formats` (the report is built once for all of them). */
export async function exportRoundFiles(
  deps: AppDeps,
  o: { tenantId: string; round: string; formats: readonly ExportFormat[] },
): Promise<{ report: RoundReport; files: ExportFile[] }> {
  const report = await heldRoundReport(deps, o);
  const files: ExportFile[] = [];
  for (const format of o.formats) files.push(await renderExport(report, format));
  return { report, files };
}

/**
 * The results of a round as the chat channels post them: the CSV (one line per organisation and
 * enjeu) and the Markdown synthesis, from one report.
 */
export async function exportRound(deps: AppDeps, o: { tenantId: string; round: string }) {
  const report = await heldRoundReport(deps, o);
  return {
    report,
    round: report.round,
    csv: renderRoundCsv(report),
    markdown: renderRoundMarkdown(report),
  };
}
