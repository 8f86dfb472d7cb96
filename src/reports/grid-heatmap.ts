import { count } from '../domain/format';
import type { Grid } from '../domain/grid';
import type { GridCellTally } from '../domain/grid-tally';
import { CHART_FONT_FAMILY } from './avis-chart';

/**
 * The heat map of an evaluation grid's results: levels as rows, questions as columns, each
 * cell filled by its mean rating on a sequential blue palette (light → dark, so it stays in order
 * when printed in grey) with the mean and the number of contributions written in it; a cell not
 * rated (or that nobody rated) shows only its contributions, on a neutral fill with a dashed
 * border. Drawn once as SVG (inline in a page, as vectors in the PDF, as PNG by chart-png.ts),
 * with its text alternative built from the same numbers (`gridHeatmapAlt`). Hand-written SVG,
 * as avis-chart.ts (whose reasons hold here).
 */

/** ColorBrewer « Blues » from its second step: monotonic in lightness, readable in grey. */
const PALETTE = [
  '#deebf7',
  '#c6dbef',
  '#9ecae1',
  '#6baed6',
  '#4292c6',
  '#2171b5',
  '#08519c',
  '#08306b',
];
const NEUTRAL = '#f5f5f5';
const INK = '#212121';
const PAD = 8;
const TITLE_SIZE = 15;
const HEAD_SIZE = 10.5;
const MEAN_SIZE = 15;
const SMALL_SIZE = 9.5;
/** DejaVu Sans is wide: 0.62 em a character on average (as avis-chart.ts). */
const CHAR_EM = 0.62;
const LINE = 1.25;

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** « 2,75 » */
function fr(n: number): string {
  return String(Math.round(n * 100) / 100).replace('.', ',');
}

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The fill of a mean on a scale of `scale` ratings (1 … scale). */
export function heatmapColour(mean: number, scale: number): string {
  const t = scale <= 1 ? 1 : Math.min(1, Math.max(0, (mean - 1) / (scale - 1)));
  const x = t * (PALETTE.length - 1);
  const i = Math.min(PALETTE.length - 2, Math.floor(x));
  const f = x - i;
  const a = hexToRgb(PALETTE[i]!);
  const b = hexToRgb(PALETTE[i + 1]!);
  const c = a.map((v, k) => Math.round(v + (b[k]! - v) * f));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** White on dark fills, ink on light ones (relative luminance of the fill). */
function textOn(fill: string): string {
  const [r, g, b] = hexToRgb(fill).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  // The colour with the higher contrast: white below a luminance of about 0.21.
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.21 ? '#ffffff' : INK;
}

/** Splits a label into at most `maxLines` lines of `perLine` characters (an ellipsis if cut). */
function wrap(text: string, perLine: number, maxLines: number): string[] {
  // French punctuation stays with its word (« Avec qui ? » never leaves « ? » alone on a line).
  const words = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ ([?!:;»])/g, '\u00a0$1')
    .replace(/« /g, '«\u00a0')
    .split(' ');
  // A word too long for a line breaks after its hyphens (« regarde-t- » / « on ? »).
  const pieces: { text: string; space: boolean }[] = words.flatMap((w) =>
    w.length <= perLine
      ? [{ text: w, space: true }]
      : w.split(/(?<=-)/).map((part, i) => ({ text: part, space: i === 0 })),
  );
  const lines: string[] = [];
  let line = '';
  for (const p of pieces) {
    const candidate = line ? `${line}${p.space ? ' ' : ''}${p.text}` : p.text;
    if (candidate.length <= perLine || !line) line = candidate;
    else {
      lines.push(line);
      line = p.text;
    }
  }
  if (line) lines.push(line);
  const out = lines.map((l) =>
    l.length > perLine ? `${l.slice(0, Math.max(1, perLine - 1))}…` : l,
  );
  if (out.length > maxLines) {
    const kept = out.slice(0, maxLines);
    const last = kept[maxLines - 1]!;
    kept[maxLines - 1] = `${last.slice(0, Math.max(1, perLine - 1))}…`;
    return kept;
  }
  return out;
}

const perLine = (width: number, size: number) => Math.max(4, Math.floor(width / (size * CHAR_EM)));

