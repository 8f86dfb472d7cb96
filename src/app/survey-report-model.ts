import type { Grid } from '../domain/grid';
import type { GridAnswerCell } from '../domain/grid-answer';
import { gridTally, type GridCellTally, type GridTally } from '../domain/grid-tally';

/**
 * The results of a survey round (an evaluation grid, issue [11] item 4) as ONE neutral model,
 * rendered by every format (CSV, XLSX, Markdown, PDF) as the consultation's RoundReport is:
 * the round and its dates, the grid, the participation, the tally overall and per grouping (kind
 * of organisation, commune, EPCI), and one row per answer. Dates are `Date`s (each renderer
 * shows them in `timezone`), texts are raw (each renderer escapes for itself). Types and pure
 * helpers only: the use case that fills it from the database lives elsewhere.
 */
export interface SurveyReport {
  /** When the report was built (deps.now()). */
  generatedAt: Date;
  /** The Caf's time zone (IANA): every date is shown in it. */
  timezone: string;
  tenant: { code: string; name: string };
  round: {
    number: number;
    status: 'draft' | 'open' | 'closed' | 'cancelled';
    /** « en préparation », « ouverte », « close », « annulée » */
    statusLabel: string;
    openedAt: Date | null;
    deadline: Date;
    closedAt: Date | null;
    /** One answer per invited organisation, or one per participant. */
    answerMode: 'organisation' | 'person';
    /** Authors are not shown (every row's `author` is ''). */
    anonymous: boolean;
  };
  grid: Grid;
  participation: {
    /** Organisations invited; null when anyone with the link answers for themselves. */
    invited: number | null;
    /** Answers with at least one cell filled. */
    started: number;
    /** Answers marked as finished by their author. */
    finished: number;
  };
  /** Every answer counted once (the tally's `groups` are not used here: see `groupings`). */
  tally: GridTally;
  groupings: {
    byKind: SurveyGroup[];
    byCommune: SurveyGroup[];
    byEpci: SurveyGroup[];
  };
  answers: SurveyAnswerRow[];
}

/** One group of a grouping: its name, its number of answers and its tally per cell. */
export interface SurveyGroup {
  group: string;
  answers: number;
  cells: GridCellTally[];
}

export interface SurveyAnswerRow {
  /** Who answered ('' when the round is anonymous). */
  author: string;
  /** The organisation answered for, null for a person answering for themselves. */
  organisation: string | null;
  /** « Centre social », « Commune »… ('' when unknown) */
  kindLabel: string;
  /** The commune's name ('' when unknown). */
  commune: string;
  /** The EPCI's name ('' when unknown). */
  epci: string;
  finished: boolean;
  updatedAt: Date;
  cells: GridAnswerCell[];
}

export type SurveyGroupingKey = keyof SurveyReport['groupings'];

/** The groupings in the order the renderers show them, with their French names. */
export const SURVEY_GROUPINGS: { key: SurveyGroupingKey; label: string; column: string }[] = [
  { key: 'byKind', label: 'Par type d’organisation', column: 'Type' },
  { key: 'byCommune', label: 'Par commune', column: 'Commune' },
  { key: 'byEpci', label: 'Par EPCI', column: 'EPCI' },
];

/** What an answer is grouped by; an answer without it (empty) is left out of that grouping. */
const GROUP_OF: Record<SurveyGroupingKey, (a: SurveyAnswerRow) => string> = {
  byKind: (a) => a.kindLabel,
  byCommune: (a) => a.commune,
  byEpci: (a) => a.epci,
};

/**
 * Who is shown next to a contribution: « Claire Martin (Centre social Balzac) », the person or
 * the organisation alone when only one is known; '' for an anonymous answer without organisation.
 */
export function surveyAuthorOf(a: SurveyAnswerRow): string {
  if (a.author && a.organisation) return `${a.author} (${a.organisation})`;
  return a.author || a.organisation || '';
}

/**
 * The overall tally and the three groupings of the answers, by domain/grid-tally.ts gridTally:
 * groups in French alphabetical order; an answer with no kind (commune, EPCI) counts in the
 * overall tally but in no group of that grouping.
 */
export function surveyTallies(
  grid: Grid,
  answers: SurveyAnswerRow[],
): { tally: GridTally; groupings: SurveyReport['groupings'] } {
  const forTally = (group: (a: SurveyAnswerRow) => string) =>
    answers.map((a) => {
      const g = group(a).trim();
      return { cells: a.cells, author: surveyAuthorOf(a), ...(g ? { group: g } : {}) };
    });
  const grouping = (key: SurveyGroupingKey): SurveyGroup[] =>
    gridTally(grid, forTally(GROUP_OF[key])).groups;
  const overall = gridTally(
    grid,
    forTally(() => ''),
  );
  return {
    tally: overall,
    groupings: {
      byKind: grouping('byKind'),
      byCommune: grouping('byCommune'),
      byEpci: grouping('byEpci'),
    },
  };
}

/** « 2,75 » : a mean as French readers write it (two decimals at most). */
export function frMean(mean: number | null): string {
  if (mean === null) return '';
  return String(Math.round(mean * 100) / 100).replace('.', ',');
}

/** The cell of a tally at (level, question). */
export function cellOf(cells: GridCellTally[], level: number, question: number): GridCellTally {
  const c = cells.find((x) => x.level === level && x.question === question);
  if (!c) throw new Error(`no cell ${level}.${question}`);
  return c;
}

/** The label of a rating on the grid's scale (« Amorcé »), '' when none. */
export function ratingLabel(grid: Grid, rating: number | null): string {
  if (rating === null) return '';
  return grid.rating?.labels[rating - 1] ?? '';
}

/** How many rated a cell. */
export function ratingsCount(c: GridCellTally): number {
  return c.distribution.reduce((s, n) => s + n, 0);
}

/** « 2,5 (12) » : a cell's mean and its contributions, or « (12) » when it has no mean. */
export function cellSummary(c: GridCellTally): string {
  return c.mean === null ? `(${c.contributions})` : `${frMean(c.mean)} (${c.contributions})`;
}

/** « À construire : 3 ; Amorcé : 5 ; … » : a cell's distribution in words. */
export function distributionText(grid: Grid, c: GridCellTally): string {
  return c.distribution.map((n, i) => `${ratingLabel(grid, i + 1)} : ${n}`).join(' ; ');
}

/** « par organisation » / « chaque participant pour lui-même » */
export const ANSWER_MODE_LABELS: Record<SurveyReport['round']['answerMode'], string> = {
  organisation: 'une réponse par organisation',
  person: 'une réponse par participant',
};

/**
 * Every contribution of the report, by cell (level, then question) then in the answers' order:
 * the rows of the CSV and of the XLSX level sheets. A cell with neither text nor rating is not
 * one.
 */
export function surveyContributions(
  report: SurveyReport,
): { answer: SurveyAnswerRow; cell: GridAnswerCell }[] {
  const out: { answer: SurveyAnswerRow; cell: GridAnswerCell; order: number }[] = [];
  for (const answer of report.answers) {
    for (const cell of answer.cells) {
      if (cell.text === '' && cell.rating === null) continue;
      out.push({ answer, cell, order: out.length });
    }
  }
  return out
    .sort(
      (a, b) =>
        a.cell.level - b.cell.level || a.cell.question - b.cell.question || a.order - b.order,
    )
    .map(({ answer, cell }) => ({ answer, cell }));
}
