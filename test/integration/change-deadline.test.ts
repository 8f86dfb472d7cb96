import { createTestDb, type TestDb } from '../support/db';
import { createLogger } from '../../src/logger';
import { CLI_ACTOR, type AppDeps, type Outbox } from '../../src/app/deps';
import { seedDemo } from '../../src/app/seed-demo';
import { createRound } from '../../src/app/create-round';
import { launchRound } from '../../src/app/launch-round';
import { changeDeadline } from '../../src/app/change-deadline';
import { ZLiveProgress, progressInvitationMessage } from '../../src/app/progress-message';

describe('changing a round deadline', () => {
  let t: TestDb;
  const clock = new Date('2026-11-28T09:00:00Z');
  const told = { planned: [] as string[], cancelled: [] as string[] };
  const outbox: Outbox = {
    async deliveriesCreated() {},
    async remindersPlanned(ids) {
      told.planned.push(...ids);
    },
    async remindersCancelled(ids) {
      told.cancelled.push(...ids);
    },
  };
  let deps: AppDeps;
  beforeAll(async () => {
    t = await createTestDb();
    deps = { db: t.db, now: () => clock, log: createLogger('silent'), outbox };
    await seedDemo(deps, { actor: CLI_ACTOR });
  });
  afterAll(async () => t.drop());

  it('reschedules every reminder and the close, keeping those already sent', async () => {
    const tenant = await t.db.tenant.findFirstOrThrow();
    const { round } = await createRound(deps, {
      tenantId: tenant.id,
      draftVersionId: (await t.db.draftVersion.findFirstOrThrow()).id,
      organisations: { codes: ['CD94', 'DDCS94'] },
      deadline: new Date('2026-12-11T16:00:00Z'),
      actor: CLI_ACTOR,
    });
    await launchRound(deps, { tenantId: tenant.id, roundId: round.id, actor: CLI_ACTOR });
    const p7 = await t.db.plannedReminder.findFirstOrThrow({
      where: { roundId: round.id, kind: 'round.reminder.P7D' },
    });
    await t.db.plannedReminder.update({
      where: { id: p7.id },
      data: { status: 'sent', sentAt: clock },
    });
    told.planned = [];

    const r = await changeDeadline(deps, {
      tenantId: tenant.id,
      roundId: round.id,
      deadline: new Date('2026-12-18T16:00:00Z'),
      actor: CLI_ACTOR,
    });
    const rows = await t.db.plannedReminder.findMany({
      where: { roundId: round.id },
      orderBy: { dueAt: 'asc' },
    });
    const byKind = Object.fromEntries(rows.map((x) => [x.kind, x]));
    expect(byKind['round.close']!.dueAt.toISOString()).toBe('2026-12-18T16:00:00.000Z');
    expect(byKind['round.reminder.P2D']!.dueAt.toISOString()).toBe('2026-12-16T16:00:00.000Z');
    expect(byKind['round.reminder.P7D']!.status).toBe('sent');
    expect(byKind['round.reminder.P7D']!.dueAt).toEqual(p7.dueAt);
    expect(told.planned.sort()).toEqual(r.planned.sort());
    expect(r.planned).not.toContain(p7.id);
    expect(
      (await t.db.round.findUniqueOrThrow({ where: { id: round.id } })).deadline.toISOString(),
    ).toBe('2026-12-18T16:00:00.000Z');
  });

  it('announces the new deadline to every invited organisation, in its invitation thread, once', async () => {
    const tenant = await t.db.tenant.findFirstOrThrow();
    const { round } = await createRound(deps, {
      tenantId: tenant.id,
      draftVersionId: (await t.db.draftVersion.findFirstOrThrow()).id,
      organisations: { codes: ['CD94', 'DDCS94'] },
      deadline: new Date('2026-12-11T16:00:00Z'),
      actor: CLI_ACTOR,
    });
    await launchRound(deps, { tenantId: tenant.id, roundId: round.id, actor: CLI_ACTOR });
    const invites = await t.db.delivery.findMany({
      where: { dedupeKey: { startsWith: `round:${round.id}:invite:` } },
    });
    expect(invites.length).toBeGreaterThan(0);
    const change = {
      tenantId: tenant.id,
      roundId: round.id,
      deadline: new Date('2026-12-18T16:00:00Z'),
      actor: CLI_ACTOR,
    };
    await changeDeadline(deps, change);
    await changeDeadline(deps, change);
    const notes = await t.db.delivery.findMany({
      where: { dedupeKey: { startsWith: `round:${round.id}:deadline:` } },
    });
    expect(notes).toHaveLength(invites.length);
    for (const inv of invites) {
      const n = notes.find((x) => x.destinationId === inv.destinationId)!;
      expect(n.threadDeliveryId).toBe(inv.id);
      const payload = n.payload as { kind: string; text: string[]; fallback: string };
      expect(payload.kind).toBe('round.announcement');
      // 16:00 UTC is 17:00 in Paris.
      expect(payload.fallback).toContain('nouvelle date limite');
      expect(payload.fallback).toContain('17 h 00');
    }
    // And each invitation is updated in place with the new deadline (rendered when sent).
    const updates = await t.db.delivery.findMany({
      where: { kind: 'round.progress', updatesDeliveryId: { in: invites.map((i) => i.id) } },
    });
    expect(updates.map((u) => u.updatesDeliveryId).sort()).toEqual(invites.map((i) => i.id).sort());
    const view = await progressInvitationMessage(deps, ZLiveProgress.parse(updates[0]!.payload));
    expect(view.fields).toContainEqual({
      label: 'Date limite',
      value: expect.stringContaining('18 décembre'),
    });
    expect(view.actions.map((a) => a.type)).toContain('avis.open');
    // Another change is announced again.
    await changeDeadline(deps, { ...change, deadline: new Date('2026-12-21T16:00:00Z') });
    expect(
      await t.db.delivery.count({
        where: { dedupeKey: { startsWith: `round:${round.id}:deadline:` } },
      }),
    ).toBe(invites.length * 2);
  });

  it('refuses a deadline in the past and changes nothing', async () => {
    const round = await t.db.round.findFirstOrThrow({ orderBy: { number: 'asc' } });
    await expect(
      changeDeadline(deps, {
        tenantId: round.tenantId,
        roundId: round.id,
        deadline: new Date('2026-11-01T00:00:00Z'),
        actor: CLI_ACTOR,
      }),
    ).rejects.toThrow('La date limite doit être dans le futur.');
    expect(
      (await t.db.round.findUniqueOrThrow({ where: { id: round.id } })).deadline.toISOString(),
    ).toBe('2026-12-18T16:00:00.000Z');
  });
});
