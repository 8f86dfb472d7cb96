import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ACTOR, type Actor } from '../../src/app/deps';
import { importGrid } from '../../src/app/import-grid';
import { cancelRound, closeRound } from '../../src/app/close-round';
import { remindRoundNow } from '../../src/app/remind-round';
import { changeDeadline } from '../../src/app/change-deadline';
import { createAndLaunchSurvey } from '../../src/app/survey/create-survey';
import { getSurveyForm, saveSurveyAnswer } from '../../src/app/survey/answer-survey';
import {
  createParticipantCodes,
  joinSurvey,
  listParticipants,
} from '../../src/app/survey/participants';
import { exportSurvey } from '../../src/app/survey/survey-report';
import { DomainError } from '../../src/domain/errors';
import { chartLinkSigner } from '../../src/app/chart-links';
import { enjeuChartPng } from '../../src/app/enjeu-chart';
import {
  createHarness,
  recordingNotifier,
  seedOrganisations,
  waitFor,
  type Harness,
} from '../queue/support/harness';

const GRID = readFileSync(join(__dirname, '../../src/data/grille-evaluation-94.yaml'), 'utf8');

let h: Harness;
const notifier = recordingNotifier();
beforeAll(async () => {
  h = await createHarness();
  await h.start({ notifiers: { console: notifier } });
  await importGrid(h.deps, {
    tenantId: h.tenantId,
    text: GRID,
    fileName: 'grille.yaml',
    actor: CLI_ACTOR,
  });
});
afterAll(async () => h.close());

async function member(orgCode: string, name: string, role: 'partner' | 'observer' = 'partner') {
  const org = await h.tdb.db.organisation.findFirstOrThrow({
    where: { tenantId: h.tenantId, code: orgCode },
  });
  const m = await h.tdb.db.member.create({
    data: { tenantId: h.tenantId, organisationId: org.id, displayName: name, role },
  });
  return {
    kind: 'member' as const,
    member: { id: m.id, displayName: name, organisationId: org.id, role },
    channel: 'slack' as const,
  };
}

const sentTo = (kind: string, roundTitle: string) =>
  notifier.sent
    .filter((s) => s.message.kind === kind && s.message.title.includes(roundTitle))
    .map((s) => s.target.address)
    .sort();

