import { surveyAnswerState, type SurveyAnswerState } from '../../domain/survey';
import { gridCells } from '../../domain/grid';
import { surveyParticipantsOfRound } from '../../store/repositories/surveys';
import type { AppDeps } from '../deps';
import { findRound } from '../lookup';
import { loadSurveyContext } from './survey-context';
import { invitedOrganisationStates, surveyParticipation } from './survey-results';

/** Where one invited organisation's answer stands. */
export interface SurveyOrganisationState {
  code: string;
  name: string;
  state: SurveyAnswerState;
  /** Cells filled (a text or a rating). */
  filled: number;
}

/** One table of a per-person survey: its codes, and how many were used, started, finished. */
export interface SurveyTableState {
  table: string;
  codes: number;
  joined: number;
  started: number;
  finished: number;
}

/**
 * A survey's participation as the pilots follow it (`concerto round status`, the console):
 * per organisation the state of its answer, or per person the counts table by table.
 */
export async function getSurveyStatus(deps: AppDeps, o: { tenantId: string; round: string }) {
  const ref = await findRound(deps.db, o.tenantId, o.round);
  const round = await loadSurveyContext(deps.db, o.tenantId, ref.id);
  const total = gridCells(round.grid_).length;
  const { started, finished, responses } = await surveyParticipation(deps.db, round);
  const header = {
    id: round.id,
    number: round.number,
    status: round.status,
    deadline: round.deadline,
    timezone: round.tenant.timezone,
    answerMode: round.answerMode,
    anonymous: round.anonymous,
    eventCode: round.eventCode,
    grid: round.grid_,
    gridCode: round.grid?.code ?? round.grid_.code,
  };
  if (round.answerMode === 'organisation') {
    const organisations: SurveyOrganisationState[] = invitedOrganisationStates(round, responses);
    return {
      round: header,
      total,
      participation: { invited: organisations.length, started, finished },
      organisations,
      tables: null,
    };
  }
  const participants = await surveyParticipantsOfRound(deps.db, round.id);
  const tables = new Map<string, SurveyTableState>();
  for (const p of participants) {
    const t = tables.get(p.tableLabel) ?? {
      table: p.tableLabel,
      codes: 0,
      joined: 0,
      started: 0,
      finished: 0,
    };
    t.codes += 1;
    if (p.firstSeenAt) t.joined += 1;
    const state = surveyAnswerState({
      filled: p.response?._count.cells ?? 0,
      finishedAt: p.response?.finishedAt ?? null,
    });
    if (state === 'finished') t.finished += 1;
    else if (state === 'draft') t.started += 1;
    tables.set(p.tableLabel, t);
  }
  return {
    round: header,
    total,
    participation: { invited: null, started, finished },
    organisations: null,
    tables: [...tables.values()].sort((a, b) => a.table.localeCompare(b.table, 'fr')),
  };
}
export type SurveyStatus = Awaited<ReturnType<typeof getSurveyStatus>>;
