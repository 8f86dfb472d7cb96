import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deletePrefixKeys, REDIS_URL } from '../../support/redis';
import type { Notifier, NotifierTarget } from '../../../src/adapters/notifier';
import { CLI_ACTOR, type AppDeps } from '../../../src/app/deps';
import { createRound } from '../../../src/app/create-round';
import { importDraft } from '../../../src/app/import-draft';
import type { NeutralMessage } from '../../../src/domain/messages';
import { createLogger } from '../../../src/logger';
import { createQueueOutbox } from '../../../src/queue/outbox';
import { createQueues, type Queues } from '../../../src/queue/queues';
import {
  startWorker,
  type RunningWorker,
  type StartWorkerOptions,
} from '../../../src/queue/worker';
import { createTestDb, type TestDb } from '../../support/db';

export interface Sent {
  target: NotifierTarget;
  message: NeutralMessage;
  messageId: string;
  at: number;
}

/** A console-platform notifier that records what it is asked to send. */
export function recordingNotifier(
  behaviour: (call: number, target: NotifierTarget) => Promise<void> | void = () => undefined,
): Notifier & { sent: Sent[]; calls: number } {
  const n = {
    platform: 'console' as const,
    sent: [] as Sent[],
    calls: 0,
    async send(target: NotifierTarget, message: NeutralMessage) {
      n.calls += 1;
      await behaviour(n.calls, target);
      const messageId =
        target.updateMessageId ?? `m-${n.sent.length + 1}-${randomBytes(3).toString('hex')}`;
      n.sent.push({ target, message, messageId, at: Date.now() });
      return { messageId };
    },
  };
  return n;
}

export interface Harness {
  tdb: TestDb;
  prefix: string;
  queues: Queues;
  deps: AppDeps;
  config: { REDIS_URL: string; QUEUE_PREFIX: string };
  tenantId: string;
  workers: RunningWorker[];
  start(
    o: Partial<StartWorkerOptions> & { notifiers: StartWorkerOptions['notifiers'] },
  ): Promise<RunningWorker>;
  close(): Promise<void>;
}

export const silentLog = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

/** A fresh Postgres schema, a random queue prefix, a tenant: one per test file. */
export async function createHarness(): Promise<Harness> {
  const tdb = await createTestDb();
  const prefix = `test-concerto-${randomBytes(5).toString('hex')}`;
  const queues = createQueues({ redisUrl: REDIS_URL, prefix });
  const deps: AppDeps = {
    db: tdb.db,
    now: () => new Date(),
    log: silentLog,
    outbox: createQueueOutbox(queues, { db: tdb.db, log: silentLog }),
  };
  const tenant = await tdb.db.tenant.create({ data: { code: '94', name: 'Caf du Val-de-Marne' } });
  const config = { REDIS_URL, QUEUE_PREFIX: prefix };
  const workers: RunningWorker[] = [];
  return {
    tdb,
    prefix,
    queues,
    deps,
    config,
    tenantId: tenant.id,
    workers,
    async start(o) {
      const w = await startWorker({
        config,
        deps,
        log: silentLog,
        schedulers: false,
        ...o,
      });
      workers.push(w);
      return w;
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await queues.close();
      await deletePrefixKeys(prefix);
      await tdb.drop();
    },
  };
}

/** Organisations, each with one console destination, plus a pilots' destination. */
export async function seedOrganisations(h: Harness, codes: string[]) {
  const orgs = [];
  for (const code of codes) {
    const org = await h.tdb.db.organisation.create({
      data: { tenantId: h.tenantId, code, name: `Structure ${code}`, kind: 'centre_social' },
    });
    const dest = await h.tdb.db.destination.create({
      data: {
        tenantId: h.tenantId,
        organisationId: org.id,
        platform: 'console',
        workspaceId: 'demo',
        address: `#${code}`,
      },
    });
    orgs.push({ org, dest });
  }
  const pilots = await h.tdb.db.destination.upsert({
    where: {
      tenantId_platform_workspaceId_address: {
        tenantId: h.tenantId,
        platform: 'console',
        workspaceId: 'demo',
        address: '#pilotes',
      },
    },
    create: {
      tenantId: h.tenantId,
      forPilots: true,
      platform: 'console',
      workspaceId: 'demo',
      address: '#pilotes',
    },
    update: {},
  });
  return { orgs, pilots };
}

export async function createDraftRound(
  h: Harness,
  o: {
    codes: string[];
    deadline: Date;
    reminderSchedule: string[] | string;
    silenceMeansFavorable?: boolean;
  },
) {
  const markdown = readFileSync(join(__dirname, '../../fixtures/schema-94-v1.md'), 'utf8');
  const { draftVersion } = await importDraft(h.deps, {
    tenantId: h.tenantId,
    markdown,
    actor: CLI_ACTOR,
  });
  const { round } = await createRound(h.deps, {
    tenantId: h.tenantId,
    draftVersionId: draftVersion.id,
    organisations: { codes: o.codes },
    deadline: o.deadline,
    reminderSchedule: o.reminderSchedule,
    silenceMeansFavorable: o.silenceMeansFavorable ?? false,
    actor: CLI_ACTOR,
  });
  return round;
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