function contributionsText(n: number, width: number): string {
  const full = `${n} contribution${n >= 2 ? 's' : ''}`;
  return full.length * SMALL_SIZE * CHAR_EM <= width - 6 ? full : `${n} contrib.`;
}

interface Layout {
  width: number;
  height: number;
  labelWidth: number;
  cellWidth: number;
  cellHeight: number;
  titleLines: string[];
  headLines: string[][];
  headHeight: number;
  levelLines: string[][];
  legend: { x: number; y: number; label: string; fill: string; dashed: boolean }[];
  legendTop: number;
  top: number;
}

const SWATCH = 14;

function layout(grid: Grid, o: { width?: number; title?: string }): Layout {
  const width = o.width ?? 640;
  const labelWidth = Math.round(Math.min(170, Math.max(90, width * 0.24)));
  const cellWidth = (width - 2 * PAD - labelWidth) / Math.max(1, grid.questions.length);
  const cellHeight = 54;
  const titleLines = wrap(o.title ?? heatmapTitle(grid), perLine(width - 2 * PAD, TITLE_SIZE), 2);
  const top = PAD + titleLines.length * TITLE_SIZE * LINE + 6;
  const headLines = grid.questions.map((q) =>
    wrap(q.label, perLine(cellWidth - 6, HEAD_SIZE), cellWidth < 60 ? 5 : 3),
  );
  const headHeight = Math.max(...headLines.map((l) => l.length)) * HEAD_SIZE * LINE + 8;
  const levelLines = grid.levels.map((l) =>
    wrap(l.label, perLine(labelWidth - 8, HEAD_SIZE), Math.floor(cellHeight / (HEAD_SIZE * LINE))),
  );
  const legendTop = top + headHeight + grid.levels.length * cellHeight + 14;
  // The legend: one swatch per rating, then « sans note », wrapped on as many lines as needed.
  const scale = grid.rating?.labels ?? [];
  const items = [
    ...scale.map((label, i) => ({
      label: `${i + 1} : ${label}`,
      fill: heatmapColour(i + 1, scale.length),
      dashed: false,
    })),
    { label: scale.length > 0 ? 'Sans note' : 'Grille sans notation', fill: NEUTRAL, dashed: true },
  ];
  const legend: Layout['legend'] = [];
  let x = PAD;
  let y = legendTop + SMALL_SIZE * LINE + 4;
  for (const it of items) {
    const label = it.label.length > 40 ? `${it.label.slice(0, 39)}…` : it.label;
    const w = SWATCH + 6 + label.length * SMALL_SIZE * CHAR_EM + 16;
    if (x > PAD && x + w > width - PAD) {
      x = PAD;
      y += SWATCH + 8;
    }
    legend.push({ x, y, label, fill: it.fill, dashed: it.dashed });
    x += w;
  }
  const height = Math.ceil(y + SWATCH + PAD);
  return {
    width,
    height,
    labelWidth,
    cellWidth,
    cellHeight,
    titleLines,
    headLines,
    headHeight,
    levelLines,
    legend,
    legendTop,
    top,
  };
}

/** « Note moyenne par case — <grid title> » */
export function heatmapTitle(grid: Grid): string {
  return `Note moyenne par case — ${grid.title}`;
}

/** The size gridHeatmapSvg draws at, for a layout that must reserve room before drawing. */
export function gridHeatmapSize(
  grid: Grid,
  o: { width?: number; title?: string } = {},
): { width: number; height: number } {
  const l = layout(grid, o);
  return { width: l.width, height: l.height };
}

function cellAt(cells: GridCellTally[], level: number, question: number): GridCellTally | null {
  return cells.find((c) => c.level === level && c.question === question) ?? null;
}

/** How many rated a cell (the distribution's total). */
const ratingsOf = (c: GridCellTally) => c.distribution.reduce((s, n) => s + n, 0);

/**
 * The text alternative of the heat map, for screen readers: the grid's size and scale, the
 * cells with the highest and the lowest mean, the cells without a rating, then each level's
 * means in question order.
 */
