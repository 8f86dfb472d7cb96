import { createTestDb, type TestDb } from '../support/db';
import { createLogger } from '../../src/logger';
import { CLI_ACTOR, type AppDeps, type Outbox } from '../../src/app/deps';
import { seedDemo } from '../../src/app/seed-demo';
import { createRound } from '../../src/app/create-round';
import { launchRound } from '../../src/app/launch-round';
import { cancelRound } from '../../src/app/close-round';
import { ZLiveProgress, progressInvitationMessage } from '../../src/app/progress-message';

describe('cancelling a round', () => {
  let t: TestDb;
  const clock = new Date('2026-11-28T09:00:00Z');
  const created: string[] = [];
  const outbox: Outbox = {
    async deliveriesCreated(ids) {
      created.push(...ids);
    },
    async remindersPlanned() {},
    async remindersCancelled() {},
  };
  let deps: AppDeps;
  beforeAll(async () => {
    t = await createTestDb();
    deps = { db: t.db, now: () => clock, log: createLogger('silent'), outbox };
    await seedDemo(deps, { actor: CLI_ACTOR });
  });
  afterAll(async () => t.drop());

  it('announces the cancellation in every invitation thread and to the pilots', async () => {
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
    const pilots = await t.db.destination.findMany({
      where: { tenantId: tenant.id, forPilots: true, active: true },
    });
    expect(pilots.length).toBeGreaterThan(0);
    created.length = 0;

    await cancelRound(deps, { tenantId: tenant.id, roundId: round.id, actor: CLI_ACTOR });

    const notes = await t.db.delivery.findMany({
      where: { dedupeKey: { startsWith: `round:${round.id}:cancelled:` } },
    });
    expect(notes).toHaveLength(invites.length + pilots.length);
    // Each invitation is updated in place, rendered when sent: no vote button, « annulée ».
    const updates = await t.db.delivery.findMany({
      where: { kind: 'round.progress', updatesDeliveryId: { in: invites.map((i) => i.id) } },
    });
    expect(created.sort()).toEqual([...notes, ...updates].map((n) => n.id).sort());
    for (const inv of invites) {
      const n = notes.find((x) => x.destinationId === inv.destinationId)!;
      expect(n.threadDeliveryId).toBe(inv.id);
    }
    for (const p of pilots) expect(notes.some((n) => n.destinationId === p.id)).toBe(true);
    expect(updates.map((u) => u.updatesDeliveryId).sort()).toEqual(invites.map((i) => i.id).sort());
    const view = await progressInvitationMessage(deps, ZLiveProgress.parse(updates[0]!.payload));
    expect(view.actions.map((a) => a.type)).toEqual(['link']);
    expect(view.text).toContain('Cette consultation est annulée : il n’y a plus d’avis à donner.');
    for (const n of notes) {
      const payload = n.payload as { kind: string; text: string[] };
      expect(payload.kind).toBe('round.announcement');
      expect(payload.text[0]).toMatch(
        new RegExp(`^La consultation n° ${round.number} est annulée`),
      );
    }
  });
});
