import { textOf } from './errors';
import { gridCells, MAX_CONTRIBUTION_LENGTH, type Grid } from './grid';

/**
 * One answer to an evaluation grid (an organisation's or a participant's): a contribution and,
 * for rated cells, a rating per cell. Partial answers are normal — a draft is saved as it is and
 * completed until the deadline — so an empty cell is never an error; a contribution too long or a
 * rating off the scale is, under its field.
 */
export interface GridAnswerCell {
  level: number;
  question: number;
  /** Plain text, trimmed; '' when only a rating was given. */
  text: string;
  /** 1 … the scale's length; null when not rated (or not given). */
  rating: number | null;
}

/** A field's name in forms: `case-<level>-<question>` (text) and `note-<level>-<question>`. */
export const gridFieldName = (kind: 'text' | 'rating', level: number, question: number) =>
  `${kind === 'text' ? 'case' : 'note'}-${level}-${question}`;

export type GridFieldProblem =
  | { problem: 'too_long'; length: number; max: number }
  | { problem: 'rating_off_scale'; max: number }
  | { problem: 'not_rated' };

export interface GridFieldError {
  field: string;
  level: number;
  question: number;
  error: GridFieldProblem;
}

/**
 * Reads submitted form values (by field name) into the cells of an answer, keeping only cells
 * with something in them; unknown fields are ignored. Errors are listed by field, the values
 * kept so the form can be shown again as typed.
 */
export function readGridAnswer(
  grid: Grid,
  values: Record<string, string | undefined>,
): { cells: GridAnswerCell[]; errors: GridFieldError[] } {
  const cells: GridAnswerCell[] = [];
  const errors: GridFieldError[] = [];
  const scale = grid.rating?.labels.length ?? 0;
  for (const c of gridCells(grid)) {
    const textField = gridFieldName('text', c.level, c.question);
    const ratingField = gridFieldName('rating', c.level, c.question);
    const text = (values[textField] ?? '').replace(/\r\n?/g, '\n').trim();
    const rawRating = (values[ratingField] ?? '').trim();
    let rating: number | null = null;
    if (text.length > MAX_CONTRIBUTION_LENGTH) {
      errors.push({
        field: textField,
        level: c.level,
        question: c.question,
        error: { problem: 'too_long', length: text.length, max: MAX_CONTRIBUTION_LENGTH },
      });
    }
    if (rawRating !== '') {
      const n = Number(rawRating);
      if (!c.rated) {
        errors.push({
          field: ratingField,
          level: c.level,
          question: c.question,
          error: { problem: 'not_rated' },
        });
      } else if (!Number.isInteger(n) || n < 1 || n > scale) {
        errors.push({
          field: ratingField,
          level: c.level,
          question: c.question,
          error: { problem: 'rating_off_scale', max: scale },
        });
      } else {
        rating = n;
      }
    }
    if (text !== '' || rating !== null) {
      cells.push({ level: c.level, question: c.question, text, rating });
    }
  }
  return { cells, errors };
}

/** How far an answer is: cells with a contribution (or a rating) out of the grid's cells. */
export function gridProgress(grid: Grid, cells: GridAnswerCell[]) {
  const total = gridCells(grid).length;
  const filled = cells.filter((c) => c.text !== '' || c.rating !== null).length;
  return { filled, total };
}

/** The words of a field's problem, from the catalogue of the locale. */
export function gridFieldErrorText(e: GridFieldProblem, locale: 'fr' | 'en'): string {
  switch (e.problem) {
    case 'too_long':
      return textOf('GRID_CONTRIBUTION_TOO_LONG', { length: e.length, max: e.max }, locale);
    case 'rating_off_scale':
      return textOf('GRID_RATING_OFF_SCALE', { max: e.max }, locale);
    case 'not_rated':
      return textOf('GRID_CELL_NOT_RATED', undefined, locale);
  }
}

/**
 * The grid as a neutral form (issue [7]): levels, each with its fields in question order, values
 * and errors in place. Every channel renders this one view (web page, Slack modal per level,
 * Teams card), so the words and the order are the same everywhere.
 */
export interface GridFormView {
  title: string;
  description: string;
  ratingLabels: string[];
  questions: { position: number; label: string; help: string }[];
  levels: {
    position: number;
    label: string;
    help: string;
    fields: GridFormField[];
  }[];
  progress: { filled: number; total: number };
  errors: { field: string; label: string; text: string }[];
}

export interface GridFormField {
  level: number;
  question: number;
  /** « Territoires — Que regarde-t-on ? » : the field's full label, for screen readers. */
  label: string;
  prompt: string;
  textName: string;
  text: string;
  rating: { name: string; value: number | null } | null;
  error?: { field: string; text: string };
}

export function gridFormView(
  grid: Grid,
  o: {
    cells: GridAnswerCell[];
    errors?: GridFieldError[];
    /** The values as typed, when shown again after errors. */
    typed?: Record<string, string | undefined>;
    locale: 'fr' | 'en';
  },
): GridFormView {
  const rated = new Set(grid.rating?.questions ?? []);
  const byCell = new Map(o.cells.map((c) => [`${c.level}.${c.question}`, c]));
  const errorsByField = new Map((o.errors ?? []).map((e) => [e.field, e]));
  const fieldLabel = (l: number, q: number) =>
    `${grid.levels[l - 1]?.label ?? ''} — ${grid.questions[q - 1]?.label ?? ''}`;
  const levels = grid.levels.map((l) => ({
    position: l.position,
    label: l.label,
    help: l.help,
    fields: grid.questions.map((q): GridFormField => {
      const cell = byCell.get(`${l.position}.${q.position}`);
      const textName = gridFieldName('text', l.position, q.position);
      const ratingName = gridFieldName('rating', l.position, q.position);
      const err = errorsByField.get(textName) ?? errorsByField.get(ratingName);
      const typedRating = o.typed?.[ratingName];
      return {
        level: l.position,
        question: q.position,
        label: fieldLabel(l.position, q.position),
        prompt: grid.cellHelp[`${l.position}.${q.position}`] ?? '',
        textName,
        text: o.typed?.[textName] ?? cell?.text ?? '',
        rating: rated.has(q.position)
          ? {
              name: ratingName,
              value:
                typedRating !== undefined ? Number(typedRating) || null : (cell?.rating ?? null),
            }
          : null,
        ...(err
          ? { error: { field: err.field, text: gridFieldErrorText(err.error, o.locale) } }
          : {}),
      };
    }),
  }));
  return {
    title: grid.title,
    description: grid.description,
    ratingLabels: grid.rating?.labels ?? [],
    questions: grid.questions.map((q) => ({ position: q.position, label: q.label, help: q.help })),
    levels,
    progress: gridProgress(grid, o.cells),
    errors: (o.errors ?? []).map((e) => ({
      field: e.field,
      label: fieldLabel(e.level, e.question),
      text: gridFieldErrorText(e.error, o.locale),
    })),
  };
}
