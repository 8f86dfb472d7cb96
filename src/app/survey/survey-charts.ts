import { DomainError } from '../../domain/errors';
import { resultsOut } from '../../domain/roles';
import { gridHeatmap } from '../../reports/grid-heatmap';
import { chartPng } from '../../reports/chart-png';
import type { AppDeps } from '../deps';
import { loadSurveyContext, type SurveyContext } from './survey-context';
import { surveyResultsOf } from './survey-results';

/**
 * The heat map of a survey's grid in results messages: the same signed chart links as an enjeu's
 * chart (app/chart-links.ts), the round's own id standing for « the whole grid ». Undefined when
 * the deployment has no public address (the message keeps its text).
 */
export function heatmapChartLink(
  deps: Pick<AppDeps, 'chartLinks'>,
  round: { id: string; tenantId: string; grid_: SurveyContext['grid_'] },
): { url: string; alt: string } | undefined {
  const links = deps.chartLinks;
  if (!links) return undefined;
  return {
    url: links.url({ tenantId: round.tenantId, roundId: round.id, enjeuId: round.id }),
    alt: `Carte de chaleur : ${round.grid_.title}`,
  };
}

/** The heat map PNG of a survey whose results are out (closed, or shown during the round). */
export async function surveyHeatmapPng(
  deps: AppDeps,
  o: { tenantId: string; roundId: string },
): Promise<Buffer> {
  const round = await loadSurveyContext(deps.db, o.tenantId, o.roundId);
  if (!resultsOut(round)) throw new DomainError('RESULTS_NOT_VISIBLE', { number: round.number });
  const { tally } = await surveyResultsOf(deps.db, round);
  return chartPng(gridHeatmap(round.grid_, tally.cells).svg, { scale: 2 });
}