describe('a survey round answered per organisation, on the consultation machinery', () => {
  it('invites, saves drafts per level, refuses bad cells, reminds who has not finished, closes with results and exports', async () => {
    await seedOrganisations(h, ['EV1', 'EV2', 'EV3']);
    const { created, launched } = await createAndLaunchSurvey(h.deps, {
      tenantId: h.tenantId,
      gridCode: 'evaluation-94',
      answerMode: 'organisation',
      organisations: { codes: ['EV1', 'EV2', 'EV3'] },
      deadline: new Date(Date.now() + 3 * 86_400_000),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    const n = created.round.number;
    const title = `Évaluation n° ${n}`;
    expect(launched.deliveryIds).toHaveLength(3);
    await waitFor('3 invitations', async () => sentTo('round.invitation', title).length === 3);
    const invitation = notifier.sent.find((s) => s.message.kind === 'round.invitation')!.message;
    expect(invitation.actions).toEqual([
      expect.objectContaining({ type: 'avis.open', label: 'Remplir la grille' }),
    ]);
    expect(invitation.text.join('\n')).toContain('4 niveaux × 4 questions');

    const alice = await member('EV1', 'Alice Martin');
    const bob = await member('EV2', 'Bob Durand');
    const olga = await member('EV3', 'Olga', 'observer');
    const roundId = created.round.id;
    const save = (
      respondent: Parameters<typeof saveSurveyAnswer>[1]['respondent'],
      values: Record<string, string>,
      finish?: boolean,
    ) =>
      saveSurveyAnswer(h.deps, {
        tenantId: h.tenantId,
        roundId,
        respondent,
        values,
        locale: 'fr',
        ...(finish !== undefined ? { finish } : {}),
      });

    // Level 1 only, as a Slack modal sends it: a draft.
    const first = await save(alice, {
      'case-1-1': 'Les effets sur les habitants',
      'note-1-1': '3',
      'case-1-2': '',
    });
    expect(first.saved).toBe(true);
    expect(first.state).toBe('draft');
    expect(first.view.progress).toEqual({ filled: 1, total: 16 });
    // A contribution too long and a rating off the scale: nothing saved, errors under their fields.
    const bad = await save(alice, {
      'case-2-1': 'x'.repeat(1001),
      'note-2-2': '9',
      'case-2-3': 'gardé ?',
    });
    expect(bad.saved).toBe(false);
    expect(bad.view.errors.map((e) => e.field).sort()).toEqual(['case-2-1', 'note-2-2']);
    expect(bad.view.errors[0]!.text).toMatch(/1001 caractères : 1000 au plus/);
    const form = await getSurveyForm(h.deps, {
      tenantId: h.tenantId,
      roundId,
      respondent: alice,
      locale: 'fr',
    });
    expect(form.view.progress.filled).toBe(1);
    expect(form.view.levels[0]!.fields[0]!.text).toBe('Les effets sur les habitants');
    // Emptying a cell clears it, with its history kept.
    await save(alice, { 'case-1-1': '', 'note-1-1': '' });
    expect(
      (
        await getSurveyForm(h.deps, {
          tenantId: h.tenantId,
          roundId,
          respondent: alice,
          locale: 'fr',
        })
      ).view.progress.filled,
    ).toBe(0);
    await save(alice, { 'case-1-1': 'Les effets, à nouveau', 'note-1-1': '4' });
    expect(
      await h.tdb.db.surveyCellHistory.count({
        where: { level: 1, question: 1, response: { roundId } },
      }),
    ).toBe(3);

    // Bob finishes; the observer may not answer.
    const done = await save(bob, { 'case-1-1': 'Les usages', 'note-1-1': '2' }, true);
    expect(done.state).toBe('finished');
    await expect(save(olga, { 'case-1-1': 'non' })).rejects.toMatchObject({
      code: 'SURVEY_NOT_ALLOWED',
    });

    // « relancer »: EV1 (draft) and EV3 (nothing) are reminded, EV2 (finished) is not.
    notifier.sent.length = 0;
    const reminded = await remindRoundNow(h.deps, {
      tenantId: h.tenantId,
      roundId,
      actor: CLI_ACTOR,
    });
    expect(reminded.reminded.sort()).toEqual(['EV1', 'EV3']);
    await waitFor(
      '2 reminders',
      async () => sentTo('round.reminder', `évaluation n° ${n}`).length === 2,
    );
    const texts = notifier.sent
      .filter((s) => s.message.kind === 'round.reminder')
      .map((s) => s.message.text[0]);
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringContaining('brouillon'),
        expect.stringContaining('pas encore rempli'),
      ]),
    );

    // A new deadline is announced to the three organisations.
    notifier.sent.length = 0;
    await changeDeadline(h.deps, {
      tenantId: h.tenantId,
      roundId,
      deadline: new Date(Date.now() + 5 * 86_400_000),
      actor: CLI_ACTOR,
    });
    await waitFor(
      '3 announcements',
      async () => notifier.sent.filter((s) => s.message.kind === 'round.announcement').length === 3,
    );

    // The close: results to the organisations and the pilots; no more saves.
    notifier.sent.length = 0;
    const closed = await closeRound(h.deps, { tenantId: h.tenantId, roundId, actor: CLI_ACTOR });
    expect('figures' in closed && closed.figures.participation).toEqual({
      invited: 3,
      started: 2,
      finished: 1,
    });
    await waitFor(
      'results',
      async () => sentTo('round.results', `évaluation n° ${n}`).length === 4,
    );
    const results = notifier.sent.find((s) => s.message.kind === 'round.results')!.message;
    expect(results.text[0]).toBe('1 organisation sur 3 a terminé la grille, 1 en brouillon.');
    expect(results.sections[0]!.text).toContain(
      'Que regarde-t-on ? : 2 contributions, note moyenne 3 sur 4',
    );
    await expect(save(alice, { 'case-1-1': 'trop tard' })).rejects.toMatchObject({
      code: 'SURVEY_NOT_OPEN',
    });
    // A pilot's action refused on a closed evaluation names an evaluation, not a consultation.
    await expect(
      remindRoundNow(h.deps, { tenantId: h.tenantId, roundId, actor: CLI_ACTOR }),
    ).rejects.toThrow(`L’évaluation n° ${n} n'est pas ouverte : pas de relance.`);
    await expect(
      changeDeadline(h.deps, {
        tenantId: h.tenantId,
        roundId,
        deadline: new Date(Date.now() + 6 * 86_400_000),
        actor: CLI_ACTOR,
      }),
    ).rejects.toThrow(
      `L’évaluation n° ${n} est close ou annulée : sa date limite ne peut plus changer.`,
    );

    const { files, report } = await exportSurvey(h.deps, {
      tenantId: h.tenantId,
      round: String(n),
      formats: ['csv', 'xlsx', 'pdf', 'md'],
    });
    expect(files.map((f) => f.filename)).toEqual([
      `evaluation-${n}.csv`,
      `evaluation-${n}.xlsx`,
      `evaluation-${n}.pdf`,
      `evaluation-${n}.md`,
    ]);
    expect(String(files[0]!.body)).toContain('Alice Martin');
    expect(report.tally.cells.find((c) => c.level === 1 && c.question === 1)!.mean).toBe(3);
  });
});

