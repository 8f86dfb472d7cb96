import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from '../../src/cli/main-cli';
import type { CliContext } from '../../src/cli/context';
import { agrementEvaluations, attachAgrementGrid } from '../../src/app/agrement-evaluation';
import { consoleAgrements } from '../../src/app/console-views';
import { renderAgrements } from '../../src/http/console-pages';
import { CLI_ACTOR, SCHEDULER_ACTOR } from '../../src/app/deps';
import { importGrid } from '../../src/app/import-grid';
import { sendAgrementReminder } from '../../src/app/send-agrement-reminder';
import { saveSurveyAnswer } from '../../src/app/survey/answer-survey';
import {
  agrementEvaluationDeadline,
  parseAgrementOffsets,
} from '../../src/domain/agrement-calendar';
import { addMonths, localDate } from '../../src/domain/calendar';
import { reminderJobId } from '../../src/queue/jobs/reminder-due';
import {
  createHarness,
  recordingNotifier,
  seedOrganisations,
  silentLog,
  waitFor,
  type Harness,
} from './support/harness';

const GRID = readFileSync(join(__dirname, '../../src/data/grille-evaluation-94.yaml'), 'utf8');

let h: Harness;
const notifier = recordingNotifier();
let lines: string[] = [];
let ctx: CliContext;
beforeAll(async () => {
  h = await createHarness();
  await h.start({ notifiers: { console: notifier } });
  await importGrid(h.deps, {
    tenantId: h.tenantId,
    text: GRID,
    fileName: 'grille.yaml',
    actor: CLI_ACTOR,
  });
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
afterAll(async () => h.close());
beforeEach(() => {
  lines = [];
});
const cli = (...argv: string[]) =>
  buildProgram(ctx).exitOverride().parseAsync(argv, { from: 'user' });

/** An agrément ending 8 months from today (Paris): its evaluation step is today. */
async function agrementAtEvaluationStep(code: string, o: { destination?: boolean } = {}) {
  const org =
    o.destination === false
      ? await h.tdb.db.organisation.create({
          data: { tenantId: h.tenantId, code, name: `Structure ${code}`, kind: 'centre_social' },
        })
      : (await seedOrganisations(h, [code])).orgs[0]!.org;
  if (o.destination === false) await seedOrganisations(h, []); // the pilots' destination
  const end = addMonths(localDate(new Date(), 'Europe/Paris'), 8);
  return h.tdb.db.agrement.create({
    data: {
      tenantId: h.tenantId,
      organisationId: org.id,
      kind: 'animation_globale',
      startDate: new Date(`${addMonths(end, -48)}T00:00:00Z`),
      endDate: new Date(`${end}T00:00:00Z`),
    },
  });
}

/** Its evaluation reminder, due now (time compressed: the row is dated now, not in 8 months). */
async function dueEvaluationReminder(agrementId: string) {
  return h.tdb.db.plannedReminder.create({
    data: {
      tenantId: h.tenantId,
      agrementId,
      kind: 'agrement.evaluation',
      dueAt: new Date(Date.now() + 100),
    },
  });
}

async function runJob(reminder: { id: string }) {
  await h.deps.outbox.remindersPlanned([reminder.id]);
  await waitFor(
    'reminder sent',
    async () =>
      (await h.tdb.db.plannedReminder.findUniqueOrThrow({ where: { id: reminder.id } })).status ===
      'sent',
  );
}

const surveysFor = (organisationId: string) =>
  h.tdb.db.round.findMany({
    where: { tenantId: h.tenantId, kind: 'survey', invitations: { some: { organisationId } } },
    include: { invitations: true, agrementEvaluation: true },
  });

const sentTo = (address: string, kind: string) =>
  notifier.sent.filter((s) => s.target.address === address && s.message.kind === kind);

it('concerto agrement grille attaches a grid (audited), shows it, and --aucune detaches it', async () => {
  await cli('agrement', 'grille');
  expect(lines.join('\n')).toContain(
    "Aucune grille n'est envoyée à l'étape « Évaluation du projet",
  );
  lines = [];
  await cli('agrement', 'grille', 'evaluation-94');
  expect(lines.join('\n')).toContain('(evaluation-94) attachée au calendrier des agréments');
  lines = [];
  await cli('agrement', 'grille');
  expect(lines.join('\n')).toContain('(evaluation-94).');
  lines = [];
  await cli('agrement', 'grille', '--aucune');
  expect(lines.join('\n')).toContain("Plus aucune grille n'est envoyée");
  expect(lines.join('\n')).toContain("c'était evaluation-94");
  expect(
    (await h.tdb.db.tenant.findUniqueOrThrow({ where: { id: h.tenantId } })).agrementGridId,
  ).toBeNull();
  const events = await h.tdb.db.auditEvent.findMany({
    where: { tenantId: h.tenantId, action: { startsWith: 'agrement.grid_' } },
    orderBy: { at: 'asc' },
  });
  expect(events.map((e) => e.action)).toEqual(['agrement.grid_attached', 'agrement.grid_detached']);
  await expect(
    attachAgrementGrid(h.deps, { tenantId: h.tenantId, gridCode: 'inconnue', actor: CLI_ACTOR }),
  ).rejects.toMatchObject({ code: 'GRID_NOT_FOUND' });
});

it('at the evaluation step the structure receives its grid as a survey round linked to the agrément, once', async () => {
  await attachAgrementGrid(h.deps, {
    tenantId: h.tenantId,
    gridCode: 'evaluation-94',
    actor: CLI_ACTOR,
  });
  const a = await agrementAtEvaluationStep('EVA1');
  const reminder = await dueEvaluationReminder(a.id);
  await runJob(reminder);

  const rounds = await surveysFor(a.organisationId);
  expect(rounds).toHaveLength(1);
  const round = rounds[0]!;
  expect(round.status).toBe('open');
  expect(round.answerMode).toBe('organisation');
  expect(round.invitations.map((i) => i.organisationId)).toEqual([a.organisationId]);
  expect(round.agrementEvaluation).toMatchObject({ agrementId: a.id, step: 'evaluation' });
  // Due a month before the projet social (6 months before the end), 18:00 in Paris.
  const tenant = await h.tdb.db.tenant.findUniqueOrThrow({ where: { id: h.tenantId } });
  const end = a.endDate.toISOString().slice(0, 10);
  expect(round.deadline).toEqual(
    agrementEvaluationDeadline({
      endDate: end,
      offsets: parseAgrementOffsets(tenant.settings),
      now: round.createdAt,
      timezone: 'Europe/Paris',
    }),
  );
  const paris = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
  }).format(round.deadline);
  expect(paris).toBe('18:00');
  expect(localDate(round.deadline, 'Europe/Paris') < addMonths(end, -6)).toBe(true);

  await waitFor('the invitation', () => sentTo('#EVA1', 'round.invitation').length === 1);
  expect(sentTo('#EVA1', 'round.invitation')[0]!.message.title).toContain(
    `Évaluation n° ${round.number}`,
  );
  await waitFor('the reminder', () => sentTo('#EVA1', 'agrement.reminder').length === 1);

  // The same step once more, by hand and by the job on the same row: nothing new.
  const again = await sendAgrementReminder(h.deps, {
    tenantId: h.tenantId,
    agrementId: a.id,
    step: 'evaluation',
    actor: SCHEDULER_ACTOR,
  });
  expect(again).toMatchObject({
    sent: true,
    evaluation: { outcome: 'already_sent', roundNumber: round.number },
  });
  await h.tdb.db.plannedReminder.update({
    where: { id: reminder.id },
    data: { status: 'planned', sentAt: null },
  });
  await h.queues.reminders.remove(reminderJobId(reminder.id, reminder.dueAt));
  await runJob(reminder);
  expect(await surveysFor(a.organisationId)).toHaveLength(1);
  expect(await h.tdb.db.agrementEvaluation.count({ where: { agrementId: a.id } })).toBe(1);
  expect(
    await h.tdb.db.delivery.count({
      where: { kind: 'round.invitation', dedupeKey: { startsWith: `round:${round.id}:` } },
    }),
  ).toBe(1);
  expect(sentTo('#EVA1', 'round.invitation')).toHaveLength(1);

  // The pilot sees it next to the agrément, as the structure answers.
  await cli('agrement', 'show', 'EVA1');
  expect(lines.join('\n')).toContain(
    `évaluation : évaluation n° ${round.number} — rien (aucune réponse)`,
  );
  expect(lines.join('\n')).toContain(`réponses : concerto round export ${round.number}`);
  const respondent = {
    kind: 'contact' as const,
    organisationId: a.organisationId,
    label: 'contact@eva1',
  };
  await saveSurveyAnswer(h.deps, {
    tenantId: h.tenantId,
    roundId: round.id,
    respondent,
    values: { 'case-1-1': 'Un accueil ouvert', 'case-1-2': 'Des ateliers' },
    locale: 'fr',
  });
  lines = [];
  await cli('agrement', 'show', a.id);
  expect(lines.join('\n')).toContain(
    `évaluation : évaluation n° ${round.number} — brouillon, 2 cases sur 16`,
  );
  lines = [];
  await cli('agrements', 'list', '--ending-within', '1a');
  expect(lines.join('\n')).toContain(`évaluation n° ${round.number} — brouillon, 2 cases sur 16`);
  await saveSurveyAnswer(h.deps, {
    tenantId: h.tenantId,
    roundId: round.id,
    respondent,
    values: {},
    finish: true,
    locale: 'fr',
  });
  const views = await agrementEvaluations(h.tdb.db, h.tenantId, [a]);
  expect(views.get(a.id)).toMatchObject({
    roundNumber: round.number,
    answer: { state: 'finished' },
  });
  // The console's page lists the agréments ending within 6 months: look 75 days ahead.
  const later = { ...h.deps, now: () => new Date(Date.now() + 75 * 86_400_000) };
  const html = renderAgrements(
    { title: 'Agréments à renouveler' },
    await consoleAgrements(later, { id: h.tenantId, timezone: 'Europe/Paris' }),
  );
  expect(html).toContain('<th scope="col">Évaluation</th>');
  expect(html).toContain(
    `<a href="/console/consultations/${round.number}">évaluation n° ${round.number} — terminée</a>`,
  );
});

