import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createLogger } from '../../src/logger';
import { NO_OUTBOX } from '../../src/app/deps';
import { renderRoundXlsx, XLSX_MAX_CELL } from '../../src/app/report-xlsx';
import { renderRoundMarkdown } from '../../src/app/report-markdown';
import { buildRoundReport } from '../../src/app/round-report';
import { createTestDb, type TestDb } from '../support/db';
import { cli } from '../support/cli';
import { readAsFrenchExcel } from '../support/french-excel';

/** 3 December 2026, 13:05 UTC: 14:05 in Paris (the Caf's time zone). */
const CAST_AT = new Date('2026-12-03T13:05:00.000Z');
const HOSTILE =
  "=cmd|' /C calc'!A0 ; *gras* _souligné_ [lien](http://evil.example) <script>alert(1)</script> &amp; Val-de-Marne (EPCI)\n# pas un titre\n- pas une liste";

async function load(buffer: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

const rowValues = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);

describe('round export: one report, CSV, XLSX and Markdown, from the CLI', () => {
  let t: TestDb;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'concerto-export-'));
  const at = { now: () => CAST_AT };

  beforeAll(async () => {
    t = await createTestDb();
    expect((await cli(t, ['seed', 'demo'])).code).toBe(0);
    const create = await cli(
      t,
      [
        'round',
        'create',
        '--version',
        '1',
        '--deadline',
        '+3j',
        '--orgs',
        'CD94,DDCS94,FCS94,MSA-IDF',
        '--silence-favorable',
      ],
      at,
    );
    expect(create.err).toBe('');
    expect((await cli(t, ['round', 'launch', '1'], at)).code).toBe(0);
    const record = (org: string, enjeu: string, avis: string, source: string, comment?: string) =>
      cli(
        t,
        [
          'avis',
          'record',
          '--round',
          '1',
          '--org',
          org,
          '--enjeu',
          enjeu,
          '--avis',
          avis,
          '--source',
          source,
          ...(comment ? ['--commentaire', comment] : []),
        ],
        at,
      );
    expect((await record('CD94', 'tous', 'favorable', 'courrier du 3 décembre')).code).toBe(0);
    expect((await record('DDCS94', '2', 'defavorable', 'mail du 4 décembre', HOSTILE)).code).toBe(
      0,
    );
    expect((await cli(t, ['round', 'close', '1'], at)).code).toBe(0);
  });
  afterAll(async () => t.drop());

  it('writes every format with --format all, the PDF a tagged synthesis of the round', async () => {
    const r = await cli(t, ['round', 'export', '1', '--format', 'all', '--out', dir], at);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const ext of ['csv', 'xlsx', 'md', 'pdf'])
      expect(existsSync(path.join(dir, `consultation-1.${ext}`))).toBe(true);
    const pdf = path.join(dir, 'consultation-1.pdf');
    expect(execFileSync('pdfinfo', [pdf]).toString()).toMatch(/Tagged:\s+yes/);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    expect(text).toContain('Participation');
    expect(text).toContain('Caf du Val-de-Marne');
  });

  it('refuses an unknown format in French with a non-zero exit, writing nothing', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'concerto-export-pdf-'));
    const docx = await cli(t, ['round', 'export', '1', '--format', 'docx', '--out', out]);
    expect(docx.code).toBe(1);
    expect(docx.err).toContain("Format d'export inconnu « docx »");
    expect(existsSync(path.join(out, 'consultation-1.csv'))).toBe(false);
  });

  it('keeps the CSV in the French-Excel shape: ; BOM CRLF, one line per organisation and enjeu, formulas neutralised', async () => {
    const r = await cli(t, ['round', 'export', '1', '--format', 'csv', '--out', dir]);
    expect(r.code).toBe(0);
    const raw = readFileSync(path.join(dir, 'consultation-1.csv'));
    const csv = readAsFrenchExcel(raw);
    expect(csv.bom).toBe(true);
    expect(raw.toString('utf8')).toContain('\r\n');
    expect(csv.rows).toHaveLength(1 + 12);
    expect(csv.rows.every((row) => row.length === 11)).toBe(true);
    const hostile = csv.rows.find((row) => row[2] === 'DDCS94' && row[0] === '2')!;
    expect(hostile[5]!.startsWith("'=cmd")).toBe(true);
    // The proxy's giver, organisation and source, as before.
    expect(hostile[6]).toMatch(/ pour Direction départementale .* \(mail du 4 décembre\)$/);
  });

  it('writes a workbook read back with exceljs: sheets, French headers, a row per avis, real dates, frozen rows, filters', async () => {
    const wb = await load(readFileSync(path.join(dir, 'consultation-1.xlsx')));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Synthèse',
      'Enjeu 1',
      'Enjeu 2',
      'Enjeu 3',
      'Participation',
      'Suivi des avis',
    ]);

    const summary = wb.getWorksheet('Synthèse')!;
    const pairs = new Map<string, unknown>();
    summary.eachRow((row) => pairs.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(pairs.get('Consultation')).toBe(1);
    expect(pairs.get('État')).toBe('close');
    expect(pairs.get('Organisations invitées')).toBe(4);
    expect(pairs.get('Ayant répondu à tous les enjeux')).toBe(1);
    expect(pairs.get('L’absence de réponse vaut avis favorable')).toBe('oui');
    expect(pairs.get('Organisations n’ayant répondu à aucun enjeu')).toMatch(/MSA/);
    expect(pairs.get('Ouverte le')).toBeInstanceOf(Date);
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    const e2 = wb.getWorksheet('Enjeu 2')!;
    expect(rowValues(e2, 2)).toEqual([
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
    ]);
    expect(e2.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(e2.autoFilter).toBeTruthy();
    expect(e2.getColumn(6).width).toBeGreaterThan(40);
    // One row per avis: CD94 and DDCS94 answered, FCS94 and MSA-IDF favorable by silence.
    expect(e2.rowCount).toBe(2 + 4);
    const byCode = new Map<string, ExcelJS.Row>();
    for (let n = 3; n <= e2.rowCount; n++)
      byCode.set(String(e2.getRow(n).getCell(2).value), e2.getRow(n));
    const ddcs = byCode.get('DDCS94')!;
    expect(ddcs.getCell(5).value).toBe('Défavorable');
    // Hostile text is a plain string cell, never a formula.
    expect(ddcs.getCell(6).type).toBe(ExcelJS.ValueType.String);
    expect(ddcs.getCell(6).value).toBe(HOSTILE);
    expect(ddcs.getCell(6).formula).toBeUndefined();
    expect(ddcs.getCell(7).value).toBe('cli');
    expect(ddcs.getCell(8).value).toMatch(/^Direction départementale/);
    expect(ddcs.getCell(9).value).toBe('mail du 4 décembre');
    expect(ddcs.getCell(13).value).toBe('oui');
    const date = ddcs.getCell(11).value as Date;
    expect(date).toBeInstanceOf(Date);
    // 13:05 UTC is shown as 14:05, the Caf's wall-clock time.
    expect([date.getUTCHours(), date.getUTCMinutes()]).toEqual([14, 5]);
    expect(ddcs.getCell(11).numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(byCode.get('FCS94')!.getCell(12).value).toBe('oui');
    expect(byCode.get('FCS94')!.getCell(7).value).toBeNull();

    const matrix = wb.getWorksheet('Participation')!;
    expect(rowValues(matrix, 1)).toEqual([
      'Code',
      'Organisation',
      'Type',
      'Commune',
      'Enjeu 1',
      'Enjeu 2',
      'Enjeu 3',
    ]);
    expect(matrix.rowCount).toBe(1 + 4);
    expect(matrix.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 2 });
    const ddcsLine = [2, 3, 4, 5].map((n) => rowValues(matrix, n)).find((v) => v[0] === 'DDCS94')!;
    expect(ddcsLine.slice(4)).toEqual([
      'Favorable (silence)',
      'Défavorable (saisi par la Caf)',
      'Favorable (silence)',
    ]);

    const followups = wb.getWorksheet('Suivi des avis')!;
    // Every avis that calls for a follow-up has its line, « à traiter » until the Caf answers.
    expect(followups.rowCount).toBeGreaterThan(1);
    expect(rowValues(followups, 1)).toContain('Réponse de la Caf');
    expect(rowValues(followups, 2)).toContain('à traiter');
  });

  it('writes a Markdown synthesis escaped only where Markdown needs it, dated in the Caf’s time zone, naming silence and proxies', async () => {
    const md = readFileSync(path.join(dir, 'consultation-1.md'), 'utf8');
    // Names and text read as typed: no backslash before - ( ) . or !
    expect(md).toContain(
      'Favorables par silence : Fédération des centres sociaux et socioculturels du Val-de-Marne, MSA Île-de-France.',
    );
    expect(md).not.toMatch(/\\[-().!=]/);
    // What Markdown would read as syntax is escaped; line breaks collapse into one item.
    expect(md).toContain(
      "=cmd\\|' /C calc'!A0 ; \\*gras\\* \\_souligné\\_ \\[lien\\](http://evil.example) \\<script\\>alert(1)\\</script\\> \\&amp; Val-de-Marne (EPCI) # pas un titre - pas une liste",
    );
    expect(md).not.toContain('<script>');
    // The avis recorded by the Caf, with its source and local time.
    expect(md).toMatch(
      /- \*\*Direction départementale [^*]+\*\* \(Défavorable — saisi par la Caf pour le compte de l’organisation \(source : mail du 4 décembre ; saisi par : cli\), 3 décembre à 14:05\) : =cmd/,
    );
    expect(md).toContain('### Avis saisis par la Caf pour le compte d’une organisation');
    expect(md).toContain('Organisations favorables par silence : ');
    expect(md).toMatch(
      /Organisations n’ayant répondu à aucun enjeu \(2\) : Fédération .*, MSA Île-de-France/,
    );
    expect(md).toContain('- Close le : jeudi 3 décembre 2026 à 14 h 05');
    expect(md).toMatch(/Généré par Concerto le .+ \(heure de Europe\/Paris\)\./);
  });

  it('keeps a very long comment within Excel’s cell limit, with a note', async () => {
    const deps = {
      db: t.db,
      now: () => CAST_AT,
      log: createLogger('silent'),
      outbox: NO_OUTBOX,
    };
    const tenant = await t.db.tenant.findFirstOrThrow({ where: { code: '94' } });
    const report = await buildRoundReport(deps, { tenantId: tenant.id, round: '1' });
    const long = '=' + 'é'.repeat(40_000) + '\u0001';
    report.enjeux[1]!.rows[0]!.comment = long;
    const wb = await load(await renderRoundXlsx(report));
    const cell = wb.getWorksheet('Enjeu 2')!.getRow(3).getCell(6);
    const text = String(cell.value);
    expect(text.length).toBeLessThanOrEqual(XLSX_MAX_CELL);
    expect(text).toMatch(/texte tronqué : 40001 caractères/);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(renderRoundMarkdown(report)).toContain('é'.repeat(100));
  });

  it('keeps text that looks like an OOXML escape as typed (« _x0041_ » is not « A »)', async () => {
    const deps = { db: t.db, now: () => CAST_AT, log: createLogger('silent'), outbox: NO_OUTBOX };
    const tenant = await t.db.tenant.findFirstOrThrow({ where: { code: '94' } });
    const report = await buildRoundReport(deps, { tenantId: tenant.id, round: '1' });
    const typed = 'avant _x0041_ et _x000D_ après\u0007';
    report.enjeux[1]!.rows[0]!.comment = typed;
    const wb = await load(await renderRoundXlsx(report));
    expect(wb.getWorksheet('Enjeu 2')!.getRow(3).getCell(6).value).toBe(
      'avant _x0041_ et _x000D_ après',
    );
  });
});
