/**
 * Reads a CSV file as French Excel does when it is double-clicked: a UTF-8 BOM selects UTF-8 and
 * is dropped, `;` separates cells, `"` quotes a cell (a doubled `""` is one quote), CRLF or LF
 * ends a record outside quotes. Written from Excel's behaviour, independently of src/app/csv.ts.
 */
export function readAsFrenchExcel(bytes: Buffer | string): { bom: boolean; rows: string[][] } {
  let text = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  const bom = text.startsWith('\uFEFF');
  if (bom) text = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
      } else {
        cell += c;
        i += 1;
      }
    } else if (c === '"' && cell === '') {
      quoted = true;
      i += 1;
    } else if (c === ';') {
      row.push(cell);
      cell = '';
      i += 1;
    } else if (c === '\r' || c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += c;
      i += 1;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return { bom, rows };
}

/**
 * Would Excel (or Excel after "Convertir" re-splits a cell on `;`, `,`, tab or a line break) take
 * some part of this cell for a formula? A part is dangerous when its first non-space character
 * is `=`, `+`, `-` or `@`, or when it starts with a tab or a carriage return.
 */
export function startsFormula(cell: string): boolean {
  return cell
    .split(/\r\n|[;,\t\r\n]/)
    .some((part, i) => /^\s*[=+\-@]/.test(part) || (i === 0 && /^[\t\r]/.test(cell)));
}