export function gridHeatmapAlt(grid: Grid, cells: GridCellTally[], title?: string): string {
  const scale = grid.rating?.labels ?? [];
  const name = (c: GridCellTally) =>
    `${grid.levels[c.level - 1]?.label ?? c.level} — ${grid.questions[c.question - 1]?.label ?? c.question}`;
  const head =
    `Carte de chaleur «\u00a0${title ?? heatmapTitle(grid)}\u00a0» : ` +
    `${grid.levels.length} niveaux en lignes, ${grid.questions.length} questions en colonnes`;
  const contributions = cells.reduce((s, c) => s + c.contributions, 0);
  if (scale.length === 0) {
    return `${head}. Grille sans notation : ${count(contributions, 'fr', 'contribution', 'contributions')} en tout.`;
  }
  const rated = cells.filter((c) => c.mean !== null);
  const parts = [
    `${head}, couleur selon la note moyenne de 1 (${scale[0]}) à ${scale.length} (${scale[scale.length - 1]}), plus foncée quand la note est plus haute`,
  ];
  if (rated.length === 0) {
    parts.push('aucune case n’a encore de note');
  } else {
    const max = Math.max(...rated.map((c) => c.mean!));
    const min = Math.min(...rated.map((c) => c.mean!));
    const list = (v: number) => {
      const tied = rated.filter((c) => c.mean === v);
      const shown = tied
        .slice(0, 3)
        .map((c) => `«\u00a0${name(c)}\u00a0» (${count(ratingsOf(c), 'fr', 'note', 'notes')})`);
      const more = tied.length > 3 ? ` et ${count(tied.length - 3, 'fr', 'autre', 'autres')}` : '';
      return `${shown.join(', ')}${more}`;
    };
    parts.push(`note moyenne la plus haute : ${fr(max)}, ${list(max)}`);
    if (min !== max) parts.push(`la plus basse : ${fr(min)}, ${list(min)}`);
  }
  const unrated = cells.filter((c) => c.mean === null).length;
  if (unrated > 0 && rated.length > 0)
    parts.push(`${unrated} case${unrated >= 2 ? 's' : ''} sans note`);
  const rows = grid.levels.map((l) => {
    const values = grid.questions.map((q) => {
      const c = cellAt(cells, l.position, q.position);
      return c?.mean != null ? fr(c.mean) : 'sans note';
    });
    return `${l.label} : ${values.join(' ; ')}`;
  });
  return `${parts.join(' ; ')}. ${contributions} contribution${contributions >= 2 ? 's' : ''} en tout. Par niveau, dans l’ordre des questions : ${rows.join('. ')}.`;
}

/**
 * The heat map as SVG (role="img", <title> and <desc> holding the text alternative; `id`: a
 * prefix that keeps their ids unique on a page holding several).
 */
