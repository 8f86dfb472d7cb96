import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CLI_ACTOR, type AppDeps } from '../../../src/app/deps';
import { launchRound } from '../../../src/app/launch-round';
import { createLogger } from '../../../src/logger';
import { createQueueOutbox } from '../../../src/queue/outbox';
import { createQueues, type Queues } from '../../../src/queue/queues';
import { createTestDb, type TestDb } from '../../support/db';
import { FakeSlack } from '../../support/fake-slack';
import { startFakeConnector, type FakeConnector } from '../../support/fake-connector';
import { startRedisServer, type RedisServer } from '../../support/redis-server';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { createDraftRound, type Harness } from '../../queue/support/harness';

export const TEAMS_TENANT = '00000000-0000-4000-8000-0000000000aa';

/**
 * Everything a fault scenario needs, real and private to it: a redis-server it may kill or
 * flush, a TCP proxy in front of Postgres it may cut, a schema of the test database, a fake
 * Slack and a fake Bot Connector that keep every message per destination, and worker processes
 * started and killed by PID.
 */
export interface Faults {
  redis: RedisServer;
  proxy: TcpProxy;
  tdb: TestDb;
  slack: FakeSlack;
  connector: FakeConnector;
  queues: Queues;
  deps: AppDeps;
  tenantId: string;
  prefix: string;
  workers: WorkerProcess[];
  spawnWorker(options?: Record<string, unknown>): Promise<WorkerProcess>;
  /** A round launched to `n` organisations, each with one Slack channel or Teams chat. */
  fanOut(
    n: number,
    platform: 'slack' | 'teams',
    o?: { deadlineMs?: number; schedule?: string },
  ): Promise<{
    roundId: string;
    deliveryIds: string[];
    addresses: string[];
  }>;
  close(): Promise<void>;
}

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<void>;
  stderr(): string;
}

const quiet = createLogger('silent');

/** Timings compressed for the tests: a dead worker's jobs come back within about 2 s. */
export const FAST = {
  lockDurationMs: 1_500,
  stalledIntervalMs: 700,
  sweepEveryMs: 1_000,
  settings: {
    deliveryClaimStaleMs: 1_500,
    liveClaimRecheckMs: 500,
    infraBackoffMs: 200,
    infraBackoffMaxMs: 1_000,
    parentWaitMs: 300,
  },
};