it('a failure after the round was created undoes it with the reminder; the retry creates it once', async () => {
  const a = await agrementAtEvaluationStep('EVA2');
  // Postgres refuses the reminder's audit event: the round and its link were written before it,
  // in the same transaction. A sequence is outside transactions: the first refusal only.
  await h.tdb.db.$executeRawUnsafe(`CREATE SEQUENCE fail_once_seq`);
  await h.tdb.db.$executeRawUnsafe(`
    CREATE FUNCTION fail_reminder_once() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.action = 'agrement.reminded' AND nextval('fail_once_seq') = 1 THEN
        RAISE EXCEPTION 'worker killed mid-job';
      END IF;
      RETURN NEW;
    END $$`);
  await h.tdb.db.$executeRawUnsafe(`
    CREATE TRIGGER fail_reminder_once BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION fail_reminder_once()`);
  try {
    const reminder = await dueEvaluationReminder(a.id);
    await h.deps.outbox.remindersPlanned([reminder.id]);
    const job = await waitFor('the first attempt failed', async () => {
      const j = await h.queues.reminders.getJob(reminderJobId(reminder.id, reminder.dueAt));
      return j && j.attemptsMade >= 1 ? j : undefined;
    });
    expect(job.failedReason).toContain('worker killed mid-job');
    // BullMQ retries it (backoff 2 s): the second attempt goes through.
    await waitFor(
      'reminder sent on retry',
      async () =>
        (await h.tdb.db.plannedReminder.findUniqueOrThrow({ where: { id: reminder.id } }))
          .status === 'sent',
    );
    const rounds = await surveysFor(a.organisationId);
    expect(rounds).toHaveLength(1);
    expect(rounds[0]!.agrementEvaluation).toMatchObject({ agrementId: a.id });
    await waitFor('one invitation', () => sentTo('#EVA2', 'round.invitation').length === 1);
    expect(
      await h.tdb.db.auditEvent.count({
        where: { action: 'round.created', subjectId: rounds[0]!.id },
      }),
    ).toBe(1);
    // No round was left behind by the failed attempt.
    expect(
      await h.tdb.db.round.count({
        where: { tenantId: h.tenantId, createdAt: { gte: a.createdAt } },
      }),
    ).toBe(1);
  } finally {
    await h.tdb.db.$executeRawUnsafe(`DROP TRIGGER fail_reminder_once ON audit_events`);
  }
});

