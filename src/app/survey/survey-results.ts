import { gridTally } from '../../domain/grid-tally';
import type { Tx } from '../../store/db';
import { surveyAnswerState, type SurveyAnswerState } from '../../domain/survey';
import { surveyResponseCounts, surveyResponsesOfRound } from '../../store/repositories/surveys';
import type { SurveyContext } from './survey-context';

/** The results message's figures, from the answers as they are. */
export async function surveyResultsOf(tx: Tx, round: SurveyContext) {
  const responses = await surveyResponsesOfRound(tx, round.id);
  const answers = responses.map((r) => ({ cells: r.cells, author: '' }));
  const tally = gridTally(round.grid_, answers);
  const grid = round.grid_;
  return {
    tally,
    participation: participationOf(
      round,
      responses.map((r) => surveyAnswerState({ filled: r.cells.length, finishedAt: r.finishedAt })),
    ),
    levels: grid.levels.map((l) => ({
      label: l.label,
      cells: grid.questions.map((q) => {
        const c = tally.cells.find((t) => t.level === l.position && t.question === q.position);
        return {
          question: q.label,
          contributions: c?.contributions ?? 0,
          mean: c?.mean ?? null,
        };
      }),
    })),
  };
}

/**
 * An evaluation's participation from its responses' cell counts (no contribution read): how
 * many were invited (per organisation), started and finished, and each response's state.
 */
export async function surveyParticipation(tx: Tx, round: ParticipationRound & { id: string }) {
  const rows = await surveyResponseCounts(tx, round.id);
  const responses = rows.map((r) => ({
    organisationId: r.organisationId,
    participantId: r.participantId,
    filled: r._count.cells,
    state: surveyAnswerState({ filled: r._count.cells, finishedAt: r.finishedAt }),
  }));
  return {
    ...participationOf(
      round,
      responses.map((r) => r.state),
    ),
    responses,
  };
}

type ParticipationRound = { answerMode: 'organisation' | 'person'; invitations: unknown[] };

/** Invited (per organisation only), started and finished, from each response's state. */
function participationOf(round: ParticipationRound, states: SurveyAnswerState[]) {
  return {
    invited: round.answerMode === 'organisation' ? round.invitations.length : null,
    started: states.filter((s) => s !== 'not_started').length,
    finished: states.filter((s) => s === 'finished').length,
  };
}

/**
 * Each invited organisation with where its answer stands and how many cells it filled, by name:
 * from surveyParticipation's responses (status, « statut », the chat lists, the reminders).
 */
export function invitedOrganisationStates(
  round: {
    invitations: { organisationId: string; organisation: { code: string; name: string } }[];
  },
  responses: { organisationId: string | null; state: SurveyAnswerState; filled: number }[],
) {
  const byOrg = new Map(
    responses.flatMap((r) => (r.organisationId ? [[r.organisationId, r] as const] : [])),
  );
  return round.invitations
    .map((i) => {
      const r = byOrg.get(i.organisationId);
      return {
        id: i.organisationId,
        code: i.organisation.code,
        name: i.organisation.name,
        state: r?.state ?? ('not_started' as const),
        filled: r?.filled ?? 0,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}
