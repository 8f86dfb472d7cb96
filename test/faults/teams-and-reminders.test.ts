import {
  allSent,
  FAST,
  report,
  setupFaults,
  slackTally,
  teamsTally,
  waitUntil,
  type Faults,
} from './support/faults';

/**
 * Teams (no way to look a message up: at most one duplicate per crash, by design — one Teams
 * send in flight per worker), and a reminder due while the worker was down racing the close.
 */
let f: Faults;
beforeEach(async () => {
  f = await setupFaults();
});
afterEach(async () => {
  await f.close();
});

it('Teams: SIGKILL twice during a fan-out: 0 lost, at most one duplicate per kill', async () => {
  f.connector.setLatency(30);
  const { deliveryIds, addresses } = await f.fanOut(100, 'teams');
  const sends = () => f.connector.calls.filter((c) => c.kind === 'send').length;
  let lastKill = 0;
  // A wider lock than FAST's: on a loaded 2-core machine a 1.5 s lock can expire under a live
  // worker (an event-loop stall), and Teams, which cannot be searched, would then send twice.
  const options = {
    ...FAST,
    lockDurationMs: 4_000,
    settings: { ...FAST.settings, deliveryClaimStaleMs: 4_000 },
  };
  for (let k = 1; k <= 2; k += 1) {
    const w = await f.spawnWorker(options);
    const before = sends();
    await waitUntil('some Teams sends', () => sends() >= before + 15);
    await w.kill('SIGKILL');
    lastKill = Date.now();
  }
  await f.spawnWorker(options);
  const done = await allSent(f, deliveryIds);
  const t = teamsTally(f, addresses);
  report('Teams, SIGKILL ×2 pendant un envoi à 100 conversations', t, done - lastKill);
  expect(t.lost).toBe(0);
  expect(t.duplicated).toBeLessThanOrEqual(2);
});

it('a reminder due while the worker was down, and the close due too: no reminder after the deadline, results once', async () => {
  const { roundId, deliveryIds, addresses } = await f.fanOut(30, 'slack', {
    deadlineMs: 3 * 3_600_000,
    schedule: 'PT2H',
  });
  const w = await f.spawnWorker();
  await allSent(f, deliveryIds);
  await w.kill('SIGKILL');
  // The worker stayed down past the reminder and past the deadline.
  const now = Date.now();
  await f.tdb.db.round.update({
    where: { id: roundId },
    data: { deadline: new Date(now - 60_000) },
  });
  const planned = await f.tdb.db.plannedReminder.findMany({ where: { roundId } });
  for (const p of planned) {
    await f.tdb.db.plannedReminder.update({
      where: { id: p.id },
      data: { dueAt: new Date(now - (p.kind === 'round.close' ? 60_000 : 120_000)) },
    });
  }
  await f.queues.reminders.obliterate({ force: true });
  const backAt = Date.now();
  await f.spawnWorker({ ...FAST, sweepEveryMs: 300 });
  await waitUntil(
    'closed',
    async () =>
      (await f.tdb.db.round.findUniqueOrThrow({ where: { id: roundId } })).status === 'closed',
  );
  const results = await f.tdb.db.delivery.findMany({ where: { kind: 'round.results' } });
  await allSent(
    f,
    results.map((r) => r.id),
  );
  const reminders = await f.tdb.db.delivery.count({ where: { kind: 'round.reminder' } });
  const rows = await f.tdb.db.plannedReminder.findMany({ where: { roundId } });
  const reminder = rows.find((r) => r.kind === 'round.reminder.PT2H')!;
  const close = rows.find((r) => r.kind === 'round.close')!;
  const t = slackTally(f, addresses);
  report('Rappel en retard et clôture en concurrence', t, Date.now() - backAt);
  expect(reminders).toBe(0);
  expect(reminder.status).toBe('cancelled');
  expect(close.status).toBe('sent');
  // Each channel: its invitation, then the results in its thread — nothing else.
  for (const a of addresses) {
    const msgs = f.slack.posted.get(a) ?? [];
    expect(msgs.filter((m) => !m.thread_ts)).toHaveLength(1);
    expect(msgs.filter((m) => m.thread_ts)).toHaveLength(1);
    expect(String(msgs[1]!.text)).toMatch(/résultats/i);
  }
  expect(t).toMatchObject({ lost: 0, duplicated: 0 });
});
