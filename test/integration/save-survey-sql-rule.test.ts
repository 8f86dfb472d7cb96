import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDomainError } from '../../src/domain/errors';
import { parseGridFile } from '../../src/domain/grid';
import { assertSurveyTakesAnswers } from '../../src/domain/survey';
import type { RoundStatus } from '../../src/domain/types';
import { saveSurveyRow } from '../../src/store/repositories/surveys';
import { createTestDb, type TestDb } from '../support/db';

/**
 * The one-statement save of a survey's cells (concerto_save_survey, called by
 * store/repositories/surveys.ts saveSurveyRow) applies in SQL the round's state rule that the
 * domain words in TypeScript (domain/survey.ts assertSurveyTakesAnswers: open, before the
 * deadline). These cases check that it refuses exactly what that rule refuses, and writes nothing
 * when it does; who may answer is checked before (app/survey/answer-survey.ts).
 */
let t: TestDb;
const NOW = new Date('2026-12-06T10:00:00Z');
const grid = parseGridFile(
  readFileSync(join(__dirname, '../../src/data/grille-evaluation-94.yaml'), 'utf8'),
  'grille.yaml',
);
let tenantId: string;
let number = 0;

beforeAll(async () => {
  t = await createTestDb();
  tenantId = (await t.db.tenant.create({ data: { code: '94', name: 'Caf' } })).id;
});
afterAll(async () => t.drop());

const STATUSES: RoundStatus[] = ['draft', 'open', 'closed', 'cancelled'];
const DEADLINES = {
  'in a week': new Date('2026-12-13T17:00:00Z'),
  'this very moment': NOW,
  'a minute ago': new Date('2026-12-06T09:59:00Z'),
};

describe('concerto_save_survey refuses what assertSurveyTakesAnswers refuses', () => {
  for (const status of STATUSES)
    for (const [when, deadline] of Object.entries(DEADLINES))
      it(`${status} round, deadline ${when}`, async () => {
        number += 1;
        const round = await t.db.round.create({
          data: {
            tenantId,
            number,
            kind: 'survey',
            gridSnapshot: grid as never,
            answerMode: 'person',
            status,
            deadline,
            reminderSchedule: [],
          },
        });
        const participant = await t.db.surveyParticipant.create({
          data: { tenantId, roundId: round.id, code: `CODE${String(number).padStart(4, '0')}` },
        });
        let expected: string | undefined;
        try {
          assertSurveyTakesAnswers({ number, status, deadline, now: NOW });
        } catch (e) {
          if (!isDomainError(e)) throw e;
          expected = (e.params as { status: string }).status;
        }
        const row = await saveSurveyRow(t.db, {
          tenantId,
          roundId: round.id,
          organisationId: null,
          participantId: participant.id,
          cells: [{ level: 1, question: 1, text: 'Une contribution', rating: 3 }],
          finish: null,
          givenByMemberId: null,
          givenByLabel: null,
          channel: 'web',
          now: NOW,
          eventCode: null,
        });
        expect(row.refused).toBe(expected);
        const cells = await t.db.surveyCell.count({ where: { response: { roundId: round.id } } });
        expect(cells).toBe(expected ? 0 : 1);
        const responses = await t.db.surveyResponse.count({ where: { roundId: round.id } });
        expect(responses).toBe(expected ? 0 : 1);
      });

  it('refuses another Caf’s round as not found, writing nothing', async () => {
    const other = await t.db.tenant.create({ data: { code: '75', name: 'Caf de Paris' } });
    number += 1;
    const round = await t.db.round.create({
      data: {
        tenantId,
        number,
        kind: 'survey',
        gridSnapshot: grid as never,
        answerMode: 'person',
        status: 'open',
        deadline: DEADLINES['in a week'],
        reminderSchedule: [],
      },
    });
    const p = await t.db.surveyParticipant.create({
      data: { tenantId, roundId: round.id, code: 'OTHERCAF' },
    });
    const row = await saveSurveyRow(t.db, {
      tenantId: other.id,
      roundId: round.id,
      organisationId: null,
      participantId: p.id,
      cells: [{ level: 1, question: 1, text: 'x', rating: null }],
      finish: true,
      givenByMemberId: null,
      givenByLabel: null,
      channel: 'web',
      now: NOW,
      eventCode: null,
    });
    expect(row.refused).toBe('not_found');
    expect(await t.db.surveyResponse.count({ where: { roundId: round.id } })).toBe(0);
  });
});

describe('concerto_save_survey checks the participant of an event page in the same statement', () => {
  const setup = async (anonymous: boolean) => {
    number += 1;
    const round = await t.db.round.create({
      data: {
        tenantId,
        number,
        kind: 'survey',
        gridSnapshot: grid as never,
        answerMode: 'person',
        anonymous,
        eventCode: `EVT${number}`,
        status: 'open',
        deadline: DEADLINES['in a week'],
        reminderSchedule: [],
      },
    });
    const participant = await t.db.surveyParticipant.create({
      data: { tenantId, roundId: round.id, code: `P${number}`, name: 'Zoé Martin' },
    });
    return { round, participant };
  };
  const save = (roundId: string, participantId: string, eventCode: string) =>
    saveSurveyRow(t.db, {
      tenantId,
      roundId,
      organisationId: null,
      participantId,
      cells: [{ level: 1, question: 1, text: 'Sur place', rating: 2 }],
      finish: null,
      givenByMemberId: null,
      givenByLabel: null,
      channel: 'web',
      now: NOW,
      eventCode,
    });

  it('saves for that event’s participant, under their name', async () => {
    const { round, participant } = await setup(false);
    const row = await save(round.id, participant.id, `EVT${number}`);
    expect(row.refused).toBeUndefined();
    const history = await t.db.surveyCellHistory.findMany({
      where: { response: { roundId: round.id } },
    });
    expect(history.map((h) => h.givenByLabel)).toEqual(['Zoé Martin']);
  });

  it('keeps no name when the round is anonymous', async () => {
    const { round, participant } = await setup(true);
    expect((await save(round.id, participant.id, `EVT${number}`)).refused).toBeUndefined();
    const history = await t.db.surveyCellHistory.findMany({
      where: { response: { roundId: round.id } },
    });
    expect(history.map((h) => h.givenByLabel)).toEqual([null]);
  });

  it('refuses another event’s code, or a participant of another round, writing nothing', async () => {
    const a = await setup(false);
    const b = await setup(false);
    expect((await save(a.round.id, a.participant.id, `EVT${number}`)).refused).toBe('participant');
    expect((await save(a.round.id, b.participant.id, `EVT${number - 1}`)).refused).toBe(
      'participant',
    );
    expect(
      await t.db.surveyResponse.count({ where: { roundId: { in: [a.round.id, b.round.id] } } }),
    ).toBe(0);
  });
});
