import { buildProgram } from '../../src/cli/main-cli';
import type { CliContext } from '../../src/cli/context';
import { CLI_ACTOR } from '../../src/app/deps';
import { launchRound } from '../../src/app/launch-round';
import { planRemindersForAgrements } from '../../src/app/plan-agrement-reminders';
import { DELIVER_JOB } from '../../src/queue/jobs/deliver';
import {
  createDraftRound,
  createHarness,
  recordingNotifier,
  seedOrganisations,
  silentLog,
  sleep,
  waitFor,
  type Harness,
} from './support/harness';

let h: Harness;
let lines: string[];
let ctx: CliContext;
beforeAll(async () => {
  h = await createHarness();
  ctx = {
    config: {
      ...(await import('../../src/config')).loadConfig({
        QUEUE_PREFIX: h.prefix,
        REDIS_URL: h.config.REDIS_URL,
      }),
    },
    log: silentLog,
    deps: async () => h.deps,
    tenantId: async () => h.tenantId,
    out: (t) => lines.push(t),
    err: (t) => lines.push(t),
    errIsTTY: false,
    setExitCode: () => undefined,
    close: async () => undefined,
  };
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  lines = [];
});
const run = (...argv: string[]) =>
  buildProgram(ctx).exitOverride().parseAsync(argv, { from: 'user' });

it('agrements list / agrement renew / reminders list, in French', async () => {
  const { orgs } = await seedOrganisations(h, ['CSX']);
  const end = new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10);
  const a = await h.tdb.db.agrement.create({
    data: {
      tenantId: h.tenantId,
      organisationId: orgs[0]!.org.id,
      kind: 'evs',
      startDate: new Date('2023-01-01T00:00:00Z'),
      endDate: new Date(`${end}T00:00:00Z`),
    },
  });
  await planRemindersForAgrements(h.deps, { tenantId: h.tenantId, agrementIds: [a.id] });
  await run('agrements', 'list', '--ending-within', '6m');
  expect(lines.join('\n')).toMatch(
    /1 agrément se termine d'ici le .*\n• Structure CSX \(CSX\) — Espace de vie sociale \(EVS\)/,
  );
  expect(lines.join('\n')).toContain("prochain rappel : Passage en commission d'action sociale");
  lines = [];
  await run('reminders', 'list', '--due-within', '400j');
  expect(lines[0]).toMatch(/^4 rappels programmés/);
  lines = [];
  await run('agrement', 'renew', a.id, '--until', '31/12/2030');
  expect(lines[0]).toMatch(
    /^Agrément de Structure CSX renouvelé du \d\d\/\d\d\/\d{4} au 31\/12\/2030\.$/,
  );
  expect(lines[1]).toBe("4 rappels de l'ancienne période annulés, 7 programmés.");
});

it('round remind relances the non-responders now; queue failed lists the dead letters', async () => {
  await seedOrganisations(h, ['Q1']);
  const round = await createDraftRound(h, {
    codes: ['Q1'],
    deadline: new Date(Date.now() + 3_600_000),
    reminderSchedule: 'aucun',
  });
  await launchRound(h.deps, { tenantId: h.tenantId, roundId: round.id, actor: CLI_ACTOR });
  await run('round', 'remind', String(round.number));
  expect(lines).toEqual([
    `Consultation n° ${round.number} : 1 organisation relancée (1 message) : Q1.`,
  ]);
  const n = recordingNotifier();
  await h.start({ notifiers: { console: n } });
  await waitFor('reminder', () => n.sent.some((s) => s.message.kind === 'round.reminder'));
  lines = [];
  await run('queue', 'failed');
  expect(lines).toEqual(['Aucun envoi ni rappel en échec définitif.']);
  const job = await h.queues.deliveries.add(DELIVER_JOB, { deliveryId: 42 }, { jobId: 'bad-cli' });
  await waitFor('failed', async () => (await job.getState()) === 'failed');
  lines = [];
  await run('queue', 'failed');
  expect(lines[0]).toBe('Aucun envoi ni rappel en échec définitif.');
  expect(lines[1]).toBe('\n1 travail(aux) en échec dans Redis sans envoi associé :');
  expect(lines[2]).toMatch(
    /^• deliveries \/ deliveries\.deliver #bad-cli — motif : Données de job invalides/,
  );
});

it('queue failed lists a delivery the platform refused, with its reason; queue retry sends it again, once', async () => {
  // Only this test's worker: the one the test above started would send with its own notifier.
  await Promise.all(h.workers.splice(0).map((w) => w.close()));
  const { orgs } = await seedOrganisations(h, ['R1']);
  const dest = orgs[0]!.dest;
  const round = await createDraftRound(h, {
    codes: ['R1'],
    deadline: new Date(Date.now() + 3_600_000),
    reminderSchedule: 'aucun',
  });
  let refuse = true;
  const n = recordingNotifier(() => {
    if (refuse) throw Object.assign(new Error('Slack : channel_not_found'), { permanent: true });
  });
  await h.start({ notifiers: { console: n } });
  const { deliveryIds } = await launchRound(h.deps, {
    tenantId: h.tenantId,
    roundId: round.id,
    actor: CLI_ACTOR,
  });
  await waitFor('failed', async () => {
    const row = await h.tdb.db.delivery.findUniqueOrThrow({ where: { id: deliveryIds[0]! } });
    return row.status === 'failed';
  });
  lines = [];
  await run('queue', 'failed');
  expect(lines[0]).toBe('1 en échec définitif :');
  expect(lines[1]).toContain(
    `• envoi ${deliveryIds[0]} — round.invitation, console ${dest.address}`,
  );
  expect(lines[1]).toContain('1 tentative');
  expect(lines[1]).toContain('motif : Slack : channel_not_found');
  expect(lines[2]).toBe('Pour renvoyer : concerto queue retry <id> (ou --all).');

  // The channel is back: the operator retries, the message goes out once.
  refuse = false;
  lines = [];
  await run('queue', 'retry', deliveryIds[0]!);
  expect(lines).toEqual(['1 envoi remis en file.']);
  await waitFor('sent', () => n.sent.length === 1);
  lines = [];
  await run('queue', 'retry', '--all');
  expect(lines).toEqual(['Aucun échec à renvoyer.']);
  await sleep(500);
  expect(n.sent).toHaveLength(1);
  const row = await h.tdb.db.delivery.findUniqueOrThrow({ where: { id: deliveryIds[0]! } });
  expect(row.status).toBe('sent');
  lines = [];
  await run('queue', 'failed');
  expect(lines[0]).toBe('Aucun envoi ni rappel en échec définitif.');
});
