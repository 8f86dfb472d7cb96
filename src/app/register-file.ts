import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { DomainError } from '../domain/errors';
import type { CsvRow } from './csv';

/** What a register file turned out to be. */
export interface RegisterFileInfo {
  format: 'xlsx' | 'csv';
  /** CSV only: the encoding detected. */
  encoding?: 'utf-8' | 'windows-1252' | 'utf-16le';
  /** CSV only: the separator detected. */
  separator?: ';' | ',' | '\t';
  /** Size of the file, for the progress of the reading. */
  bytes: number;
}

export interface RegisterFile {
  info: RegisterFileInfo;
  /** The header, lower-cased and trimmed. */
  header: string[];
  /** The data rows, one at a time, with their line (CSV) or row (Excel) number. */
  rows(onBytes?: (bytesRead: number) => void): AsyncGenerator<CsvRow>;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/**
 * Opens a register: an Excel workbook (.xlsx, first sheet) or a CSV. The kind is told by the
 * file's first bytes, not its name. For a CSV: UTF-8 with or without BOM, UTF-16 with BOM (Excel's
 * « Texte Unicode »), otherwise Windows-1252 (French Excel's « CSV (séparateur : point-virgule) »);
 * the separator (`;`, `,` or tab) is the one the header line uses most. Missing columns are
 * refused before any row is read.
 */
export async function openRegisterFile(
  file: string,
  requiredColumns: string[],
): Promise<RegisterFile> {
  let head: Buffer;
  let bytes: number;
  try {
    bytes = (await stat(file)).size;
    const fh = await open(file, 'r');
    try {
      head = Buffer.alloc(Math.min(8, bytes));
      await fh.read(head, 0, head.length, 0);
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new DomainError('FILE_UNREADABLE', {
      file,
      reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message,
    });
  }
  if (head.subarray(0, 4).equals(OLE_MAGIC))
    throw new DomainError('SPREADSHEET_OLD_FORMAT', { file });
  const register = head.subarray(0, 4).equals(ZIP_MAGIC)
    ? await openXlsx(file, bytes)
    : csvRegister(await readBytes(file));
  return withColumns(register, requiredColumns);
}

/** A CSV register given as bytes or text (the demo data). */
export function csvRegisterFrom(content: Buffer | string, requiredColumns: string[]): RegisterFile {
  return withColumns(
    csvRegister(typeof content === 'string' ? Buffer.from(content, 'utf8') : content),
    requiredColumns,
  );
}

function withColumns(register: RegisterFile, requiredColumns: string[]): RegisterFile {
  const missing = requiredColumns.filter((c) => !register.header.includes(c));
  if (missing.length > 0) {
    throw new DomainError('CSV_COLUMNS_MISSING', { missing, required: [...requiredColumns] });
  }
  return register;
}

function normaliseHeader(cells: string[]): string[] {
  return cells.map((h) =>
    h
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase(),
  );
}

// ---------------------------------------------------------------------------------------------
// CSV

function decode(buf: Buffer): { text: string; encoding: 'utf-8' | 'windows-1252' | 'utf-16le' } {
  if (buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)), encoding: 'utf-16le' };
  }
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(buf.subarray(3)), encoding: 'utf-8' };
  }
  // Valid UTF-8 is almost never Windows-1252 text by accident (an accented letter there is one
  // byte ≥ 0x80 between ASCII bytes, which UTF-8 forbids).
  if (isUtf8(buf)) return { text: buf.toString('utf8'), encoding: 'utf-8' };
  return { text: new TextDecoder('windows-1252').decode(buf), encoding: 'windows-1252' };
}

function detectSeparator(firstLine: string): ';' | ',' | '\t' {
  let best: ';' | ',' | '\t' = ',';
  let bestCount = 0;
  for (const sep of [',', ';', '\t'] as const) {
    const n = firstLine.split(sep).length - 1;
    if (n > bestCount) [best, bestCount] = [sep, n];
  }
  return best;
}

async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new DomainError('FILE_UNREADABLE', {
      file,
      reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message,
    });
  }
}

