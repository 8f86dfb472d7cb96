/**
 * Journée départementale benchmark (issue [11]): 300 participants answer the evaluation grid at
 * once from their phones, against the real Postgres and Redis (DATABASE_URL, REDIS_URL).
 *
 *   npm run bench:survey
 *
 * 1. Saving a cell: a load generator in a child process (bench/web-load.ts) POSTs each
 *    participant's grid page as the browser sends it (the 16 cells and ratings, one of them
 *    changed, the session cookie and the form's CSRF token) with BENCH_CONNECTIONS (50)
 *    keep-alive connections, until the 303, to
 *      a. a bare Node HTTP server that checks the same session signature (HMAC), parses the form
 *         and does one Postgres upsert, then answers 303;
 *      b. Concerto's web server as production builds it (createHttpApp + mountBallot): event and
 *         session checks, the participant (one query), the grid form, the save under the round's
 *         shared lock (changed cells, their history), then the 303.
 *    Warm-up, then BENCH_ROUNDS (3) turns each; medians. Target: Concerto p99 ≤ 100 ms.
 * 2. The results of the day: the console's evaluation page (a signed-in pilot's GET of
 *    /console/consultations/<n>: the report of the 300 participants × 16 cells — every
 *    contribution, the tally per cell, the groupings — the heat map and the HTML), median of
 *    BENCH_RESULTS_RUNS (20) after a warm-up; and the report alone. Target: the page ≤ 200 ms.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http, { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Pool } from 'pg';
import { ballotKey } from '../src/app/ballot-links';
import { CLI_ACTOR, type AppDeps } from '../src/app/deps';
import { importGrid } from '../src/app/import-grid';
import { saveSurveyAnswer } from '../src/app/survey/answer-survey';
import { createAndLaunchSurvey } from '../src/app/survey/create-survey';
import { createParticipantCodes } from '../src/app/survey/participants';
import { buildSurveyReport } from '../src/app/survey/survey-report';
import { signParticipantSession, verifyParticipantSession } from '../src/app/web-survey';
import { gridCells, type Grid } from '../src/domain/grid';
import { gridFieldName } from '../src/domain/grid-answer';
import { mountBallot } from '../src/http/ballot';
import { mountConsole } from '../src/http/console';
import { addPilot } from '../src/app/console-auth';
import { consoleClient } from '../test/support/console-client';
import { createHttpApp, listen } from '../src/http/server';
import { createLogger } from '../src/logger';
import { createQueueOutbox } from '../src/queue/outbox';
import { createQueues } from '../src/queue/queues';
import { createTestDb } from '../test/support/db';
import { deletePrefixKeys } from '../test/support/redis';
import { DATABASE_URL, pct, REDIS_URL } from './support';
import { line, load, measured, median, type LoadResult, type LoadSpec, type Req } from './web-load';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 600);
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RESULTS_RUNS = Number(process.env.BENCH_RESULTS_RUNS ?? 20);
const VARIANTS = 4;

/** About 300 characters of what a participant writes in a cell. */
const contribution = (who: number, cell: number, variant: number) =>
  `Participant ${who}, case ${cell}, version ${variant} : nous regardons les effets sur les habitants, les partenariats du territoire et la place des bénévoles ; il faudrait associer davantage les familles et les jeunes aux bilans, et partager les diagnostics avec la commune et le département.`;

/** The bare server: the same session check, the form read, one upsert, 303. */
async function startBare(key: Buffer, schema: string) {
  const pool = new Pool({
    connectionString: DATABASE_URL,
    max: 10,
    options: `-c search_path="${schema}"`,
  });
  await pool.query(`CREATE TABLE IF NOT EXISTS bare_grid (
    participant_id text PRIMARY KEY, state jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const token = /concerto_grille=([A-Za-z0-9_.-]{20,200})/.exec(
          req.headers.cookie ?? '',
        )?.[1];
        const claims = token ? verifyParticipantSession(key, token) : undefined;
        if (!claims) {
          res.writeHead(403).end();
          return;
        }
        const form = Object.fromEntries(
          new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
        );
        try {
          await pool.query(
            `INSERT INTO bare_grid (participant_id, state) VALUES ($1, $2)
             ON CONFLICT (participant_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
            [claims.participantId, JSON.stringify(form)],
          );
          res.writeHead(303, { location: req.url ?? '/' }).end();
        } catch {
          res.writeHead(500).end();
        }
      })();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await pool.end();
    },
  };
}

