import { parse } from 'csv-parse/sync';
import { DomainError } from '../domain/errors';

export interface CsvRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

export interface RowProblem {
  line: number;
  message: string;
}

/**
 * Reads a CSV with a header line (comma or semicolon separated, UTF-8 with or without BOM).
 * Missing columns are refused before any row is read.
 */
export function readCsv(text: string, requiredColumns: string[]): CsvRow[] {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(source, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      delimiter,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    });
  } catch (err) {
    throw new DomainError('CSV_UNREADABLE', `Fichier CSV illisible : ${(err as Error).message}`);
  }
  const header = firstLine
    .split(delimiter)
    .map((h) => h.trim().toLowerCase().replace(/^"|"$/g, ''));
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new DomainError(
      'CSV_COLUMNS_MISSING',
      `Colonnes manquantes dans l'en-tête du CSV : ${missing.join(', ')} (attendues : ${requiredColumns.join(', ')}).`,
    );
  }
  return records.map((r) => ({ line: r.info.lines, values: r.record }));
}

/** A CSV cell safe to open in a spreadsheet: quoted, and formulas neutralised. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",;\n\r]/.test(s) || s !== String(value) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(
  header: string[],
  rows: (string | number | boolean | null | undefined)[][],
): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