// The bytes are read once (a few MB for 50,000 rows: the encoding is known only after the last
// byte), then parsed as a stream, one record at a time.
function csvRegister(buf: Buffer): RegisterFile {
  const bytes = buf.length;
  const { text, encoding } = decode(buf);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const separator = detectSeparator(firstLine);
  const header = normaliseHeader(firstLine.split(separator).map((h) => h.replace(/^"|"$/g, '')));
  return {
    info: { format: 'csv', encoding, separator, bytes },
    header,
    async *rows(onBytes) {
      const parser = Readable.from(chunks(text)).pipe(
        parse({
          columns: (h: string[]) => normaliseHeader(h),
          delimiter: separator,
          skip_empty_lines: true,
          trim: true,
          relax_column_count: true,
          info: true,
        }),
      );
      let lastReport = 0;
      try {
        for await (const r of parser as AsyncIterable<{
          record: Record<string, string>;
          info: { lines: number; bytes: number };
        }>) {
          // Lines made only of separators (Excel leaves them after deleted rows) are empty rows.
          if (Object.values(r.record).every((v) => v === '' || v === undefined)) continue;
          if (onBytes && r.info.bytes - lastReport > 65_536) {
            lastReport = r.info.bytes;
            // Characters parsed, scaled to the file's bytes.
            onBytes(Math.min(bytes, Math.round((r.info.bytes / text.length) * bytes)));
          }
          yield { line: r.info.lines, values: r.record };
        }
      } catch (err) {
        if (err instanceof DomainError) throw err;
        throw new DomainError('CSV_UNREADABLE', { reason: (err as Error).message });
      }
      onBytes?.(bytes);
    },
  };
}

function* chunks(text: string, size = 65_536): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

// ---------------------------------------------------------------------------------------------
// Excel

/** Excel's day 0 (its serial dates count days from 30 December 1899). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A cell as text: dates as ISO days, formulas by their result, rich text joined. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('error' in value) return String(value.error);
  return '';
}

/** A date cell that Excel kept as a number (its format not cached): the ISO day. */
export function excelSerialDate(text: string): string | null {
  if (!/^\d{4,6}(\.\d+)?$/.test(text)) return null;
  const serial = Math.floor(Number(text));
  if (serial < 20_000 || serial > 80_000) return null; // 1954 … 2119
  return new Date(EXCEL_EPOCH + serial * 86_400_000).toISOString().slice(0, 10);
}

function xlsxReader(file: string, onBytes?: (n: number) => void) {
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  let read = 0;
  if (onBytes) {
    stream.on('data', (c) => {
      read += c.length;
      onBytes(read);
    });
  }
  return new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
}

function rowCells(row: ExcelJS.Row): string[] {
  const values = row.values as ExcelJS.CellValue[];
  const out: string[] = [];
  // row.values is 1-based (index 0 unused).
  for (let i = 1; i < values.length; i++) out.push(cellText(values[i]).trim());
  return out;
}

function xlsxError(file: string, err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  return new DomainError('SPREADSHEET_UNREADABLE', { file, reason: (err as Error).message });
}

/** The first sheet's rows, streamed from the zip (the workbook is never held whole). */
async function* sheetRows(
  file: string,
  onBytes?: (n: number) => void,
): AsyncGenerator<{ number: number; cells: string[] }> {
  try {
    for await (const sheet of xlsxReader(file, onBytes)) {
      for await (const row of sheet) {
        const cells = rowCells(row);
        if (cells.every((c) => c === '')) continue;
        yield { number: row.number, cells };
      }
      return; // the first sheet only
    }
  } catch (err) {
    throw xlsxError(file, err);
  }
}

async function openXlsx(file: string, bytes: number): Promise<RegisterFile> {
  let header: string[] | null = null;
  let headerRow = 0;
  const it = sheetRows(file);
  const first = await it.next();
  await it.return(undefined);
  if (!first.done) {
    header = normaliseHeader(first.value.cells);
    headerRow = first.value.number;
  }
  const columns = header ?? [];
  return {
    info: { format: 'xlsx', bytes },
    header: columns,
    async *rows(onBytes) {
      for await (const row of sheetRows(file, onBytes)) {
        if (row.number <= headerRow) continue;
        const values: Record<string, string> = {};
        columns.forEach((c, i) => {
          if (c !== '') values[c] = row.cells[i] ?? '';
        });
        yield { line: row.number, values };
      }
      onBytes?.(bytes);
    },
  };
}
