import { AVIS_LABELS } from '../domain/avis';
import { AVIS_CHOICES, type AvisChoice, type Locale } from '../domain/types';

/**
 * The chart of the avis on one enjeu, drawn once as SVG (used as is by the console and the PDF,
 * rasterised to PNG for Slack and Teams by chart-png.ts), with its text alternative built from
 * the same numbers.
 *
 * Hand-written SVG rather than vega-lite: vega and vega-lite 6 are ESM only (jest, which runs
 * this project's CommonJS tests, cannot load them, as with jose) and measure text with a canvas
 * this server does not have; a horizontal bar chart of at most six bars needs none of it.
 */

/** The bars: the four avis, then the favourable avis by silence and the organisations silent. */
export const CHART_CATEGORIES = [...AVIS_CHOICES, 'silence', 'sans_reponse'] as const;
export type ChartCategory = (typeof CHART_CATEGORIES)[number];

/**
 * The numbers of one enjeu. `favorable` counts only the avis given (not those by silence);
 * `silence` (favourable by silence) and `noAnswer` (no avis at all) have a bar when above 0.
 */
export interface AvisChartCounts extends Record<AvisChoice, number> {
  silence?: number;
  noAnswer?: number;
}

export const CHART_LABELS: Record<ChartCategory, Record<Locale, string>> = {
  ...AVIS_LABELS,
  silence: { fr: 'Favorable par silence', en: 'Favourable by silence' },
  sans_reponse: { fr: 'Sans réponse', en: 'No answer' },
};

/** Fill colours, distinct in hue and lightness; the label and the figure carry the meaning. */
const COLOURS: Record<ChartCategory, string> = {
  favorable: '#2e7d32',
  favorable_avec_reserves: '#b08900',
  defavorable: '#c62828',
  abstention: '#616161',
  silence: '#81c784',
  sans_reponse: '#d9d9d9',
};

export const CHART_FONT_FAMILY = 'DejaVu Sans';

export interface ChartBar {
  category: ChartCategory;
  label: string;
  value: number;
  /** share of the total, rounded to the unit */
  percent: number;
}

/** The bars to draw, in order: the four avis always, silence and no answer when present. */
export function chartBars(
  counts: AvisChartCounts,
  labels: Partial<Record<ChartCategory, string>> | undefined,
  locale: Locale,
): ChartBar[] {
  const value = (c: ChartCategory): number =>
    c === 'silence'
      ? (counts.silence ?? 0)
      : c === 'sans_reponse'
        ? (counts.noAnswer ?? 0)
        : counts[c];
  const shown = CHART_CATEGORIES.filter(
    (c) => (c !== 'silence' && c !== 'sans_reponse') || value(c) > 0,
  );
  const total = shown.reduce((s, c) => s + Math.max(0, value(c)), 0);
  return shown.map((c) => {
    const v = Math.max(0, Math.floor(value(c)));
    return {
      category: c,
      label: (labels?.[c] ?? CHART_LABELS[c][locale]).slice(0, 60),
      value: v,
      percent: total > 0 ? Math.round((v * 100) / total) : 0,
    };
  });
}

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** "12 (40 %)" with a no-break space before the percent sign in French. */
function figure(bar: ChartBar, locale: Locale): string {
  return locale === 'fr'
    ? `${bar.value} (${bar.percent}\u00a0%)`
    : `${bar.value} (${bar.percent}%)`;
}

/**
 * The text alternative of the chart: what a reader of the image learns, in one sentence
 * (« Avis sur l'enjeu « Petite enfance », 30 organisations : Favorable 12 (40 %), … »).
 */
export function avisChartAlt(
  counts: AvisChartCounts,
  labels: Partial<Record<ChartCategory, string>> | undefined,
  locale: Locale,
  subject?: string,
): string {
  const bars = chartBars(counts, labels, locale);
  const total = bars.reduce((s, b) => s + b.value, 0);
  const parts = bars.map((b) => `${b.label} ${figure(b, locale)}`).join(', ');
  if (locale === 'fr') {
    const who = `${total} organisation${total >= 2 ? 's' : ''}`;
    const head = subject
      ? `Diagramme en barres des avis sur «\u00a0${subject}\u00a0»`
      : 'Diagramme en barres des avis';
    return `${head}, ${who}\u00a0: ${parts}.`;
  }
  const who = `${total} organisation${total === 1 ? '' : 's'}`;
  const head = subject ? `Bar chart of the avis on “${subject}”` : 'Bar chart of the avis';
  return `${head}, ${who}: ${parts}.`;
}

export interface ChartSize {
  width: number;
  height: number;
}

