import { DomainError } from '../../domain/errors';
import { gridCells, type Grid } from '../../domain/grid';
import {
  gridFieldName,
  gridFormView,
  gridProgress,
  readGridAnswer,
  type GridAnswerCell,
  type GridFormView,
} from '../../domain/grid-answer';
import {
  assertMayAnswerForOrganisation,
  assertSurveyTakesAnswers,
  surveyAnswerState,
  type SurveyAnswerState,
} from '../../domain/survey';
import type { Locale } from '../../domain/types';
import type { Tx } from '../../store/db';
import {
  saveSurveyRow,
  surveyResponseOf,
  surveyRoundDefinition,
} from '../../store/repositories/surveys';
import type { AppDeps } from '../deps';
import { surveyOf } from './survey-context';

/**
 * Who fills in a survey's grid: a member of an invited organisation (Slack, Teams, the tab), an
 * organisation's e-mail contact from a personal link (the token binds the organisation), or a
 * participant of an event from their code (per person).
 */
export type SurveyRespondent =
  | {
      kind: 'member';
      member: { id: string; displayName: string; organisationId: string | null; role: string };
      channel: 'slack' | 'teams' | 'console';
    }
  | { kind: 'contact'; organisationId: string; label: string }
  | {
      kind: 'participant';
      participantId: string;
      label: string | null;
      /**
       * From the event's page with the participant of a signed session, not read before: the
       * save checks in its one statement that they are still that event's participant (their
       * label is then their name, unless the round is anonymous).
       */
      eventCode?: string;
    };

/** A linked member (Slack, Teams, the tab) as a survey's respondent. */
export function memberRespondent(
  m: { id: string; displayName: string; organisationId: string | null; role: string },
  channel: 'slack' | 'teams' | 'console',
): SurveyRespondent {
  return {
    kind: 'member',
    member: {
      id: m.id,
      displayName: m.displayName,
      organisationId: m.organisationId,
      role: m.role,
    },
    channel,
  };
}

export interface SurveyFormResult {
  round: { id: string; number: number; deadline: Date; status: string };
  grid: Grid;
  view: GridFormView;
  state: SurveyAnswerState;
  /** The respondent may save (the round is open, before its deadline, and they may answer). */
  refusal?: DomainError;
}

function keyOf(tenantId: string, roundId: string, r: SurveyRespondent) {
  if (r.kind === 'participant') return { tenantId, roundId, participantId: r.participantId };
  const organisationId = r.kind === 'member' ? r.member.organisationId : r.organisationId;
  return { tenantId, roundId, organisationId: organisationId ?? '' };
}

async function checkRespondent(
  tx: Tx,
  round: { id: string; number: number; answerMode: 'organisation' | 'person' },
  r: SurveyRespondent,
) {
  if (round.answerMode === 'person') {
    if (r.kind !== 'participant')
      throw new DomainError('SURVEY_NOT_PER_ORGANISATION', { number: round.number });
    return;
  }
  if (r.kind === 'participant')
    throw new DomainError('SURVEY_NOT_PER_PERSON', { number: round.number });
  const organisationId = r.kind === 'member' ? r.member.organisationId : r.organisationId;
  const invited =
    !!organisationId &&
    (await tx.invitation.count({ where: { roundId: round.id, organisationId } })) > 0;
  assertMayAnswerForOrganisation({
    number: round.number,
    organisationInvited: invited,
    memberOfOrganisation: !!organisationId,
    role: r.kind === 'member' ? r.member.role : 'partner',
  });
}

/** The grid as this respondent fills it in: their saved cells, where they stand, and whether they may save. */
export async function getSurveyForm(
  deps: Pick<AppDeps, 'db' | 'now'>,
  o: { tenantId: string; roundId: string; respondent: SurveyRespondent; locale: Locale },
): Promise<SurveyFormResult> {
  const row = await deps.db.round.findFirst({ where: { id: o.roundId, tenantId: o.tenantId } });
  if (!row) throw new DomainError('ROUND_NOT_FOUND');
  const round = surveyOf(row);
  await checkRespondent(deps.db, round, o.respondent);
  const response = await surveyResponseOf(deps.db, keyOf(o.tenantId, round.id, o.respondent));
  const cells: GridAnswerCell[] = (response?.cells ?? []).map((c) => ({
    level: c.level,
    question: c.question,
    text: c.text,
    rating: c.rating,
  }));
  let refusal: DomainError | undefined;
  try {
    assertSurveyTakesAnswers({ ...round, now: deps.now() });
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    refusal = e;
  }
  return {
    round: { id: round.id, number: round.number, deadline: round.deadline, status: round.status },
    grid: round.grid_,
    view: gridFormView(round.grid_, { cells, locale: o.locale }),
    state: surveyAnswerState({
      filled: gridProgress(round.grid_, cells).filled,
      finishedAt: response?.finishedAt ?? null,
    }),
    ...(refusal ? { refusal } : {}),
  };
}

export interface SaveSurveyResult {
  /** False when a field was refused: nothing was saved, the view shows the errors and the values as typed. */
  saved: boolean;
  changed: number;
  view: GridFormView;
  state: SurveyAnswerState;
  round: { id: string; number: number };
}