describe('a survey round answered per person, from the event link and codes', () => {
  it('gives codes per table, lets participants join (anonymously: no name kept), save and finish', async () => {
    const { created } = await createAndLaunchSurvey(h.deps, {
      tenantId: h.tenantId,
      gridCode: 'evaluation-94',
      answerMode: 'person',
      anonymous: true,
      deadline: new Date(Date.now() + 86_400_000),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    const n = String(created.round.number);
    const eventCode = created.round.eventCode!;
    expect(eventCode).toMatch(/^[a-z0-9]{12}$/);
    const table = await createParticipantCodes(h.deps, {
      tenantId: h.tenantId,
      round: n,
      table: 'Table 1',
      count: 6,
      actor: CLI_ACTOR as Actor,
    });
    expect(table.codes).toHaveLength(6);
    expect(table.codes[0]).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await expect(
      createParticipantCodes(h.deps, {
        tenantId: h.tenantId,
        round: n,
        table: 'x',
        count: 0,
        actor: CLI_ACTOR,
      }),
    ).rejects.toMatchObject({ code: 'SURVEY_PARTICIPANTS_COUNT' });

    // Typed in lower case without the dash; a name given is not kept (anonymous round).
    const joined = await joinSurvey(h.deps, {
      eventCode,
      code: table.codes[0]!.replace('-', '').toLowerCase(),
      name: 'Zoé',
    });
    expect(joined.participant.name).toBeNull();
    expect(
      (await h.tdb.db.surveyParticipant.findFirstOrThrow({ where: { id: joined.participant.id } }))
        .name,
    ).toBeNull();
    await expect(joinSurvey(h.deps, { eventCode, code: 'AAAA-AAAA' })).rejects.toBeInstanceOf(
      DomainError,
    );
    await expect(
      joinSurvey(h.deps, { eventCode: 'zzzzzzzzzzzz', code: table.codes[0]! }),
    ).rejects.toMatchObject({ code: 'SURVEY_EVENT_NOT_FOUND' });

    const respondent = {
      kind: 'participant' as const,
      participantId: joined.participant.id,
      label: null,
    };
    const saved = await saveSurveyAnswer(h.deps, {
      tenantId: h.tenantId,
      roundId: created.round.id,
      respondent,
      values: { 'case-2-4': 'Avec les habitants', 'note-2-4': '1' },
      finish: true,
      locale: 'fr',
    });
    expect(saved.state).toBe('finished');
    // A member cannot answer a per-person survey.
    await seedOrganisations(h, ['EVP']);
    const m = await member('EVP', 'Paul');
    await expect(
      saveSurveyAnswer(h.deps, {
        tenantId: h.tenantId,
        roundId: created.round.id,
        respondent: m,
        values: {},
        locale: 'fr',
      }),
    ).rejects.toMatchObject({ code: 'SURVEY_NOT_PER_ORGANISATION' });

    const list = await listParticipants(h.deps, { tenantId: h.tenantId, round: n });
    expect(list.participants.filter((p) => p.state === 'finished')).toHaveLength(1);
    const { report } = await exportSurvey(h.deps, {
      tenantId: h.tenantId,
      round: n,
      formats: ['csv'],
    });
    expect(report.answers).toEqual([expect.objectContaining({ author: '', finished: true })]);
  });
});

describe('a survey round cancelled', () => {
  it('announces the cancellation in each invitation thread and to the pilots, in the words of an evaluation', async () => {
    await seedOrganisations(h, ['EC1', 'EC2']);
    const { created } = await createAndLaunchSurvey(h.deps, {
      tenantId: h.tenantId,
      gridCode: 'evaluation-94',
      answerMode: 'organisation',
      organisations: { codes: ['EC1', 'EC2'] },
      deadline: new Date(Date.now() + 86_400_000),
      reminderSchedule: ['P2D', 'morning'],
      actor: CLI_ACTOR,
    });
    notifier.sent.length = 0;
    const r = await cancelRound(h.deps, {
      tenantId: h.tenantId,
      roundId: created.round.id,
      actor: CLI_ACTOR,
    });
    expect(r.cancelledReminders.length).toBeGreaterThan(0);
    const title = `Évaluation n° ${created.round.number} annulée`;
    await waitFor(
      '3 announcements',
      async () => notifier.sent.filter((s) => s.message.title === title).length === 3,
    );
    expect(notifier.sent.find((s) => s.message.title === title)!.message.text[0]).toContain(
      'il n’y a plus de grille à remplir',
    );
  });
});

describe('the heat map of an evaluation in its results message', () => {
  it('links a signed PNG of the grid once the results are out, and not before', async () => {
    await seedOrganisations(h, ['EH1']);
    const signer = chartLinkSigner({
      key: Buffer.alloc(32, 7),
      publicUrl: 'https://concerto.example',
    });
    const deps = { ...h.deps, chartLinks: signer };
    const { created } = await createAndLaunchSurvey(deps, {
      tenantId: h.tenantId,
      gridCode: 'evaluation-94',
      answerMode: 'organisation',
      organisations: { codes: ['EH1'] },
      deadline: new Date(Date.now() + 86_400_000),
      reminderSchedule: 'aucun',
      actor: CLI_ACTOR,
    });
    const roundId = created.round.id;
    const target = { tenantId: h.tenantId, roundId, enjeuId: roundId };
    await expect(enjeuChartPng(deps, target)).rejects.toMatchObject({
      code: 'RESULTS_NOT_VISIBLE',
    });
    const m = await member('EH1', 'Hélène');
    await saveSurveyAnswer(deps, {
      tenantId: h.tenantId,
      roundId,
      respondent: m,
      values: { 'case-1-1': 'Oui', 'note-1-1': '4' },
      finish: true,
      locale: 'fr',
    });
    notifier.sent.length = 0;
    await closeRound(deps, { tenantId: h.tenantId, roundId, actor: CLI_ACTOR });
    await waitFor('results', async () =>
      notifier.sent.some((s) => s.message.kind === 'round.results'),
    );
    const results = notifier.sent.find((s) => s.message.kind === 'round.results')!.message;
    const chart = results.sections[0]!.chart!;
    expect(chart.alt).toContain('Carte de chaleur');
    const file = chart.url.split('/').pop()!;
    expect(signer.verify(file)).toEqual(target);
    const png = await enjeuChartPng(deps, signer.verify(file));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});
