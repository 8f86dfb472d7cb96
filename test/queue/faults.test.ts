import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { RateLimitedError } from '../../src/adapters/notifier';
import { CLI_ACTOR } from '../../src/app/deps';
import { launchRound } from '../../src/app/launch-round';
import { DELIVER_JOB, enqueueDeliveries } from '../../src/queue/jobs/deliver';
import { reminderJobId } from '../../src/queue/jobs/reminder-due';
import { runSweep } from '../../src/queue/jobs/sweep';
import { listDeadLetters } from '../../src/queue/queues';
import {
  createDraftRound,
  createHarness,
  recordingNotifier,
  seedOrganisations,
  sleep,
  waitFor,
  type Harness,
} from './support/harness';
import { deletePrefixKeys, REDIS_URL } from '../support/redis';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

async function launchedRound(codes: string[], o: { deadlineMs?: number; schedule?: string } = {}) {
  await seedOrganisations(h, codes);
  const round = await createDraftRound(h, {
    codes,
    deadline: new Date(Date.now() + (o.deadlineMs ?? 3_600_000)),
    reminderSchedule: o.schedule ?? 'aucun',
  });
  const launched = await launchRound(h.deps, {
    tenantId: h.tenantId,
    roundId: round.id,
    actor: CLI_ACTOR,
  });
  return launched;
}