export async function setupFaults(): Promise<Faults> {
  const redis = await startRedisServer();
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
  const tdb = await createTestDb({ label: 'faults' });
  const slack = await new FakeSlack().start();
  const connector = await startFakeConnector();
  const prefix = `faults-${randomBytes(4).toString('hex')}`;
  const queues = createQueues({ redisUrl: redis.url, prefix });
  const deps: AppDeps = {
    db: tdb.db,
    now: () => new Date(),
    log: quiet,
    outbox: createQueueOutbox(queues, { db: tdb.db, log: quiet }),
  };
  const tenant = await tdb.db.tenant.create({ data: { code: '94', name: 'Caf du Val-de-Marne' } });
  const workers: WorkerProcess[] = [];
  let seq = 0;

  const faults: Faults = {
    redis,
    proxy,
    tdb,
    slack,
    connector,
    queues,
    deps,
    tenantId: tenant.id,
    prefix,
    workers,
    async spawnWorker(options = FAST) {
      const child = spawn(
        process.execPath,
        [
          '-r',
          join(__dirname, '../../queue/support/ts-register.js'),
          join(__dirname, 'worker-process.ts'),
        ],
        {
          env: {
            ...process.env,
            DB_URL: proxy.url(tdb.url),
            DB_SCHEMA: tdb.schema,
            REDIS_URL: redis.url,
            QUEUE_PREFIX: prefix,
            SLACK_API_URL: slack.apiUrl,
            CONNECTOR_URL: connector.url,
            WORKER_OPTIONS: JSON.stringify(options),
            LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'warn',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let err = '';
      child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr!.on('data', (b: Buffer) => {
        err += b.toString();
        if (process.env.FAULTS_LOG_LEVEL) process.stderr.write(b);
      });
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      const started = Date.now();
      while (!out.includes('READY')) {
        if (child.exitCode !== null)
          throw new Error(`worker process exited before READY:\n${err.slice(-2000)}`);
        if (Date.now() - started > 30_000) throw new Error('worker process did not start');
        await sleep(25);
      }
      const w: WorkerProcess = {
        child,
        pid: child.pid!,
        exited,
        async kill(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
        stderr: () => err,
      };
      workers.push(w);
      return w;
    },
    async fanOut(n, platform, o = {}) {
      seq += 1;
      const codes: string[] = [];
      const addresses: string[] = [];
      for (let i = 0; i < n; i += 1) {
        const code = `F${seq}-${i}`;
        codes.push(code);
        const org = await tdb.db.organisation.create({
          data: { tenantId: tenant.id, code, name: `Structure ${code}`, kind: 'centre_social' },
        });
        const address =
          platform === 'slack' ? `C${seq}${String(i).padStart(5, '0')}` : `a:conv-${seq}-${i}`;
        addresses.push(address);
        await tdb.db.destination.create({
          data: {
            tenantId: tenant.id,
            organisationId: org.id,
            platform,
            workspaceId: platform === 'slack' ? 'T0FAKE' : TEAMS_TENANT,
            address,
            ...(platform === 'teams'
              ? {
                  reference: {
                    channelId: 'msteams',
                    serviceUrl: connector.url,
                    conversation: { id: address, conversationType: 'personal' },
                  },
                }
              : {}),
          },
        });
      }
      const round = await createDraftRound({ deps, tenantId: tenant.id } as unknown as Harness, {
        codes,
        deadline: new Date(Date.now() + (o.deadlineMs ?? 3_600_000)),
        reminderSchedule: o.schedule ?? 'aucun',
      });
      const { deliveryIds } = await launchRound(deps, {
        tenantId: tenant.id,
        roundId: round.id,
        actor: CLI_ACTOR,
      });
      return { roundId: round.id, deliveryIds, addresses };
    },
    async close() {
      await Promise.all(workers.map((w) => w.kill('SIGKILL')));
      await queues.close();
      await redis.stop();
      await proxy.close();
      await slack.stop();
      await connector.close();
      await tdb.drop();
    },
  };
  return faults;
}

export interface Tally {
  expected: number;
  sent: number;
  lost: number;
  duplicated: number;
}

/** Top-level messages per Slack channel (invitations), against the channels expected. */
export function slackTally(f: Faults, addresses: string[]): Tally {
  let sent = 0;
  let lost = 0;
  let duplicated = 0;
  for (const a of addresses) {
    const n = (f.slack.posted.get(a) ?? []).filter((m) => !m.thread_ts).length;
    sent += n;
    if (n === 0) lost += 1;
    if (n > 1) duplicated += n - 1;
  }
  return { expected: addresses.length, sent, lost, duplicated };
}

/** New activities (not replies, not updates) per Teams conversation. */
export function teamsTally(f: Faults, addresses: string[]): Tally {
  const counts = new Map<string, number>();
  for (const c of f.connector.calls)
    if (c.kind === 'send') counts.set(c.conversationId, (counts.get(c.conversationId) ?? 0) + 1);
  let sent = 0;
  let lost = 0;
  let duplicated = 0;
  for (const a of addresses) {
    const n = counts.get(a) ?? 0;
    sent += n;
    if (n === 0) lost += 1;
    if (n > 1) duplicated += n - 1;
  }
  return { expected: addresses.length, sent, lost, duplicated };
}

/** One line per scenario in the test output: what a reader of CI wants to see. */
export function report(scenario: string, t: Tally, recoveryMs?: number): void {
  const line =
    `[pannes] ${scenario} : envoyés ${t.sent} / attendus ${t.expected} / perdus ${t.lost} / ` +
    `doublons ${t.duplicated}` +
    (recoveryMs !== undefined ? ` / rétablissement ${(recoveryMs / 1000).toFixed(1)} s` : '');
  process.stdout.write(`${line}\n`);
}

/** Resolves once every delivery of the list is sent (or throws after `timeoutMs`). */
export async function allSent(f: Faults, ids: string[], timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const left = await f.tdb.db.delivery.count({
      where: { id: { in: ids }, status: { not: 'sent' } },
    });
    if (left === 0) return Date.now();
    if (Date.now() - started > timeoutMs) {
      const rows = await f.tdb.db.delivery.groupBy({
        by: ['status'],
        where: { id: { in: ids } },
        _count: true,
      });
      throw new Error(`not all sent after ${timeoutMs} ms: ${JSON.stringify(rows)}`);
    }
    await sleep(100);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil(
  what: string,
  fn: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const started = Date.now();
  while (!(await fn())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
