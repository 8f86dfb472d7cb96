/**
 * Agrément register import benchmark: the real CLI (`concerto agrements import`), run as a process
 * the way a Caf's IT runs it, against a Postgres database of its own (created, migrated and dropped
 * here; server from DATABASE_URL, default the local one) and Redis (REDIS_URL, a key prefix of its
 * own).
 *
 *   npm run bench:import          (compiles with bench/tsconfig.json, then runs node)
 *
 * Generates a register of 50,000 rows (BENCH_ROWS) for 40,000 structures, as French Excel saves
 * it: CSV in Windows-1252, `;`, dates as 31/12/2027, accented names; and the same rows as an .xlsx
 * workbook. Each file is imported into a fresh database, with the renewal reminders of every
 * agrément (7 each, about 350,000 rows). Measured per run: rows/s from the process start to its
 * end, and the process' peak RSS (a preload writes `process.resourceUsage().maxRSS` on exit).
 * Baseline in the same run: the same rows read (csv-parse, whole file) and written with one plain
 * INSERT … SELECT unnest per 5,000 rows, no check, no reminder, as a process too.
 *
 * Targets (2 cores): ≥ 2,000 rows/s and ≤ 400 MB peak memory for the 50,000 rows with reminders.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { deletePrefixKeys } from '../test/support/redis';
import { DATABASE_URL, REDIS_URL } from './support';

const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const MAIN = path.join(__dirname, '..', 'src', 'main.js');
const RSS_PRELOAD = path.join(__dirname, 'rss-on-exit.js');

const pad = (n: number) => String(n).padStart(2, '0');
const fr = (d: Date) => `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
const NAMES = ['Centre social Étoile', 'Maison des familles Hélène', 'EVS Les Pléiades'];

/** The register's rows: [code, name, kind, commune, start, end] (French dates). */
function registerRows(): string[][] {
  const today = Date.now();
  const rows: string[][] = [];
  const structures = Math.ceil(ROWS * 0.8);
  for (let i = 0; i < ROWS; i++) {
    const s = i < structures ? i : i - structures; // the last 20 %: a second agrément
    const kind =
      i < structures
        ? s % 5 === 0
          ? 'evs'
          : 'animation_globale'
        : 'animation_collective_familles';
    // Ends from 6 months to 3.5 years from now: every step of the calendar is still to come.
    const end = new Date(today + (180 + (s % 1100)) * 86_400_000);
    end.setUTCHours(0, 0, 0, 0);
    const start = new Date(end);
    start.setUTCFullYear(end.getUTCFullYear() - 3);
    start.setUTCDate(start.getUTCDate() + 1);
    rows.push([
      `S${String(s).padStart(6, '0')}`,
      `${NAMES[s % NAMES.length]} ${s}`,
      kind,
      `94${String(s % 80).padStart(3, '0')}`,
      fr(start),
      fr(end),
    ]);
  }
  return rows;
}

const HEADER = [
  'structure_code',
  'structure_name',
  'kind',
  'commune_insee',
  'start_date',
  'end_date',
];

function writeCsv(file: string, rows: string[][]): void {
  const text = [HEADER, ...rows].map((r) => r.join(';')).join('\r\n') + '\r\n';
  const bytes = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes[i] = c === 0xc9 || c === 0xe9 || c === 0xe8 ? c : c < 0x80 ? c : 0x3f; // É é è
  }
  writeFileSync(file, bytes);
}

async function writeXlsx(file: string, rows: string[][]): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('Registre');
  ws.addRow(HEADER).commit();
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
}

