import type { Locale } from '../domain/types';
import { avisChartAlt, avisChartSvg } from './avis-chart';
import { chartPng } from './chart-png';
import type { RoundPdfEnjeu } from './round-pdf-input';

export interface EnjeuChart {
  position: number;
  title: string;
  /** the chart as SVG (inline in a page: role="img" with its <title> and <desc>) */
  svg: string;
  /** the text alternative (alt of an <img>, altText of an Adaptive Card image, Slack alt_text) */
  alt: string;
  /** the chart as PNG, for Slack and Teams messages */
  png: Buffer;
}

/**
 * The chart of every enjeu of a round in its three forms, from the same numbers the PDF uses:
 * what the console, Slack and Teams show next to the results. `scale` sizes the PNG (1: 480 px
 * wide, about 11 KB; 2: 960 px, about 27 KB).
 */
export function enjeuCharts(
  enjeux: Pick<RoundPdfEnjeu, 'position' | 'title' | 'counts' | 'silence' | 'noAnswer'>[],
  locale: Locale,
  o: { scale?: number } = {},
): EnjeuChart[] {
  return enjeux.map((e) => {
    const subject = `${e.position}. ${e.title}`;
    const counts = { ...e.counts, silence: e.silence, noAnswer: e.noAnswer };
    const svg = avisChartSvg(counts, undefined, locale, { title: subject });
    return {
      position: e.position,
      title: e.title,
      svg,
      alt: avisChartAlt(counts, undefined, locale, subject),
      png: chartPng(svg, { scale: o.scale ?? 1 }),
    };
  });
}