const FONT_SIZE = 12;
const ROW = 26;
const BAR = 16;
const PAD = 8;
/** DejaVu Sans is wide: 0.62 em a character on average covers the labels (checked by a test). */
const CHAR_EM = 0.62;

/** The size avisChartSvg draws at, for a layout that must reserve room before drawing. */
export function avisChartSize(
  counts: AvisChartCounts,
  labels: Partial<Record<ChartCategory, string>> | undefined,
  locale: Locale,
  width = 480,
): ChartSize {
  return { width, height: chartBars(counts, labels, locale).length * ROW + 2 * PAD };
}

/**
 * A horizontal bar chart of the avis: one row per category (label, bar, count and share). The
 * SVG has role="img", a <title> and a <desc> holding the text alternative, so it is accessible
 * as it is when a page embeds it inline (`id`: a prefix that keeps their ids unique on a page
 * holding several charts).
 */
export function avisChartSvg(
  counts: AvisChartCounts,
  labels: Partial<Record<ChartCategory, string>> | undefined,
  locale: Locale,
  o: { width?: number; title?: string; id?: string } = {},
): string {
  const bars = chartBars(counts, labels, locale);
  const { width, height } = avisChartSize(counts, labels, locale, o.width);
  const labelWidth = Math.ceil(
    Math.max(...bars.map((b) => b.label.length)) * FONT_SIZE * CHAR_EM + PAD,
  );
  const valueWidth = Math.ceil(10 * FONT_SIZE * CHAR_EM);
  const barSpace = Math.max(40, width - labelWidth - valueWidth - 2 * PAD);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const title = o.title ?? (locale === 'fr' ? 'Avis' : 'Avis');
  const alt = avisChartAlt(counts, labels, locale, o.title);
  // Ids of the <title> and <desc>: unique per chart when a page holds several (`id`).
  const id = (o.id ?? '').replace(/[^A-Za-z0-9_-]/g, '');
  const [tId, dId] = id ? [`${id}-t`, `${id}-d`] : ['t', 'd'];
  const rows = bars.map((b, i) => {
    const y = PAD + i * ROW;
    const barX = PAD + labelWidth;
    const barW = b.value === 0 ? 0 : Math.max(2, (b.value / max) * barSpace);
    const textY = y + ROW / 2 + FONT_SIZE * 0.35;
    const stroke = b.category === 'sans_reponse' ? ' stroke="#757575" stroke-width="1"' : '';
    return [
      `<text x="${barX - PAD}" y="${textY.toFixed(1)}" text-anchor="end">${xml(b.label)}</text>`,
      `<rect x="${barX}" y="${(y + (ROW - BAR) / 2).toFixed(1)}" width="${barW.toFixed(1)}" height="${BAR}" fill="${COLOURS[b.category]}"${stroke}/>`,
      `<text x="${(barX + barW + 6).toFixed(1)}" y="${textY.toFixed(1)}">${xml(figure(b, locale))}</text>`,
    ].join('');
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${tId} ${dId}">` +
    `<title id="${tId}">${xml(title)}</title><desc id="${dId}">${xml(alt)}</desc>` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>` +
    `<line x1="${PAD + labelWidth}" y1="${PAD}" x2="${PAD + labelWidth}" y2="${height - PAD}" stroke="#424242" stroke-width="1"/>` +
    `<g font-family="${CHART_FONT_FAMILY}" font-size="${FONT_SIZE}" fill="#212121">${rows.join('')}</g>` +
    `</svg>`
  );
}

/**
 * The chart's numbers from an enjeu's tally (domain/tally.ts), where `counts.favorable` includes
 * the favourable avis by silence (`implicit`): they get their own bar.
 */
export function chartCountsOfTally(e: {
  counts: Record<AvisChoice, number>;
  implicit: number;
  missing: readonly unknown[];
}): AvisChartCounts {
  return {
    ...e.counts,
    favorable: Math.max(0, e.counts.favorable - e.implicit),
    silence: e.implicit,
    noAnswer: e.missing.length,
  };
}

/**
 * One enjeu's chart as every medium shows it (the PDF, the console, the results messages' PNG):
 * its subject (« 2. Jeunesse »), the SVG and the text alternative, from the same numbers.
 */
export function enjeuChart(
  e: { position: number; title: string; counts: AvisChartCounts },
  locale: Locale,
  o: { width?: number; id?: string } = {},
): { subject: string; svg: string; alt: string } {
  const subject = `${e.position}. ${e.title}`;
  return {
    subject,
    svg: avisChartSvg(e.counts, undefined, locale, { ...o, title: subject }),
    alt: avisChartAlt(e.counts, undefined, locale, subject),
  };
}
