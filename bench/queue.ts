/**
 * Queue benchmark, against the real Postgres and Redis (DATABASE_URL, REDIS_URL; defaults: the
 * local ones). Creates its own Postgres schema and Redis key prefix, removes both at the end.
 *
 *   npm run bench:queue          (compiles with bench/tsconfig.json, then runs node)
 *
 * Measures:
 *   1. planning: the renewal reminders of 10,000 agréments (planRemindersForAgrements) → agréments/s;
 *   2. fan-out: one round launched to 1,000 destinations, delivered through a notifier that only
 *      records → messages/s from the first send to the last (delivery), and from the launch call
 *      (its transaction and the enqueue included) to the last send;
 *   3. lateness: 300 agrément reminders due 2–5 s ahead → sent_at − due_at, p50 / p99.
 * Targets (2 cores): ≥ 2,000 agréments/s, ≥ 1,500 messages/s, p99 ≤ 250 ms.
 */
import { randomBytes } from 'node:crypto';
import type { Notifier } from '../src/adapters/notifier';
import { CLI_ACTOR, type AppDeps } from '../src/app/deps';
import { createRound } from '../src/app/create-round';
import { launchRound } from '../src/app/launch-round';
import { planRemindersForAgrements } from '../src/app/plan-agrement-reminders';
import { createLogger } from '../src/logger';
import { createQueueOutbox } from '../src/queue/outbox';
import { createQueues } from '../src/queue/queues';
import { startWorker } from '../src/queue/worker';
import { createTestDb } from '../test/support/db';
import { deletePrefixKeys } from '../test/support/redis';
import { DATABASE_URL, pct, REDIS_URL } from './support';

const AGREMENTS = Number(process.env.BENCH_AGREMENTS ?? 10_000);
const DESTINATIONS = Number(process.env.BENCH_DESTINATIONS ?? 1_000);
const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 300);