export function gridHeatmapSvg(
  grid: Grid,
  cells: GridCellTally[],
  o: { width?: number; title?: string; id?: string } = {},
): string {
  const L = layout(grid, o);
  const scale = grid.rating?.labels.length ?? 0;
  const title = o.title ?? heatmapTitle(grid);
  const alt = gridHeatmapAlt(grid, cells, o.title);
  const id = (o.id ?? '').replace(/[^A-Za-z0-9_-]/g, '');
  const [tId, dId] = id ? [`${id}-t`, `${id}-d`] : ['t', 'd'];
  const out: string[] = [];
  L.titleLines.forEach((line, i) =>
    out.push(
      `<text x="${PAD}" y="${(PAD + (i + 0.8) * TITLE_SIZE * LINE).toFixed(1)}" font-size="${TITLE_SIZE}" font-weight="bold">${xml(line)}</text>`,
    ),
  );
  const gridX = PAD + L.labelWidth;
  const gridY = L.top + L.headHeight;
  // Question headers, bottom-aligned above their column.
  L.headLines.forEach((lines, j) => {
    const cx = gridX + (j + 0.5) * L.cellWidth;
    lines.forEach((line, k) => {
      const y = gridY - 6 - (lines.length - 1 - k) * HEAD_SIZE * LINE;
      out.push(
        `<text x="${cx.toFixed(1)}" y="${y.toFixed(1)}" font-size="${HEAD_SIZE}" font-weight="bold" text-anchor="middle">${xml(line)}</text>`,
      );
    });
  });
  grid.levels.forEach((level, i) => {
    const y0 = gridY + i * L.cellHeight;
    const lines = L.levelLines[i]!;
    const first =
      y0 + L.cellHeight / 2 - ((lines.length - 1) * HEAD_SIZE * LINE) / 2 + HEAD_SIZE * 0.35;
    lines.forEach((line, k) =>
      out.push(
        `<text x="${gridX - 8}" y="${(first + k * HEAD_SIZE * LINE).toFixed(1)}" font-size="${HEAD_SIZE}" font-weight="bold" text-anchor="end">${xml(line)}</text>`,
      ),
    );
    grid.questions.forEach((q, j) => {
      const c = cellAt(cells, level.position, q.position);
      const x0 = gridX + j * L.cellWidth;
      const mean = c?.mean ?? null;
      const fill = mean !== null && scale > 0 ? heatmapColour(mean, scale) : NEUTRAL;
      const ink = textOn(fill);
      const dash = mean === null ? ' stroke-dasharray="4 3" stroke="#9e9e9e"' : ' stroke="#ffffff"';
      out.push(
        `<rect x="${(x0 + 1).toFixed(1)}" y="${(y0 + 1).toFixed(1)}" width="${(L.cellWidth - 2).toFixed(1)}" height="${L.cellHeight - 2}" fill="${fill}"${dash} stroke-width="1"/>`,
      );
      const cx = (x0 + L.cellWidth / 2).toFixed(1);
      const count = contributionsText(c?.contributions ?? 0, L.cellWidth);
      if (mean !== null) {
        out.push(
          `<text x="${cx}" y="${(y0 + 24).toFixed(1)}" font-size="${MEAN_SIZE}" font-weight="bold" text-anchor="middle" fill="${ink}">${fr(mean)}</text>`,
          `<text x="${cx}" y="${(y0 + 42).toFixed(1)}" font-size="${SMALL_SIZE}" text-anchor="middle" fill="${ink}">${xml(count)}</text>`,
        );
      } else {
        out.push(
          `<text x="${cx}" y="${(y0 + L.cellHeight / 2 + SMALL_SIZE * 0.35).toFixed(1)}" font-size="${SMALL_SIZE}" text-anchor="middle" fill="${INK}">${xml(count)}</text>`,
        );
      }
    });
  });
  out.push(
    `<text x="${PAD}" y="${(L.legendTop + SMALL_SIZE).toFixed(1)}" font-size="${SMALL_SIZE}" font-weight="bold">${xml(
      scale > 0
        ? 'Légende : note moyenne de la case (et nombre de contributions)'
        : 'Légende : nombre de contributions par case',
    )}</text>`,
  );
  for (const it of L.legend) {
    const dash = it.dashed ? ' stroke-dasharray="4 3" stroke="#9e9e9e"' : ' stroke="#9e9e9e"';
    out.push(
      `<rect x="${it.x.toFixed(1)}" y="${it.y.toFixed(1)}" width="${SWATCH}" height="${SWATCH}" fill="${it.fill}"${dash} stroke-width="1"/>`,
      `<text x="${(it.x + SWATCH + 6).toFixed(1)}" y="${(it.y + SWATCH - 3).toFixed(1)}" font-size="${SMALL_SIZE}">${xml(it.label)}</text>`,
    );
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${L.width}" height="${L.height}" viewBox="0 0 ${L.width} ${L.height}" role="img" aria-labelledby="${tId} ${dId}">` +
    `<title id="${tId}">${xml(title)}</title><desc id="${dId}">${xml(alt)}</desc>` +
    `<rect width="${L.width}" height="${L.height}" fill="#ffffff"/>` +
    `<g font-family="${CHART_FONT_FAMILY}" fill="${INK}">${out.join('')}</g>` +
    `</svg>`
  );
}

/** The heat map as every medium shows it: the SVG, its size and its text alternative. */
export function gridHeatmap(
  grid: Grid,
  cells: GridCellTally[],
  o: { width?: number; title?: string; id?: string } = {},
): { svg: string; alt: string; size: { width: number; height: number } } {
  return {
    svg: gridHeatmapSvg(grid, cells, o),
    alt: gridHeatmapAlt(grid, cells, o.title),
    size: gridHeatmapSize(grid, o),
  };
}