it('a worker killed (SIGKILL) in the middle of a delivery: the job is picked up again and the message sent exactly once', async () => {
  const { deliveryIds } = await launchedRound(['K1']);
  const child = spawn(
    process.execPath,
    ['-r', join(__dirname, 'support/ts-register.js'), join(__dirname, 'support/worker-child.ts')],
    {
      env: {
        ...process.env,
        DB_URL: h.tdb.url,
        DB_SCHEMA: h.tdb.schema,
        REDIS_URL,
        QUEUE_PREFIX: h.prefix,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise((r) => child.on('exit', r));
  await waitFor('child sending', () => out.includes('SENDING #K1'), 30_000);
  child.kill('SIGKILL');
  await exited;
  const claimed = await h.tdb.db.delivery.findUniqueOrThrow({ where: { id: deliveryIds[0]! } });
  expect(claimed.status).toBe('sending');

  const notifier = recordingNotifier();
  await h.start({
    notifiers: { console: notifier },
    stalledIntervalMs: 1_000,
    settings: { deliveryClaimStaleMs: 3_000 },
  });
  await waitFor(
    'delivery sent after the crash',
    async () =>
      (await h.tdb.db.delivery.findUniqueOrThrow({ where: { id: deliveryIds[0]! } })).status ===
      'sent',
    30_000,
  );
  await runSweep(h.workers[0]!.context);
  await sleep(1_500);
  expect(notifier.sent.map((s) => s.target.address)).toEqual(['#K1']);
  const row = await h.tdb.db.delivery.findUniqueOrThrow({ where: { id: deliveryIds[0]! } });
  expect(row.platformMessageId).toBe(notifier.sent[0]!.messageId);
  expect(row.attempts).toBe(2);
});

it('a delivery acknowledged before a crash is not sent again when its job runs again; a fresh claim is waited for', async () => {
  const { deliveryIds } = await launchedRound(['A1', 'A2']);
  await h.queues.deliveries.obliterate({ force: true });
  const [acked, claimed] = deliveryIds as [string, string];
  // What a worker leaves when it dies after recording the platform's answer, before completing the job:
  await h.tdb.db.delivery.update({
    where: { id: acked },
    data: { status: 'sent', platformMessageId: 'ts-1', sentAt: new Date(), claimedAt: new Date() },
  });
  // …and one that another (live) worker is sending right now:
  await h.tdb.db.delivery.update({
    where: { id: claimed },
    data: { status: 'sending', claimedAt: new Date() },
  });
  const notifier = recordingNotifier();
  await h.start({ notifiers: { console: notifier }, settings: { deliveryClaimStaleMs: 2_000 } });
  await enqueueDeliveries(h.queues, [acked, claimed]);
  await sleep(1_000);
  expect(notifier.sent).toHaveLength(0);
  // The claim goes stale (its worker died): then, and only then, it is sent.
  await waitFor('stale claim taken over', () => notifier.sent.length === 1, 10_000);
  expect(notifier.sent[0]!.target.address).toBe('#A2');
  expect(
    (await h.tdb.db.delivery.findUniqueOrThrow({ where: { id: acked } })).platformMessageId,
  ).toBe('ts-1');
});

it('Redis emptied while reminders are planned: the sweep schedules every future reminder again and sends none twice', async () => {
  const { round } = await launchedRound(['F1', 'F2'], {
    deadlineMs: 3 * 3_600_000,
    schedule: 'PT2H, PT1H',
  });
  const planned = await h.tdb.db.plannedReminder.findMany({
    where: { roundId: round.id, status: 'planned' },
  });
  expect(planned.map((p) => p.kind).sort()).toEqual([
    'round.close',
    'round.reminder.PT1H',
    'round.reminder.PT2H',
  ]);
  const expectedIds = planned.map((p) => reminderJobId(p.id, p.dueAt)).sort();
  const delayedIds = async () =>
    (await h.queues.reminders.getDelayed()).map((j) => String(j.id)).sort();
  expect(await delayedIds()).toEqual(expectedIds);

  // The invitations are still waiting for a worker when Redis loses everything.
  expect(await deletePrefixKeys(h.prefix)).toBeGreaterThan(0);
  expect(await delayedIds()).toEqual([]);

  // One reminder became overdue meanwhile (the worker was down): the sweep runs it at once.
  const overdue = planned.find((p) => p.kind === 'round.reminder.PT2H')!;
  const overdueAt = new Date(Date.now() - 60_000);
  await h.tdb.db.plannedReminder.update({ where: { id: overdue.id }, data: { dueAt: overdueAt } });

  const notifier = recordingNotifier();
  const w = await h.start({ notifiers: { console: notifier } });
  await runSweep(w.context);
  await waitFor(
    'overdue reminder sent',
    async () =>
      (await h.tdb.db.plannedReminder.findUniqueOrThrow({ where: { id: overdue.id } })).status ===
      'sent',
  );
  await waitFor('invitations and reminders delivered', () => notifier.sent.length === 4);
  await runSweep(w.context);
  await runSweep(w.context);
  await sleep(1_000);
  expect(notifier.sent.filter((s) => s.message.kind === 'round.invitation')).toHaveLength(2);
  expect(notifier.sent.filter((s) => s.message.kind === 'round.reminder')).toHaveLength(2);
  const future = planned
    .filter((p) => p.id !== overdue.id)
    .map((p) => reminderJobId(p.id, p.dueAt))
    .sort();
  expect(await delayedIds()).toEqual(future);
});

it('a notifier answering « retry after 2 s » three times: sent once, about 6 s later, no attempt spent', async () => {
  const notifier = recordingNotifier((call) => {
    if (call <= 3) throw new RateLimitedError(2_000);
  });
  await h.start({ notifiers: { console: notifier } });
  const started = Date.now();
  const { deliveryIds } = await launchedRound(['L1']);
  await waitFor('sent after the rate limits', () => notifier.sent.length === 1, 15_000);
  const elapsed = notifier.sent[0]!.at - started;
  expect(notifier.calls).toBe(4);
  expect(elapsed).toBeGreaterThanOrEqual(6_000);
  expect(elapsed).toBeLessThan(7_500);
  await sleep(500);
  expect(notifier.sent).toHaveLength(1);
  const row = await h.tdb.db.delivery.findUniqueOrThrow({ where: { id: deliveryIds[0]! } });
  expect(row.status).toBe('sent');
  expect(await listDeadLetters(h.queues)).toEqual([]);
});

it('a job with malformed data fails once, clearly, without retries, and shows in the dead letters', async () => {
  await h.start({ notifiers: { console: recordingNotifier() } });
  const job = await h.queues.deliveries.add(
    DELIVER_JOB,
    { deliveryId: 'pas-un-uuid' },
    { jobId: 'bad-1' },
  );
  await waitFor('job failed', async () => (await job.getState()) === 'failed');
  await sleep(500);
  const failed = await h.queues.deliveries.getJob('bad-1');
  expect(failed!.attemptsMade).toBe(1);
  expect(job.opts.attempts).toBe(8);
  const dead = await listDeadLetters(h.queues);
  expect(dead).toHaveLength(1);
  expect(dead[0]).toMatchObject({
    queue: 'deliveries',
    jobId: 'bad-1',
    name: DELIVER_JOB,
    attemptsMade: 1,
  });
  expect(dead[0]!.failedReason).toMatch(
    /Données de job invalides \(deliveries\.deliver\).*deliveryId/s,
  );
});

it('a platform refusal that no retry can fix (channel gone, bot removed) fails the delivery at once', async () => {
  const notifier = recordingNotifier(() => {
    throw Object.assign(new Error('channel_not_found'), { permanent: true });
  });
  await h.start({ notifiers: { console: notifier } });
  const { deliveryIds } = await launchedRound(['L1']);
  await waitFor('delivery failed', async () => {
    const row = await h.tdb.db.delivery.findUniqueOrThrow({ where: { id: deliveryIds[0]! } });
    return row.status === 'failed';
  });
  await sleep(500);
  expect(notifier.calls).toBe(1);
  const row = await h.tdb.db.delivery.findUniqueOrThrow({ where: { id: deliveryIds[0]! } });
  expect(row.lastError).toBe('channel_not_found');
  const dead = await listDeadLetters(h.queues);
  expect(dead.map((d) => d.attemptsMade)).toEqual([1]);
});
