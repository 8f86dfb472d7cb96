import { DomainError } from '../domain/errors';
import { resultsOut } from '../domain/roles';
import type { EnjeuTally } from '../domain/tally';
import type { Locale } from '../domain/types';
import { chartCountsOfTally, enjeuChart } from '../reports/avis-chart';
import { chartPng } from '../reports/chart-png';
import type { ChartLinkTarget } from './chart-links';
import type { AppDeps } from './deps';
import { loadRoundContext } from './lookup';
import { roundTally } from './round-view';
import { surveyHeatmapPng } from './survey/survey-charts';

/** An enjeu's chart from its tally (favorable by silence and no answer as their own bars). */
const chartOf = (e: EnjeuTally, locale: Locale) =>
  enjeuChart({ position: e.position, title: e.title, counts: chartCountsOfTally(e) }, locale);

/**
 * The chart image of each enjeu in a results message: a signed link to its PNG and its text
 * alternative, when the deployment has a public address (deps.chartLinks, set from PUBLIC_URL);
 * `undefined` otherwise (the message keeps its text only).
 */
export function resultsChartLinks(
  deps: Pick<AppDeps, 'chartLinks'>,
  round: { id: string; tenantId: string },
  locale: Locale,
): ((e: EnjeuTally) => { url: string; alt: string }) | undefined {
  const links = deps.chartLinks;
  if (!links) return undefined;
  return (e) => ({
    url: links.url({ tenantId: round.tenantId, roundId: round.id, enjeuId: e.enjeuId }),
    alt: chartOf(e, locale).alt,
  });
}

/**
 * The PNG chart of one enjeu of a round of the tenant, for a signed link (src/http/charts.ts):
 * only while its results are out to the partners (closed, or open with results shown during).
 * The same numbers and drawing as the console and the PDF (src/reports/avis-chart.ts).
 */
export async function enjeuChartPng(deps: AppDeps, o: ChartLinkTarget): Promise<Buffer> {
  // A survey's link names the round itself: its grid's heat map (survey/survey-charts.ts).
  if (o.enjeuId === o.roundId) return surveyHeatmapPng(deps, o);
  const round = await loadRoundContext(deps.db, o.tenantId, o.roundId);
  if (!resultsOut(round)) throw new DomainError('RESULTS_NOT_VISIBLE', { number: round.number });
  const tally = await roundTally(deps.db, round);
  const e = tally.enjeux.find((x) => x.enjeuId === o.enjeuId);
  if (!e) throw new DomainError('CHART_LINK_INVALID');
  return pngOf(chartOf(e, 'fr').svg);
}

/**
 * The PNGs last rendered, by their SVG (the same SVG gives the same image): a results message
 * posted to many channels is fetched once per platform and reader, and a render costs about
 * 14 ms of CPU. At most 128 images of about 27 KB.
 */
const PNG_CACHE = new Map<string, Buffer>();
const PNG_CACHE_SIZE = 128;

function pngOf(svg: string): Buffer {
  const cached = PNG_CACHE.get(svg);
  if (cached) {
    PNG_CACHE.delete(svg);
    PNG_CACHE.set(svg, cached);
    return cached;
  }
  const png = chartPng(svg, { scale: 2 });
  PNG_CACHE.set(svg, png);
  if (PNG_CACHE.size > PNG_CACHE_SIZE) PNG_CACHE.delete(PNG_CACHE.keys().next().value!);
  return png;
}
