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
    throw new DomainError('CSV_UNREADABLE', { reason: (err as Error).message });
  }
  const header = firstLine
    .split(delimiter)
    .map((h) => h.trim().toLowerCase().replace(/^"|"$/g, ''));
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new DomainError('CSV_COLUMNS_MISSING', { missing, required: [...requiredColumns] });
  }
  return records.map((r) => ({ line: r.info.lines, values: r.record }));
}

/**
 * The separator of every CSV Concerto writes. French Excel (the Cafs' spreadsheet) splits cells on
 * the list separator of the French locale, `;`: a `,`-separated file opens as one column.
 */
export const CSV_SEPARATOR = ';';

/**
 * Neutralises formulas (CSV injection): a `'` goes in front of the cell when it starts with `=`,
 * `+`, `-`, `@`, a tab or a carriage return, and in front of any `=`, `+`, `-` or `@` that follows
 * a `;`, `,`, tab or line break inside the cell (after spaces, if any). Cells are re-split on those
 * when a user runs « Convertir » or pastes a cell elsewhere, and each part would be read as a
 * formula of its own: the first character alone is not enough.
 */
export function neutraliseFormulas(value: string): string {
  const inner = value.replace(/([;,\t\r\n][ \u00a0]*)([=+\-@])/g, "$1'$2");
  return /^[ \u00a0]*[=+\-@\t\r]/.test(inner) ? `'${inner}` : inner;
}

/**
 * A CSV cell safe to open in a spreadsheet: formulas neutralised, and quoted (inner quotes doubled)
 * when it holds a separator, a quote or a line break.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = neutraliseFormulas(String(value));
  return /[",;\n\r\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A whole CSV file as French Excel opens it right: a UTF-8 BOM (without it Excel reads the bytes
 * as Windows-1252 and « é » becomes « Ã© »), `;` between cells, CRLF after every line.
 */
export function toCsv(
  header: string[],
  rows: (string | number | boolean | null | undefined)[][],
): string {
  return (
    '\uFEFF' +
    [header, ...rows].map((r) => r.map(csvCell).join(CSV_SEPARATOR)).join('\r\n') +
    '\r\n'
  );
}