it('without an attached grid the evaluation step sends the reminder only', async () => {
  await attachAgrementGrid(h.deps, { tenantId: h.tenantId, gridCode: null, actor: CLI_ACTOR });
  const a = await agrementAtEvaluationStep('EVA3');
  await runJob(await dueEvaluationReminder(a.id));
  await waitFor('the reminder', () => sentTo('#EVA3', 'agrement.reminder').length === 1);
  expect(await surveysFor(a.organisationId)).toHaveLength(0);
  expect(await h.tdb.db.agrementEvaluation.count({ where: { agrementId: a.id } })).toBe(0);
  lines = [];
  await cli('agrement', 'show', 'EVA3');
  expect(lines.join('\n')).toContain('évaluation : aucune évaluation envoyée');
});

it('a structure with no channel gets no round; the pilots are told', async () => {
  await attachAgrementGrid(h.deps, {
    tenantId: h.tenantId,
    gridCode: 'evaluation-94',
    actor: CLI_ACTOR,
  });
  const a = await agrementAtEvaluationStep('EVA4', { destination: false });
  await runJob(await dueEvaluationReminder(a.id));
  const notice = await waitFor('the pilots told', () =>
    sentTo('#pilotes', 'notice').find((s) => s.message.title.includes('Structure EVA4')),
  );
  expect(notice.message.title).toBe("Grille d'évaluation non envoyée : Structure EVA4");
  expect(notice.message.text.join('\n')).toContain("n'a aucun canal");
  expect(await surveysFor(a.organisationId)).toHaveLength(0);
  const event = await h.tdb.db.auditEvent.findFirstOrThrow({
    where: { action: 'agrement.reminded', subjectId: a.id },
  });
  expect(event.data).toMatchObject({ evaluation: 'unreachable' });
});