async function main() {
  const prefix = `bench-concerto-${randomBytes(4).toString('hex')}`;
  const scratch = await createTestDb({ url: DATABASE_URL, poolSize: 20, label: 'bench' });
  const db = scratch.db;
  const log = createLogger('warn');
  const queues = createQueues({ redisUrl: REDIS_URL, prefix });
  const deps: AppDeps = {
    db,
    now: () => new Date(),
    log,
    outbox: createQueueOutbox(queues, { db, log }),
  };
  const sent: number[] = [];
  const recording: Notifier = {
    platform: 'console',
    async send() {
      sent.push(Date.now());
      return { messageId: `m${sent.length}` };
    },
  };
  const worker = await startWorker({
    config: { REDIS_URL, QUEUE_PREFIX: prefix },
    deps,
    log,
    notifiers: { console: recording },
    schedulers: false,
    concurrency: { deliveries: 100, reminders: 20 },
  });
  try {
    const tenant = await db.tenant.create({
      data: { code: '94', name: 'Caf du Val-de-Marne (bench)' },
    });

    // 1. planning
    const today = new Date();
    await db.organisation.createMany({
      data: Array.from({ length: AGREMENTS }, (_, i) => ({
        tenantId: tenant.id,
        code: `S${i}`,
        name: `Structure ${i}`,
        kind: 'centre_social' as const,
      })),
    });
    const orgs = await db.organisation.findMany({
      where: { tenantId: tenant.id },
      select: { id: true },
    });
    await db.agrement.createMany({
      data: orgs.map((o, i) => {
        const end = new Date(today.getTime() + (200 + (i % 1200)) * 86_400_000);
        const start = new Date(end.getTime() - 3 * 365 * 86_400_000);
        return {
          tenantId: tenant.id,
          organisationId: o.id,
          kind: 'animation_globale' as const,
          startDate: new Date(start.toISOString().slice(0, 10)),
          endDate: new Date(end.toISOString().slice(0, 10)),
        };
      }),
    });
    const agrementIds = (
      await db.agrement.findMany({ where: { tenantId: tenant.id }, select: { id: true } })
    ).map((a) => a.id);
    const t0 = performance.now();
    const planned = await planRemindersForAgrements(deps, { tenantId: tenant.id, agrementIds });
    const planMs = performance.now() - t0;

    // 2. fan-out
    const fanOrgs = orgs.slice(0, DESTINATIONS);
    await db.destination.createMany({
      data: fanOrgs.map((o, i) => ({
        tenantId: tenant.id,
        organisationId: o.id,
        platform: 'console' as const,
        workspaceId: 'bench',
        address: `#s${i}`,
      })),
    });
    const schemaRow = await db.schema.create({
      data: { tenantId: tenant.id, title: 'Schéma directeur (bench)', period: '2026-2030' },
    });
    const draft = await db.draftVersion.create({
      data: {
        tenantId: tenant.id,
        schemaId: schemaRow.id,
        version: 1,
        title: 'Schéma directeur (bench)',
        markdown: '# bench',
        checksum: 'bench',
        enjeux: {
          create: [1, 2, 3].map((n) => ({
            position: n,
            title: `Enjeu ${n}`,
            body: `Texte de l'enjeu ${n}.`,
          })),
        },
      },
    });
    const { round } = await createRound(deps, {
      tenantId: tenant.id,
      draftVersionId: draft.id,
      organisations: { codes: fanOrgs.map((_, i) => `S${i}`) },
      deadline: new Date(Date.now() + 30 * 86_400_000),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    sent.length = 0;
    const t1 = Date.now();
    await launchRound(deps, { tenantId: tenant.id, roundId: round.id, actor: CLI_ACTOR });
    const launchMs = Date.now() - t1;
    while (sent.length < DESTINATIONS) await new Promise((r) => setTimeout(r, 5));
    const fanMs = sent[sent.length - 1]! - t1;
    const sendMs = sent[sent.length - 1]! - sent[0]!;

    // 3. lateness
    const base = Date.now() + 2_000;
    const lateIds: string[] = [];
    const rows = agrementIds.slice(0, REMINDERS).map((agrementId, i) => ({
      id: crypto.randomUUID(),
      tenantId: tenant.id,
      agrementId,
      kind: 'agrement.one_month',
      dueAt: new Date(base + Math.floor((i / REMINDERS) * 3_000)),
    }));
    // Replace the planned one_month rows of those agréments (unique per agrément and step).
    await db.plannedReminder.deleteMany({
      where: { agrementId: { in: rows.map((r) => r.agrementId) }, kind: 'agrement.one_month' },
    });
    await db.plannedReminder.createMany({ data: rows });
    lateIds.push(...rows.map((r) => r.id));
    await deps.outbox.remindersPlanned(lateIds);
    for (;;) {
      const done = await db.plannedReminder.count({
        where: { id: { in: lateIds }, status: { not: 'planned' } },
      });
      if (done === lateIds.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const fired = await db.plannedReminder.findMany({
      where: { id: { in: lateIds } },
      select: { dueAt: true, sentAt: true, status: true },
    });
    const lateness = fired
      .filter((f) => f.sentAt)
      .map((f) => f.sentAt!.getTime() - f.dueAt.getTime())
      .sort((a, b) => a - b);

    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(
      `planning   ${fmt(AGREMENTS)} agréments, ${fmt(planned.reminderIds.length)} reminders in ${fmt(planMs)} ms → ${fmt(AGREMENTS / (planMs / 1000))} agréments/s (target ≥ 2,000)`,
    );
    // Two honest figures: the delivery rate proper (first send to last send: the worker's
    // throughput once jobs exist), and the end-to-end rate from the launch call (transaction,
    // rows and jobs enqueued) to the last send. The target applies to the first.
    console.log(
      `delivery   ${fmt(DESTINATIONS)} invitations, first to last send ${fmt(sendMs)} ms → ${fmt(DESTINATIONS / (sendMs / 1000))} messages/s (target ≥ 1,500)`,
    );
    console.log(
      `fan-out    including launch (transaction + enqueue ${fmt(launchMs)} ms): launch call to last send ${fmt(fanMs)} ms → ${fmt(DESTINATIONS / (fanMs / 1000))} messages/s`,
    );
    console.log(
      `lateness   ${lateness.length}/${fired.length} reminders sent: p50 ${fmt(pct(lateness, 50))} ms, p99 ${fmt(pct(lateness, 99))} ms, max ${fmt(lateness[lateness.length - 1]!)} ms (target p99 ≤ 250 ms)`,
    );
  } finally {
    await worker.close();
    await queues.close();
    await scratch.drop();
    await deletePrefixKeys(prefix, REDIS_URL);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