/**
 * Saves what a respondent typed in the grid (all of it, or one level's fields: only the fields
 * present in `values` are written; one left empty clears its cell). `finish` marks the answer
 * finished (true) or back to a draft (false); absent, it stays as it was. A refused field saves
 * nothing and comes back under its field, as typed. Same rules on every channel.
 */
export async function saveSurveyAnswer(
  deps: Pick<AppDeps, 'db' | 'now'>,
  o: {
    tenantId: string;
    roundId: string;
    respondent: SurveyRespondent;
    values: Record<string, string | undefined>;
    finish?: boolean;
    locale: Locale;
  },
): Promise<SaveSurveyResult> {
  const now = deps.now();
  const round = await surveyDefinition(deps, o.tenantId, o.roundId);
  await checkRespondent(deps.db, round, o.respondent);
  const grid = round.grid_;
  const { cells, errors } = readGridAnswer(grid, o.values);
  const key = keyOf(o.tenantId, round.id, o.respondent);
  if (errors.length > 0) {
    // Refused as a closed round would be first; otherwise the errors, under their fields.
    const state = await deps.db.round.findFirstOrThrow({
      where: { id: round.id },
      select: { status: true, deadline: true },
    });
    assertSurveyTakesAnswers({ number: round.number, ...state, now });
    const current = await surveyResponseOf(deps.db, key);
    const saved = (current?.cells ?? []).map((c) => ({ ...c }));
    return {
      saved: false,
      changed: 0,
      view: gridFormView(grid, { cells: saved, errors, typed: o.values, locale: o.locale }),
      state: surveyAnswerState({
        filled: gridProgress(grid, saved).filled,
        finishedAt: current?.finishedAt ?? null,
      }),
      round: { id: round.id, number: round.number },
    };
  }
  // The fields present in the form: a cell among them but not in `cells` was emptied.
  const byCell = new Map(cells.map((c) => [`${c.level}.${c.question}`, c]));
  const writes = gridCells(grid)
    .filter(
      (c) =>
        o.values[gridFieldName('text', c.level, c.question)] !== undefined ||
        o.values[gridFieldName('rating', c.level, c.question)] !== undefined,
    )
    .map(
      (c) =>
        byCell.get(`${c.level}.${c.question}`) ?? {
          level: c.level,
          question: c.question,
          text: '',
          rating: null,
        },
    );
  const r = o.respondent;
  const row = await saveSurveyRow(deps.db, {
    tenantId: o.tenantId,
    roundId: round.id,
    organisationId: key.organisationId ?? null,
    participantId: key.participantId ?? null,
    cells: writes,
    finish: o.finish ?? null,
    givenByMemberId: r.kind === 'member' ? r.member.id : null,
    givenByLabel: r.kind === 'member' ? r.member.displayName : r.label,
    channel: r.kind === 'member' ? r.channel : r.kind === 'contact' ? 'email' : 'web',
    now,
    eventCode: r.kind === 'participant' ? (r.eventCode ?? null) : null,
  });
  if (row.refused === 'not_found') throw new DomainError('ROUND_NOT_FOUND');
  if (row.refused === 'participant') throw new DomainError('SURVEY_CODE_UNKNOWN');
  if (row.refused)
    throw new DomainError('SURVEY_NOT_OPEN', { number: row.number, status: row.refused });
  const all: GridAnswerCell[] = row.cells.map(([level, question, text, rating]) => ({
    level,
    question,
    text,
    rating,
  }));
  return {
    saved: true,
    changed: row.changed,
    view: gridFormView(grid, { cells: all, locale: o.locale }),
    state: surveyAnswerState({
      filled: gridProgress(grid, all).filled,
      finishedAt: row.finishedAt ? new Date(row.finishedAt) : null,
    }),
    round: { id: round.id, number: round.number },
  };
}

/**
 * A survey round's kind, mode, number and grid snapshot: they never change once the round is
 * created, so the last rounds read are kept (the saves of an event read them 300 times a
 * minute). Its state and deadline are read under the lock, by the save itself.
 */
const DEFINITIONS = new Map<string, ReturnType<typeof surveyOf<SurveyDefinitionRow>>>();
type SurveyDefinitionRow = NonNullable<Awaited<ReturnType<typeof surveyRoundDefinition>>>;

export async function surveyDefinition(
  deps: Pick<AppDeps, 'db'>,
  /** null: the round of a signed participant session (its id was signed with its Caf's). */
  tenantId: string | null,
  roundId: string,
) {
  const cached = DEFINITIONS.get(roundId);
  if (cached && (tenantId === null || cached.tenantId === tenantId)) return cached;
  const row = await surveyRoundDefinition(deps.db, tenantId, roundId);
  if (!row) throw new DomainError('ROUND_NOT_FOUND');
  const round = surveyOf(row);
  DEFINITIONS.set(roundId, round);
  if (DEFINITIONS.size > 256) DEFINITIONS.delete(DEFINITIONS.keys().next().value!);
  return round;
}
