import { CLI_ACTOR } from '../../src/app/deps';
import { planRemindersForAgrements } from '../../src/app/plan-agrement-reminders';
import { endAgrement, renewAgrement } from '../../src/app/renew-agrement';
import { isWorkingDay } from '../../src/domain/calendar';
import { enqueueReminders, reminderJobId } from '../../src/queue/jobs/reminder-due';
import {
  createHarness,
  recordingNotifier,
  seedOrganisations,
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

const parisClock = (d: Date) =>
  new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'long',
  }).formatToParts(d);
const parisDate = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);

async function agrement(code: string, start: string, end: string) {
  const { orgs } = await seedOrganisations(h, [code]);
  return h.tdb.db.agrement.create({
    data: {
      tenantId: h.tenantId,
      organisationId: orgs[0]!.org.id,
      kind: 'animation_globale',
      startDate: new Date(`${start}T00:00:00Z`),
      endDate: new Date(`${end}T00:00:00Z`),
    },
  });
}

it('plans the renewal reminders at 9:00 Europe/Paris on working days, and planning twice changes nothing', async () => {
  // Ends on 31 December 2029, a Monday; "dernier jour" stays on it, "expired" moves past 1 January.
  const a = await agrement('AG1', '2026-01-01', '2029-12-31');
  const first = await planRemindersForAgrements(h.deps, {
    tenantId: h.tenantId,
    agrementIds: [a.id],
  });
  expect(first.reminderIds).toHaveLength(7);
  const rows = await h.tdb.db.plannedReminder.findMany({
    where: { agrementId: a.id },
    orderBy: { dueAt: 'asc' },
  });
  expect(rows.map((r) => r.kind)).toEqual([
    'agrement.renewal_start',
    'agrement.evaluation',
    'agrement.projet_social',
    'agrement.commission',
    'agrement.one_month',
    'agrement.end_date',
    'agrement.expired',
  ]);
  for (const r of rows) {
    const parts = parisClock(r.dueAt);
    expect(
      `${parts.find((p) => p.type === 'hour')!.value}:${parts.find((p) => p.type === 'minute')!.value}`,
    ).toBe('09:00');
    expect(isWorkingDay(parisDate(r.dueAt))).toBe(true);
  }
  expect(parisDate(rows[5]!.dueAt)).toBe('2029-12-31');
  expect(parisDate(rows[6]!.dueAt)).toBe('2030-01-02'); // 1 January is a public holiday
  expect(parisDate(rows[0]!.dueAt)).toBe('2028-10-31'); // 14 months before, a Tuesday
  const again = await planRemindersForAgrements(h.deps, {
    tenantId: h.tenantId,
    agrementIds: [a.id],
  });
  expect(again.reminderIds).toEqual([]);
  expect(await h.tdb.db.plannedReminder.count({ where: { agrementId: a.id } })).toBe(7);
});

it('renewing cancels what is left of the old reminders (and their jobs) and plans the new period', async () => {
  const a = await agrement('AG2', '2024-01-01', '2027-06-30');
  await planRemindersForAgrements(h.deps, { tenantId: h.tenantId, agrementIds: [a.id] });
  const old = await h.tdb.db.plannedReminder.findMany({
    where: { agrementId: a.id, status: 'planned' },
  });
  // Give them jobs as if they were within the horizon.
  await enqueueReminders(h.queues, old);
  const r = await renewAgrement(h.deps, {
    tenantId: h.tenantId,
    agrementId: a.id,
    until: '2031-06-30',
    actor: CLI_ACTOR,
  });
  expect(r.startDate).toBe('2027-07-01');
  expect((await h.tdb.db.agrement.findUniqueOrThrow({ where: { id: a.id } })).status).toBe(
    'renewed',
  );
  expect(
    await h.tdb.db.plannedReminder.count({ where: { agrementId: a.id, status: 'planned' } }),
  ).toBe(0);
  expect(r.cancelledReminders.sort()).toEqual(old.map((o) => o.id).sort());
  for (const o of old)
    expect(await h.queues.reminders.getJob(reminderJobId(o.id, o.dueAt))).toBeUndefined();
  const fresh = await h.tdb.db.plannedReminder.findMany({
    where: { agrementId: r.agrement.id },
    orderBy: { dueAt: 'asc' },
  });
  expect(fresh).toHaveLength(7);
  expect(parisDate(fresh[5]!.dueAt)).toBe('2031-06-30');
  await expect(
    renewAgrement(h.deps, {
      tenantId: h.tenantId,
      agrementId: a.id,
      until: '2031-06-30',
      actor: CLI_ACTOR,
    }),
  ).rejects.toMatchObject({ code: 'AGREMENT_ALREADY_RENEWED' });
  await expect(
    renewAgrement(h.deps, {
      tenantId: h.tenantId,
      agrementId: r.agrement.id,
      until: '2040-06-30',
      actor: CLI_ACTOR,
    }),
  ).rejects.toMatchObject({ code: 'AGREMENT_TOO_LONG' });
  const ended = await endAgrement(h.deps, {
    tenantId: h.tenantId,
    agrementId: r.agrement.id,
    actor: CLI_ACTOR,
  });
  expect(ended.cancelledReminders).toHaveLength(7);
});

it('a due agrément reminder reaches the structure and the pilots; the expiry alert only the pilots', async () => {
  const notifier = recordingNotifier();
  await h.start({ notifiers: { console: notifier } });
  const a = await agrement('AG3', '2023-01-01', '2026-12-31');
  // The expiry alert marks the agrément expired: it comes second, as in the calendar.
  const [step, expired] = await Promise.all(
    (
      [
        ['agrement.commission', 300],
        ['agrement.expired', 1_200],
      ] as const
    ).map(([kind, inMs]) =>
      h.tdb.db.plannedReminder.create({
        data: { tenantId: h.tenantId, agrementId: a.id, kind, dueAt: new Date(Date.now() + inMs) },
      }),
    ),
  );
  await h.deps.outbox.remindersPlanned([step!.id, expired!.id]);
  await waitFor(
    'both sent',
    async () =>
      (await h.tdb.db.plannedReminder.count({
        where: { id: { in: [step!.id, expired!.id] }, status: 'sent' },
      })) === 2,
  );
  await waitFor('3 deliveries', () => notifier.sent.length === 3);
  const reminder = notifier.sent.filter((s) => s.message.kind === 'agrement.reminder');
  expect(reminder.map((s) => s.target.address).sort()).toEqual(['#AG3', '#pilotes']);
  expect(reminder[0]!.message.title).toBe("Passage en commission d'action sociale : Structure AG3");
  expect(reminder[0]!.message.fallback).toContain('se termine le 31/12/2026');
  const alert = notifier.sent.filter((s) => s.message.kind === 'agrement.expired');
  expect(alert.map((s) => s.target.address)).toEqual(['#pilotes']);
  expect((await h.tdb.db.agrement.findUniqueOrThrow({ where: { id: a.id } })).status).toBe(
    'expired',
  );
});
