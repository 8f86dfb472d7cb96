import { CLI_ACTOR } from '../../src/app/deps';
import { recordProxyAvis } from '../../src/app/cast-avis';
import {
  allSent,
  report,
  setupFaults,
  slackTally,
  sleep,
  waitUntil,
  type Faults,
} from './support/faults';

/**
 * Redis losing its data, Redis restarted empty, Postgres unreachable for a few seconds and for
 * longer than the retry budget — each during a fan-out, with the worker left running (no
 * restart): 0 lost, 0 duplicated, and the recovery time printed.
 */
let f: Faults;
beforeEach(async () => {
  f = await setupFaults();
});
afterEach(async () => {
  await f.close();
});

const posted = (addresses: string[]) =>
  addresses.reduce((n, a) => n + ((f.slack.posted.get(a)?.length ?? 0) > 0 ? 1 : 0), 0);

it('Redis FLUSHALL during a fan-out, worker left running: the sweep recovers everything, once', async () => {
  f.slack.postLatencyMs = 20;
  const { deliveryIds, addresses } = await f.fanOut(200, 'slack');
  await f.spawnWorker();
  await waitUntil('some sends', () => posted(addresses) >= 40);
  await f.redis.flushAll();
  const flushedAt = Date.now();
  const done = await allSent(f, deliveryIds);
  const t = slackTally(f, addresses);
  report('Slack, FLUSHALL de Redis pendant un envoi (worker non redémarré)', t, done - flushedAt);
  expect(t).toMatchObject({ lost: 0, duplicated: 0 });
});

it('Redis killed and restarted empty during a fan-out, worker left running: recovered, once', async () => {
  f.slack.postLatencyMs = 20;
  const { deliveryIds, addresses } = await f.fanOut(200, 'slack');
  const w = await f.spawnWorker();
  await waitUntil('some sends', () => posted(addresses) >= 40);
  await f.redis.kill();
  await sleep(2_000);
  await f.redis.start();
  const backAt = Date.now();
  const done = await allSent(f, deliveryIds);
  const t = slackTally(f, addresses);
  report('Slack, Redis redémarré vide pendant un envoi (worker non redémarré)', t, done - backAt);
  expect(t).toMatchObject({ lost: 0, duplicated: 0 });
  // One line per outage, not a stack per reconnection.
  const lines = w
    .stderr()
    .split('\n')
    .filter((l) => l.includes('"Redis injoignable"'));
  expect(lines.length).toBeGreaterThanOrEqual(1);
  expect(lines.length).toBeLessThanOrEqual(3);
  expect(w.stderr()).not.toMatch(/\n\s+at /);
});

it('Postgres unreachable for 5 s during a fan-out: 0 lost, 0 duplicated', async () => {
  f.slack.postLatencyMs = 20;
  const { deliveryIds, addresses } = await f.fanOut(200, 'slack');
  await f.spawnWorker();
  await waitUntil('some sends', () => posted(addresses) >= 40);
  f.proxy.cut();
  await sleep(5_000);
  f.proxy.restore();
  const backAt = Date.now();
  const done = await allSent(f, deliveryIds);
  const t = slackTally(f, addresses);
  report('Slack, Postgres coupé 5 s pendant un envoi', t, done - backAt);
  expect(t).toMatchObject({ lost: 0, duplicated: 0 });
});

it('Postgres unreachable longer than the retry budget, during a fan-out and a burst of votes: nothing lost, nothing twice, no attempt spent', async () => {
  f.slack.postLatencyMs = 20;
  const { roundId, deliveryIds, addresses } = await f.fanOut(120, 'slack');
  const w = await f.spawnWorker();
  await waitUntil('some sends', () => posted(addresses) >= 30);
  // A burst of votes, some before the cut: their progress updates are on their way.
  const round = await f.tdb.db.round.findUniqueOrThrow({
    where: { id: roundId },
    include: {
      draftVersion: { include: { enjeux: true } },
      invitations: { include: { organisation: true } },
    },
  });
  const enjeu = round.draftVersion!.enjeux[0]!;
  for (const inv of round.invitations.slice(0, 20)) {
    await recordProxyAvis(f.deps, {
      tenantId: f.tenantId,
      roundId,
      organisationCode: inv.organisation.code,
      votes: [{ enjeuId: enjeu.id, choice: 'favorable' }],
      source: 'courrier',
      actor: CLI_ACTOR,
    });
  }
  f.proxy.cut();
  // Longer than 8 attempts of the compressed backoff would last: with attempts spent, every
  // job in flight would have failed for good by now.
  await sleep(12_000);
  f.proxy.restore();
  const backAt = Date.now();
  const done = await allSent(f, deliveryIds);
  const t = slackTally(f, addresses);
  report('Slack, Postgres coupé 12 s (plus que le budget de tentatives)', t, done - backAt);
  expect(t).toMatchObject({ lost: 0, duplicated: 0 });
  const all = await f.tdb.db.delivery.findMany({ where: { tenantId: f.tenantId } });
  expect(all.filter((d) => d.status === 'failed')).toEqual([]);
  await waitUntil(
    'progress updates sent',
    async () =>
      (await f.tdb.db.delivery.count({
        where: { kind: 'round.progress', status: { in: ['pending', 'sending'] } },
      })) === 0,
  );
  expect(w.stderr()).not.toMatch(/\n\s+at /);
});
