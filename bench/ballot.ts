/**
 * E-mail channel benchmarks, against the real Postgres and Redis (DATABASE_URL, REDIS_URL).
 *
 *   npm run bench:ballot
 *
 * 1. Web ballot submissions: a load generator in a child process POSTs the ballot form (three
 *    enjeux, the CSRF cookie and field, a personal link per organisation) over loopback with
 *    BENCH_CONNECTIONS (50) keep-alive connections to
 *      a. a bare Node HTTP server that checks the same link signature (HMAC), parses the form and
 *         does one Postgres upsert, then answers 303;
 *      b. Concerto's web server as production builds it (createHttpApp + mountBallot): link and
 *         CSRF checks, the contact (one query), the vote (the same one-statement function as
 *         Slack's), the receipt e-mail's row and its job in Redis, then the 303.
 *    Each is warmed up (BENCH_WARMUP, 1,000), then they take turns BENCH_ROUNDS (3) times;
 *    medians are reported. Targets: Concerto ≥ 40 % of the bare server, p99 ≤ 100 ms.
 * 2. E-mail fan-out: a round launched to BENCH_EMAILS (1,000) e-mail contacts, sent by a worker
 *    through nodemailer to a real SMTP server (smtp-server, in a child process) on loopback.
 *    Target: ≥ 200 messages/s from the launch to the last message received.
 */