function get(base: string, p: string, cookie: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${p}`, { headers: { cookie } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(body) : reject(new Error(`GET ${p}: ${res.statusCode}`)),
        );
      })
      .on('error', reject);
  });
}

/** The grid form as the browser posts it: every cell, `changed` with its variant's text. */
function gridForm(grid: Grid, who: number, changed: number, variant: number, jeton: string) {
  const form = new URLSearchParams({ jeton, action: 'brouillon' });
  gridCells(grid).forEach((c, i) => {
    form.set(
      gridFieldName('text', c.level, c.question),
      contribution(who, i, i === changed ? variant : 0),
    );
    if (c.rated)
      form.set(gridFieldName('rating', c.level, c.question), String(1 + ((who + i) % 4)));
  });
  return form.toString();
}

async function main() {
  const prefix = `bench-survey-${randomBytes(4).toString('hex')}`;
  const scratch = await createTestDb({ url: DATABASE_URL, poolSize: 10, label: 'bench_survey' });
  const db = scratch.db;
  const log = createLogger('warn');
  const queues = createQueues({ redisUrl: REDIS_URL, prefix });
  const deps: AppDeps = {
    db,
    now: () => new Date(),
    log,
    outbox: createQueueOutbox(queues, { db, log }),
  };
  const key = ballotKey({ secret: 'bench-survey-link-secret', databaseUrl: '' });
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const tenant = await db.tenant.create({ data: { code: '94', name: 'Caf du Val-de-Marne' } });
    const text = readFileSync(
      path.resolve(process.cwd(), 'src/data/grille-evaluation-94.yaml'),
      'utf8',
    );
    const { grid } = await importGrid(deps, {
      tenantId: tenant.id,
      text,
      fileName: 'grille-evaluation-94.yaml',
      actor: CLI_ACTOR,
    });
    const { created } = await createAndLaunchSurvey(deps, {
      tenantId: tenant.id,
      gridCode: grid.code,
      answerMode: 'person',
      deadline: new Date(Date.now() + 86_400_000),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    const round = created.round;
    const eventCode = round.eventCode!;
    for (let t = 0; t * 10 < PARTICIPANTS; t++)
      await createParticipantCodes(deps, {
        tenantId: tenant.id,
        round: String(round.number),
        table: `Table ${t + 1}`,
        count: Math.min(10, PARTICIPANTS - t * 10),
        actor: CLI_ACTOR,
      });
    const participants = await db.surveyParticipant.findMany({
      where: { roundId: round.id },
      orderBy: { code: 'asc' },
    });
    const cells = gridCells(grid);
    // Everyone has answered already (the results part reads 300 × 16 cells).
    for (const [i, p] of participants.entries()) {
      const values: Record<string, string> = {};
      cells.forEach((c, k) => {
        values[gridFieldName('text', c.level, c.question)] = contribution(i, k, 0);
        if (c.rated)
          values[gridFieldName('rating', c.level, c.question)] = String(1 + ((i + k) % 4));
      });
      await saveSurveyAnswer(deps, {
        tenantId: tenant.id,
        roundId: round.id,
        respondent: { kind: 'participant', participantId: p.id, label: null },
        values,
        finish: true,
        locale: 'fr',
      });
    }

    const app = await createHttpApp({
      deps,
      log,
      redis: { ping: async () => 'PONG' },
      mount: (a) => {
        mountBallot(a, { deps, log, key });
        mountConsole(a, { deps, log, key });
      },
    });
    const concerto = await listen(app, 0, '127.0.0.1');
    closers.push(() => concerto.close());
    const bare = await startBare(key, scratch.schema);
    closers.push(() => bare.close());
    const concertoBase = `http://127.0.0.1:${concerto.port}`;
    const page = `/grille/${eventCode}/reponse`;

    // Each participant's session and form token, as their phone holds them.
    const requests: Req[] = [];
    const sessions: { cookie: string; jeton: string }[] = [];
    for (const p of participants) {
      const cookie = `concerto_grille=${signParticipantSession(key, { participantId: p.id, roundId: round.id })}`;
      const html = await get(concertoBase, page, cookie);
      const jeton = /name="jeton" value="([^"]+)"/.exec(html)?.[1];
      if (!jeton) throw new Error('no form token on the grid page');
      sessions.push({ cookie, jeton });
    }
    // Variants one after the other: each post of a participant changes one cell.
    for (let v = 1; v <= VARIANTS; v++)
      sessions.forEach((s, i) =>
        requests.push({
          path: page,
          cookie: s.cookie,
          body: gridForm(grid, i, (i + v) % cells.length, v, s.jeton),
        }),
      );
    const spec = (base: string, count: number): LoadSpec => ({
      base,
      requests,
      count,
      connections: CONNECTIONS,
      seconds: SECONDS,
    });
    console.log(
      `Journée départementale: ${participants.length} participants, ${cells.length} cells each, ${CONNECTIONS} connections, up to ${REQUESTS} saves or ${SECONDS} s each`,
    );
    await load(spec(bare.base, WARMUP));
    await load(spec(concertoBase, WARMUP));
    const bareRuns: LoadResult[] = [];
    const concertoRuns: LoadResult[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      const b = await measured(() => load(spec(bare.base, REQUESTS)));
      console.log(line(`  round ${r}: bare`, b));
      bareRuns.push(b);
      const c = await measured(() => load(spec(concertoBase, REQUESTS)));
      console.log(line(`  round ${r}: Concerto`, c));
      concertoRuns.push(c);
    }
    const mb = median(bareRuns);
    const mc = median(concertoRuns);
    console.log('medians:');
    console.log(line('bare HTTP + HMAC + form + 1 upsert', mb));
    console.log(line('Concerto (grid page, save)', mc));
    console.log(
      `Concerto / bare throughput: ${((mc.perSecond / mb.perSecond) * 100).toFixed(0)}%; Concerto p99 ${mc.p99.toFixed(1)} ms (target ≤ 100 ms): ${mc.p99 <= 100 ? 'OK' : 'MISSED'}`,
    );
    const history = await db.surveyCellHistory.count({
      where: { response: { roundId: round.id } },
    });
    console.log(
      `cell saves kept in the history: ${history} (${participants.length * cells.length} at the start)`,
    );

    // ---- 2. the results of the day
    await addPilot(deps, { tenantId: tenant.id, email: 'pilote@caf94.example', actor: CLI_ACTOR });
    const client = consoleClient({ base: () => concertoBase, deps: () => deps, key });
    const { jar } = await client.signIn('pilote@caf94.example', tenant.id);
    const pageTimes: number[] = [];
    const reportTimes: number[] = [];
    let contributions = 0;
    let bytes = 0;
    for (let i = 0; i < RESULTS_RUNS + 3; i++) {
      const t0 = performance.now();
      const res = await client.get(`/console/consultations/${round.number}`, jar);
      const html = await res.text();
      const ms = performance.now() - t0;
      if (res.status !== 200 || !html.includes('<svg'))
        throw new Error(`results page: ${res.status}`);
      bytes = Buffer.byteLength(html);
      const t1 = performance.now();
      const report = await buildSurveyReport(deps, {
        tenantId: tenant.id,
        round: String(round.number),
      });
      const reportMs = performance.now() - t1;
      contributions = report.tally.cells.reduce((a, c) => a + c.contributions, 0);
      if (i >= 3) {
        pageTimes.push(ms);
        reportTimes.push(reportMs);
      }
    }
    pageTimes.sort((a, b) => a - b);
    reportTimes.sort((a, b) => a - b);
    console.log(
      `Results page of ${participants.length} participants × ${cells.length} cells (${contributions} contributions, ${(bytes / 1024).toFixed(0)} KB of HTML): median ${pct(pageTimes, 50).toFixed(0)} ms, worst ${pageTimes.at(-1)!.toFixed(0)} ms (target ≤ 200 ms): ${pct(pageTimes, 50) <= 200 ? 'OK' : 'MISSED'}; the report alone: median ${pct(reportTimes, 50).toFixed(0)} ms`,
    );
  } finally {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    await queues.close();
    await deletePrefixKeys(prefix);
    await scratch.drop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
