import { gridCells, type Grid } from './grid';
import type { GridAnswerCell } from './grid-answer';

/**
 * The results of an evaluation grid (issue [11] item 4): per cell, the number of contributions,
 * the distribution and mean of the ratings, and every contribution; optionally per group (kind
 * of organisation, commune, EPCI). Pure: the answers come in, the tally goes out; the heat map
 * and the exports draw from it.
 */
export interface GridAnswerForTally {
  cells: GridAnswerCell[];
  /** Who answered, as shown next to a contribution ('' for an anonymous participant). */
  author: string;
  /** The group this answer counts in, when results are grouped (« centre social », « Créteil »). */
  group?: string;
}

export interface GridCellTally {
  level: number;
  question: number;
  rated: boolean;
  /** Answers with a text in this cell. */
  contributions: number;
  /** How many gave each rating: index 0 is rating 1. Empty when the cell is not rated. */
  distribution: number[];
  /** Mean rating (1 … scale), null when nobody rated the cell. */
  mean: number | null;
  texts: { author: string; text: string }[];
}

export interface GridTally {
  answers: number;
  cells: GridCellTally[];
  /** The same tally per group, groups in French alphabetical order. */
  groups: { group: string; answers: number; cells: GridCellTally[] }[];
}

function tallyOf(grid: Grid, answers: GridAnswerForTally[]): GridCellTally[] {
  const scale = grid.rating?.labels.length ?? 0;
  const byCell = new Map<string, GridCellTally>();
  const cells = gridCells(grid).map((c) => {
    const t: GridCellTally = {
      level: c.level,
      question: c.question,
      rated: c.rated,
      contributions: 0,
      distribution: c.rated ? Array.from({ length: scale }, () => 0) : [],
      mean: null,
      texts: [],
    };
    byCell.set(`${c.level}.${c.question}`, t);
    return t;
  });
  const sums = new Map<GridCellTally, { sum: number; n: number }>();
  for (const a of answers) {
    for (const cell of a.cells) {
      const t = byCell.get(`${cell.level}.${cell.question}`);
      if (!t) continue; // a cell the grid no longer has
      if (cell.text !== '') {
        t.contributions += 1;
        t.texts.push({ author: a.author, text: cell.text });
      }
      if (t.rated && cell.rating !== null && cell.rating >= 1 && cell.rating <= scale) {
        t.distribution[cell.rating - 1]! += 1;
        const s = sums.get(t) ?? { sum: 0, n: 0 };
        s.sum += cell.rating;
        s.n += 1;
        sums.set(t, s);
      }
    }
  }
  for (const [t, s] of sums) t.mean = Math.round((s.sum / s.n) * 100) / 100;
  return cells;
}

export function gridTally(grid: Grid, answers: GridAnswerForTally[]): GridTally {
  const groups = new Map<string, GridAnswerForTally[]>();
  for (const a of answers) {
    if (a.group === undefined) continue;
    const list = groups.get(a.group) ?? [];
    list.push(a);
    groups.set(a.group, list);
  }
  return {
    answers: answers.length,
    cells: tallyOf(grid, answers),
    groups: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'fr'))
      .map(([group, list]) => ({ group, answers: list.length, cells: tallyOf(grid, list) })),
  };
}