import { fork } from 'node:child_process';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Pool } from 'pg';
import { ballotFormToken, ballotKey, signBallotLink } from '../src/app/ballot-links';
import { CLI_ACTOR, type AppDeps } from '../src/app/deps';
import { createRound } from '../src/app/create-round';
import { importDraft } from '../src/app/import-draft';
import { launchRound } from '../src/app/launch-round';
import { EmailNotifier } from '../src/adapters/email/notifier';
import { mountBallot } from '../src/http/ballot';
import { createHttpApp, listen } from '../src/http/server';
import { createLogger } from '../src/logger';
import { createQueueOutbox } from '../src/queue/outbox';
import { createQueues } from '../src/queue/queues';
import { startWorker } from '../src/queue/worker';
import { saveContact } from '../src/store/contacts';
import { createTestDb } from '../test/support/db';
import { deletePrefixKeys } from '../test/support/redis';
import { DATABASE_URL, REDIS_URL } from './support';
import { line, load, measured, median, type LoadResult, type LoadSpec, type Req } from './web-load';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1_000);
const ORGANISATIONS = Number(process.env.BENCH_ORGANISATIONS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const EMAILS = Number(process.env.BENCH_EMAILS ?? 1_000);

/** The baseline: the same link check, the form parsed, one upsert, 303. */
async function startBare(key: Buffer, schema: string) {
  const pool = new Pool({
    connectionString: DATABASE_URL,
    max: 10,
    options: `-c search_path="${schema}"`,
  });
  await pool.query(`CREATE TABLE IF NOT EXISTS bare_ballot (
    contact_id text NOT NULL, round_id text NOT NULL, state jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (contact_id, round_id))`);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const token = (req.url ?? '').replace(/^\/vote\//, '');
        const [payload, sig] = token.split('.');
        const expected = createHmac('sha256', key)
          .update(payload ?? '')
          .digest('base64url')
          .slice(0, 32);
        if (
          !sig ||
          sig.length !== expected.length ||
          !timingSafeEqual(Buffer.from(sig), Buffer.from(expected))
        ) {
          res.writeHead(404).end();
          return;
        }
        const [contactId, roundId] = Buffer.from(payload!, 'base64url').toString('utf8').split('.');
        const form = Object.fromEntries(
          new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
        );
        try {
          await pool.query(
            `INSERT INTO bare_ballot (contact_id, round_id, state) VALUES ($1, $2, $3)
             ON CONFLICT (contact_id, round_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
            [contactId, roundId, JSON.stringify(form)],
          );
          res.writeHead(303, { location: `/vote/${token}?enregistre=1` }).end();
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

/** The SMTP server, in a child process: counts messages, reports when `expected` arrived. */
function serveSmtp() {
  const { SMTPServer } = require('smtp-server') as typeof import('smtp-server');
  let count = 0;
  let expected = Infinity;
  let firstAt = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 200,
    onData(stream, _s, cb) {
      stream.resume();
      stream.on('end', () => {
        if (count === 0) firstAt = Date.now();
        count += 1;
        cb();
        if (count === expected) process.send?.({ done: Date.now(), firstAt, count });
      });
    },
  });
  server.listen(0, '127.0.0.1', () =>
    process.send?.({ port: (server.server.address() as AddressInfo).port }),
  );
  process.on('message', (m: { expect: number }) => {
    count = 0;
    expected = m.expect;
  });
}

async function main() {
  const prefix = `bench-ballot-${randomBytes(4).toString('hex')}`;
  const scratch = await createTestDb({ url: DATABASE_URL, poolSize: 10, label: 'bench_ballot' });
  const db = scratch.db;
  const log = createLogger('warn');
  const queues = createQueues({ redisUrl: REDIS_URL, prefix });
  const deps: AppDeps = {
    db,
    now: () => new Date(),
    log,
    outbox: createQueueOutbox(queues, { db, log }),
  };
  const key = ballotKey({ secret: 'bench-ballot-link-secret', databaseUrl: '' });
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const tenant = await db.tenant.create({ data: { code: '94', name: 'Caf du Val-de-Marne' } });
    const markdown = readFileSync(path.resolve(process.cwd(), 'src/data/schema-94-v1.md'), 'utf8');
    const { draftVersion } = await importDraft(deps, {
      tenantId: tenant.id,
      markdown,
      actor: CLI_ACTOR,
    });
    const enjeux = await db.enjeu.findMany({
      where: { draftVersionId: draftVersion.id },
      orderBy: { position: 'asc' },
    });

    // ---- 1. ballot submissions
    const contacts: { id: string }[] = [];
    for (let i = 0; i < ORGANISATIONS; i++) {
      const code = `ORG${String(i).padStart(4, '0')}`;
      const org = await db.organisation.create({
        data: { tenantId: tenant.id, code, name: `Structure ${code}`, kind: 'centre_social' },
      });
      const { contact } = await saveContact(db, {
        tenantId: tenant.id,
        organisationId: org.id,
        email: `avs@${code.toLowerCase()}.example`,
        name: null,
        titular: true,
      });
      contacts.push(contact);
    }
    const { round } = await createRound(deps, {
      tenantId: tenant.id,
      draftVersionId: draftVersion.id,
      organisations: { all: true },
      deadline: new Date(Date.now() + 30 * 86_400_000),
      actor: CLI_ACTOR,
    });
    await launchRound(deps, { tenantId: tenant.id, roundId: round.id, actor: CLI_ACTOR });
    const choices = ['favorable', 'abstention', 'favorable'];
    const requests: Req[] = contacts.map((c, i) => {
      const token = signBallotLink(key, { contactId: c.id, roundId: round.id, generation: 0 });
      const nonce = `benchnonce${String(i).padStart(14, '0')}`;
      const form = new URLSearchParams({ jeton: ballotFormToken(key, token, nonce) });
      enjeux.forEach((e, k) => {
        form.set(`avis-${e.id}`, choices[(i + k) % choices.length]!);
        form.set(`commentaire-${e.id}`, k === 1 ? 'Avis de la structure, voté en conseil.' : '');
      });
      return { path: `/vote/${token}`, cookie: `concerto_vote=${nonce}`, body: form.toString() };
    });
    const app = await createHttpApp({
      deps,
      log,
      redis: { ping: async () => 'PONG' },
      mount: (a) => mountBallot(a, { deps, log, key }),
    });
    const concerto = await listen(app, 0, '127.0.0.1');
    closers.push(() => concerto.close());
    const bare = await startBare(key, scratch.schema);
    closers.push(() => bare.close());
    const concertoBase = `http://127.0.0.1:${concerto.port}`;
    const spec = (base: string, count: number): LoadSpec => ({
      base,
      requests,
      count,
      connections: CONNECTIONS,
      seconds: SECONDS,
    });
    console.log(
      `Web ballot benchmark: ${CONNECTIONS} connections, up to ${REQUESTS} submissions or ${SECONDS} s each, ${ORGANISATIONS} organisations, ${enjeux.length} enjeux per submission`,
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
    console.log(line('Concerto (web ballot)', mc));
    const ratio = mc.perSecond / mb.perSecond;
    console.log(
      `Concerto / bare throughput: ${(ratio * 100).toFixed(0)}% (target ≥ 40%): ${ratio >= 0.4 ? 'OK' : 'MISSED'}`,
    );
    console.log(
      `Concerto p99 ${mc.p99.toFixed(1)} ms (target ≤ 100 ms): ${mc.p99 <= 100 ? 'OK' : 'MISSED'}`,
    );
    const stored = await db.avis.count({ where: { roundId: round.id, channel: 'web' } });
    console.log(
      `avis stored through the ballot: ${stored} (${ORGANISATIONS} organisations × ${enjeux.length} enjeux at most)`,
    );

    // ---- 2. e-mail fan-out
    const smtp = fork(__filename, ['--smtp'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    closers.push(async () => smtp.kill());
    const port = await new Promise<number>((r) =>
      smtp.once('message', (m: { port: number }) => r(m.port)),
    );
    const fanOrgs: string[] = [];
    const orgRows = [];
    for (let i = 0; i < EMAILS; i++) {
      orgRows.push({
        tenantId: tenant.id,
        code: `MAIL${String(i).padStart(5, '0')}`,
        name: `Commune ${i}`,
        kind: 'commune' as const,
      });
    }
    await db.organisation.createMany({ data: orgRows });
    const created = await db.organisation.findMany({
      where: { tenantId: tenant.id, code: { startsWith: 'MAIL' } },
    });
    for (const org of created) {
      await saveContact(db, {
        tenantId: tenant.id,
        organisationId: org.id,
        email: `avs@${org.code.toLowerCase()}.example`,
        name: null,
        titular: true,
      });
      fanOrgs.push(org.code);
    }
    const email = new EmailNotifier({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'Caf du Val-de-Marne <concerto@caf94.example>',
      mailDir: '/nonexistent',
      ballotUrl: async (target, roundId) =>
        `http://localhost:3000/vote/${signBallotLink(key, {
          contactId: (target.reference as { contactId: string }).contactId,
          roundId,
          generation: 0,
        })}`,
      log,
    });
    // The receipts of part 1 are not part of this measure: cancelled, and a queue of its own.
    await db.delivery.updateMany({
      where: { kind: 'avis.receipt', status: 'pending' },
      data: { status: 'cancelled' },
    });
    const fanPrefix = `${prefix}-fan`;
    const fanQueues = createQueues({ redisUrl: REDIS_URL, prefix: fanPrefix });
    const fanDeps: AppDeps = { ...deps, outbox: createQueueOutbox(fanQueues, { db, log }) };
    const worker = await startWorker({
      config: { REDIS_URL, QUEUE_PREFIX: fanPrefix },
      deps: fanDeps,
      log,
      schedulers: false,
      notifiers: { email },
    });
    closers.push(async () => {
      await worker.close();
      email.close();
      await fanQueues.close();
      await deletePrefixKeys(fanPrefix);
    });
    const { round: fan } = await createRound(fanDeps, {
      tenantId: tenant.id,
      draftVersionId: draftVersion.id,
      organisations: { codes: fanOrgs },
      deadline: new Date(Date.now() + 30 * 86_400_000),
      actor: CLI_ACTOR,
    });
    const done = new Promise<{ done: number; firstAt: number; count: number }>((r) =>
      smtp.on('message', (m: { done?: number; firstAt: number; count: number }) => {
        if (m.done) r(m as { done: number; firstAt: number; count: number });
      }),
    );
    smtp.send({ expect: EMAILS });
    const t0 = Date.now();
    await launchRound(fanDeps, { tenantId: tenant.id, roundId: fan.id, actor: CLI_ACTOR });
    const r = await done;
    const seconds = (r.done - t0) / 1000;
    console.log(
      `E-mail fan-out: ${EMAILS} invitations from launch to the SMTP server in ${seconds.toFixed(2)} s: ${(EMAILS / seconds).toFixed(0)} messages/s (target ≥ 200/s): ${EMAILS / seconds >= 200 ? 'OK' : 'MISSED'}`,
    );
  } finally {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    await queues.close();
    await deletePrefixKeys(prefix);
    await scratch.drop();
  }
}

if (process.argv.includes('--smtp')) {
  serveSmtp();
} else {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
