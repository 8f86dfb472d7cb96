import { CLI_ACTOR } from '../../src/app/deps';
import { launchRound } from '../../src/app/launch-round';
import { recordProxyAvis } from '../../src/app/cast-avis';
import { runSweep } from '../../src/queue/jobs/sweep';
import {
  createDraftRound,
  createHarness,
  recordingNotifier,
  seedOrganisations,
  sleep,
  waitFor,
  type Harness,
} from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

describe('round lifecycle through the queue', () => {
  const notifier = recordingNotifier();

  beforeAll(async () => {
    await h.start({ notifiers: { console: notifier } });
  });

  it('fans the invitations out once, even when the outbox and the sweep both enqueue them', async () => {
    await seedOrganisations(h, ['CS1', 'CS2', 'CS3']);
    const round = await createDraftRound(h, {
      codes: ['CS1', 'CS2', 'CS3'],
      deadline: new Date(Date.now() + 3_600_000),
      reminderSchedule: 'aucun',
    });
    const { deliveryIds } = await launchRound(h.deps, {
      tenantId: h.tenantId,
      roundId: round.id,
      actor: CLI_ACTOR,
    });
    expect(deliveryIds).toHaveLength(3);
    await runSweep(h.workers[0]!.context);
    await waitFor(
      '3 invitations sent',
      async () =>
        (await h.tdb.db.delivery.count({ where: { id: { in: deliveryIds }, status: 'sent' } })) ===
        3,
    );
    await runSweep(h.workers[0]!.context);
    await sleep(500);
    const invitations = notifier.sent.filter((s) => s.message.kind === 'round.invitation');
    expect(invitations.map((s) => s.target.address).sort()).toEqual(['#CS1', '#CS2', '#CS3']);
    const rows = await h.tdb.db.delivery.findMany({ where: { id: { in: deliveryIds } } });
    for (const r of rows)
      expect(invitations.map((s) => s.messageId)).toContain(r.platformMessageId);
  });

  it('sends a planned reminder to the organisations that have not answered every enjeu, in the invitation thread', async () => {
    notifier.sent.length = 0;
    await seedOrganisations(h, ['R1', 'R2']);
    // Reminder 1 minute before a deadline 62 s away: due in about 2 s.
    const round = await createDraftRound(h, {
      codes: ['R1', 'R2'],
      deadline: new Date(Date.now() + 62_000),
      reminderSchedule: ['PT1M'],
    });
    await launchRound(h.deps, { tenantId: h.tenantId, roundId: round.id, actor: CLI_ACTOR });
    const enjeux = await h.tdb.db.enjeu.findMany({
      where: { draftVersionId: round.draftVersionId! },
    });
    await recordProxyAvis(h.deps, {
      tenantId: h.tenantId,
      roundId: round.id,
      organisationCode: 'R1',
      votes: enjeux.map((e) => ({ enjeuId: e.id, choice: 'favorable' })),
      source: 'courrier',
      actor: CLI_ACTOR,
    });
    const reminderRow = await h.tdb.db.plannedReminder.findFirstOrThrow({
      where: { roundId: round.id, kind: 'round.reminder.PT1M' },
    });
    await waitFor(
      'reminder sent',
      async () =>
        (await h.tdb.db.plannedReminder.findUnique({ where: { id: reminderRow.id } }))?.status ===
        'sent',
    );
    await waitFor('reminder delivered', () =>
      notifier.sent.some((s) => s.message.kind === 'round.reminder'),
    );
    await sleep(300);
    const reminders = notifier.sent.filter((s) => s.message.kind === 'round.reminder');
    expect(reminders.map((s) => s.target.address)).toEqual(['#R2']);
    const invitationToR2 = notifier.sent.find(
      (s) => s.message.kind === 'round.invitation' && s.target.address === '#R2',
    )!;
    expect(reminders[0]!.target.threadMessageId).toBe(invitationToR2.messageId);
    const sent = await h.tdb.db.plannedReminder.findUniqueOrThrow({
      where: { id: reminderRow.id },
    });
    expect(sent.sentAt!.getTime() - sent.dueAt.getTime()).toBeLessThan(2_000);
  });

  it('closes the round by itself at its deadline and posts the results to the organisations and the pilots', async () => {
    notifier.sent.length = 0;
    await seedOrganisations(h, ['C1', 'C2']);
    const deadline = new Date(Date.now() + 3_000);
    const round = await createDraftRound(h, {
      codes: ['C1', 'C2'],
      deadline,
      reminderSchedule: 'aucun',
      silenceMeansFavorable: true,
    });
    await launchRound(h.deps, { tenantId: h.tenantId, roundId: round.id, actor: CLI_ACTOR });
    const closed = await waitFor('round closed', async () => {
      const r = await h.tdb.db.round.findUniqueOrThrow({ where: { id: round.id } });
      return r.status === 'closed' ? r : undefined;
    });
    expect(closed.closedAt!.getTime()).toBeGreaterThanOrEqual(deadline.getTime());
    expect(closed.closedAt!.getTime() - deadline.getTime()).toBeLessThan(2_000);
    await waitFor(
      'results delivered',
      () => notifier.sent.filter((s) => s.message.kind === 'round.results').length === 3,
    );
    const results = notifier.sent.filter((s) => s.message.kind === 'round.results');
    expect(results.map((s) => s.target.address).sort()).toEqual(['#C1', '#C2', '#pilotes']);
    // silence vaut avis favorable applied at closing
    expect(
      await h.tdb.db.avis.count({ where: { roundId: round.id, channel: 'implicit' } }),
    ).toBeGreaterThan(0);
  });
});
