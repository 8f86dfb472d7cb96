import {
  allSent,
  FAST,
  report,
  setupFaults,
  slackTally,
  sleep,
  waitUntil,
  type Faults,
} from './support/faults';

/**
 * Slack, exactly once on the wire: workers killed with SIGKILL in the middle of a fan-out (the
 * Slack client had several messages in flight, posted by Slack but not answered yet), a worker
 * stopped with SIGTERM, two workers at once, a storm of 429s. Each scenario prints sent /
 * expected / lost / duplicated / recovery time and asserts 0 lost, 0 duplicated.
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

it('SIGKILL three times during a 300-channel fan-out: 0 lost, 0 duplicated', async () => {
  f.slack.postLatencyMs = 40;
  const { deliveryIds, addresses } = await f.fanOut(300, 'slack');
  let lastKill = 0;
  for (let k = 1; k <= 3; k += 1) {
    const w = await f.spawnWorker();
    // Let it send part of the fan-out, then kill it with requests in flight.
    const before = posted(addresses);
    await waitUntil('some sends', () => posted(addresses) >= before + 40, 30_000);
    await w.kill('SIGKILL');
    lastKill = Date.now();
  }
  expect(posted(addresses)).toBeLessThan(300);
  await f.spawnWorker();
  const done = await allSent(f, deliveryIds);
  const t = slackTally(f, addresses);
  report('Slack, SIGKILL ×3 pendant un envoi à 300 canaux', t, done - lastKill);
  expect(t).toMatchObject({ expected: 300, lost: 0, duplicated: 0 });
  // Messages posted but unanswered when a worker died were found on Slack, not sent again.
  expect(f.slack.callsTo('conversations.history').length).toBeGreaterThan(0);
  // Recorded message ids are the ones Slack gave.
  const rows = await f.tdb.db.delivery.findMany({ where: { id: { in: deliveryIds } } });
  const tsOf = new Map(
    addresses.map((a) => [a, (f.slack.posted.get(a) ?? []).map((m) => m.ts)] as const),
  );
  const dest = await f.tdb.db.destination.findMany({ select: { id: true, address: true } });
  const addressOf = new Map(dest.map((d) => [d.id, d.address]));
  for (const r of rows)
    expect(tsOf.get(addressOf.get(r.destinationId)!)).toEqual([r.platformMessageId]);
});

it('SIGTERM during a fan-out: the worker finishes what it holds; the next one sends the rest, once', async () => {
  f.slack.postLatencyMs = 20;
  const { deliveryIds, addresses } = await f.fanOut(200, 'slack');
  const w = await f.spawnWorker();
  await waitUntil('some sends', () => posted(addresses) >= 30);
  const stopAt = Date.now();
  await w.kill('SIGTERM');
  expect(await w.exited).toBe(0);
  await f.spawnWorker();
  const done = await allSent(f, deliveryIds);
  const t = slackTally(f, addresses);
  report('Slack, SIGTERM pendant un envoi à 200 canaux', t, done - stopAt);
  expect(t).toMatchObject({ lost: 0, duplicated: 0 });
});

it('two workers share a fan-out, one of them killed: 0 lost, 0 duplicated', async () => {
  f.slack.postLatencyMs = 20;
  const { deliveryIds, addresses } = await f.fanOut(300, 'slack');
  const [a] = await Promise.all([f.spawnWorker(), f.spawnWorker()]);
  await waitUntil('some sends', () => posted(addresses) >= 60);
  const killedAt = Date.now();
  await a!.kill('SIGKILL');
  const done = await allSent(f, deliveryIds);
  const t = slackTally(f, addresses);
  report('Slack, deux workers dont un tué', t, done - killedAt);
  expect(t).toMatchObject({ lost: 0, duplicated: 0 });
});

it('a storm of 429s: every message goes once, none fails', async () => {
  // Slack answers 429 to 150 posts in a row (Retry-After 1 s).
  f.slack.rateLimit('chat.postMessage', 150, 1);
  const { deliveryIds, addresses } = await f.fanOut(100, 'slack');
  const started = Date.now();
  await f.spawnWorker();
  const done = await allSent(f, deliveryIds);
  const t = slackTally(f, addresses);
  report('Slack, tempête de 429', t, done - started);
  expect(t).toMatchObject({ lost: 0, duplicated: 0 });
  expect(await f.tdb.db.delivery.count({ where: { status: 'failed' } })).toBe(0);
  expect(f.slack.calls.filter((c) => c.status === 429)).toHaveLength(150);
  // Kept for the reader: the settings of these scenarios.
  expect(FAST.settings.deliveryClaimStaleMs).toBeLessThan(FAST.lockDurationMs + 1);
  await sleep(0);
});