function databaseUrl(name: string): string {
  const u = new URL(DATABASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs `node [preload] script args`; returns its wall time, peak RSS and output. */
function run(script: string, args: string[], env: Record<string, string>) {
  const rssFile = path.join(os.tmpdir(), `bench-rss-${randomBytes(4).toString('hex')}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', RSS_PRELOAD, script, ...args], {
    env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  const [rssKb, cpuUs] = readFileSync(rssFile, 'utf8').split(' ').map(Number) as [number, number];
  rmSync(rssFile, { force: true });
  if (r.status !== 0) {
    throw new Error(`${script} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  }
  return { ms, cpuMs: cpuUs / 1000, rssMb: rssKb / 1024, stdout: r.stdout, stderr: r.stderr };
}

async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `concerto_bench_import_${randomBytes(4).toString('hex')}`;
  const url = databaseUrl(name);
  const admin = new Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    return await fn(url);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

async function importRun(label: string, file: string, prefix: string) {
  return withDatabase(async (url) => {
    const env = { DATABASE_URL: url, REDIS_URL, QUEUE_PREFIX: prefix, DEFAULT_TENANT: '94' };
    run(MAIN, ['db', 'migrate'], env);
    run(MAIN, ['tenant', 'create', '--code', '94', '--name', 'Caf du Val-de-Marne (bench)'], env);
    const r = run(MAIN, ['agrements', 'import', file], env);
    const check = new Client({ connectionString: url });
    await check.connect();
    const count = async (table: string) =>
      Number((await check.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
    const agrements = await count('agrements');
    const reminders = await count('planned_reminders');
    await check.end();
    if (agrements !== ROWS) throw new Error(`${label}: ${agrements} agréments, ${ROWS} expected`);
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(
      `${label.padEnd(9)} ${fmt(ROWS)} rows, ${fmt(reminders)} reminders in ${fmt(r.ms)} ms → ${fmt(ROWS / (r.ms / 1000))} rows/s (node CPU ${fmt(r.cpuMs)} ms), peak RSS ${fmt(r.rssMb)} MB (targets ≥ 2,000 rows/s, ≤ 400 MB)`,
    );
    console.log(`            load average after the run: ${os.loadavg()[0]!.toFixed(1)}`);
    console.log(
      r.stderr
        .split('\n')
        .filter((l) => l.includes(' en '))
        .map((l) => `            ${l}`)
        .join('\n'),
    );
  });
}

/** The baseline, run as a child: read the whole CSV, INSERT … unnest per 5,000 rows. */
async function baselineChild(url: string, file: string): Promise<void> {
  const text = new TextDecoder('windows-1252').decode(readFileSync(file));
  const records = parse(text, { delimiter: ';', columns: true }) as Record<string, string>[];
  const iso = (d: string) => `${d.slice(6, 10)}-${d.slice(3, 5)}-${d.slice(0, 2)}`;
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query('BEGIN');
  const tenant = (
    await c.query(
      `INSERT INTO tenants (id, code, name) VALUES (gen_random_uuid(), '94', 'Caf') RETURNING id`,
    )
  ).rows[0].id as string;
  const codes = [...new Map(records.map((r) => [r.structure_code!, r])).values()];
  for (let i = 0; i < codes.length; i += 5_000) {
    const chunk = codes.slice(i, i + 5_000);
    await c.query(
      `INSERT INTO organisations (id, tenant_id, code, name, kind, commune_insee)
       SELECT gen_random_uuid(), $1::uuid, x.code, x.name, 'centre_social', x.commune
       FROM unnest($2::text[], $3::text[], $4::text[]) AS x(code, name, commune)`,
      [
        tenant,
        chunk.map((r) => r.structure_code),
        chunk.map((r) => r.structure_name),
        chunk.map((r) => r.commune_insee),
      ],
    );
  }
  for (let i = 0; i < records.length; i += 5_000) {
    const chunk = records.slice(i, i + 5_000);
    await c.query(
      `INSERT INTO agrements (id, tenant_id, organisation_id, kind, start_date, end_date)
       SELECT gen_random_uuid(), $1::uuid, o.id, x.kind::agrement_kind, x.s, x.e
       FROM unnest($2::text[], $3::text[], $4::date[], $5::date[]) AS x(code, kind, s, e)
       JOIN organisations o ON o.tenant_id = $1::uuid AND o.code = x.code`,
      [
        tenant,
        chunk.map((r) => r.structure_code),
        chunk.map((r) => r.kind),
        chunk.map((r) => iso(r.start_date!)),
        chunk.map((r) => iso(r.end_date!)),
      ],
    );
  }
  await c.query('COMMIT');
  await c.end();
}

async function baselineRun(file: string) {
  return withDatabase(async (url) => {
    run(MAIN, ['db', 'migrate'], { DATABASE_URL: url });
    const r = run(__filename, ['baseline', url, file], {});
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(
      `baseline  ${fmt(ROWS)} rows, plain INSERT … unnest, no check, no reminder: ${fmt(r.ms)} ms → ${fmt(ROWS / (r.ms / 1000))} rows/s (node CPU ${fmt(r.cpuMs)} ms), peak RSS ${fmt(r.rssMb)} MB`,
    );
  });
}

async function main() {
  if (process.argv[2] === 'baseline') {
    await baselineChild(process.argv[3]!, process.argv[4]!);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  const prefix = `bench-concerto-${randomBytes(4).toString('hex')}`;
  try {
    const rows = registerRows();
    const csv = path.join(dir, 'registre.csv');
    const xlsx = path.join(dir, 'registre.xlsx');
    writeCsv(csv, rows);
    await writeXlsx(xlsx, rows);
    console.log(
      `node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}; ${ROWS.toLocaleString('en-US')}-row register`,
    );
    await baselineRun(csv);
    await importRun('csv', csv, `${prefix}-csv`);
    await importRun('xlsx', xlsx, `${prefix}-xlsx`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await deletePrefixKeys(`${prefix}-csv`, REDIS_URL).catch(() => undefined);
    await deletePrefixKeys(`${prefix}-xlsx`, REDIS_URL).catch(() => undefined);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
