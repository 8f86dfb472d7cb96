import { gridTally } from '../../domain/grid-tally';
import type { Tx } from '../../store/db';
import { surveyResponsesOfRound } from '../../store/repositories/surveys';
import type { SurveyContext } from './survey-context';

/** The results message's figures, from the answers as they are. */
export async function surveyResultsOf(tx: Tx, round: SurveyContext) {
  const responses = await surveyResponsesOfRound(tx, round.id);
  const answers = responses.map((r) => ({ cells: r.cells, author: '' }));
  const tally = gridTally(round.grid_, answers);
  const grid = round.grid_;
  return {
    tally,
    participation: {
      invited: round.answerMode === 'organisation' ? round.invitations.length : null,
      started: responses.filter((r) => r.cells.length > 0 || r.finishedAt).length,
      finished: responses.filter((r) => r.finishedAt).length,
    },
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
