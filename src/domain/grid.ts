import { parse as parseYaml } from 'yaml';
import { DomainError } from './errors';
import { normaliseTitle } from './draft';

/**
 * An evaluation grid: rows (levels, « généralités, territoires… ») × columns (questions, « Que
 * regarde-t-on ? … »). Each cell asks for a free-text contribution of at most
 * `MAX_CONTRIBUTION_LENGTH` characters and, when the grid has a rating scale and the cell's
 * question (or level) is rated, a rating on that scale. A grid is data: any number of levels and
 * questions within the limits below works without code.
 */
export interface Grid {
  code: string;
  title: string;
  description: string;
  levels: GridAxisItem[];
  questions: GridAxisItem[];
  /** The rating scale, lowest first; null when the grid asks for text only. */
  rating: GridRating | null;
  /** A prompt for one cell, keyed `level.question` (positions); most cells have none. */
  cellHelp: Record<string, string>;
}

export interface GridAxisItem {
  /** 1-based position on its axis. */
  position: number;
  label: string;
  /** A short help text shown under the label (may be empty). */
  help: string;
}

export interface GridRating {
  /** The scale's labels, lowest first (« 1 : pas du tout » … « 4 : tout à fait »). */
  labels: string[];
  /** The rated questions' positions (every question when the file does not restrict them). */
  questions: number[];
}

/** One cell of a grid, by positions. */
export interface GridCell {
  level: number;
  question: number;
  rated: boolean;
}

export const MAX_CONTRIBUTION_LENGTH = 1000;
export const GRID_LIMITS = {
  maxLevels: 10,
  maxQuestions: 10,
  maxLabelLength: 150,
  maxHelpLength: 500,
  minRatingLabels: 2,
  maxRatingLabels: 7,
  maxTitleLength: 200,
  maxDescriptionLength: 2000,
} as const;

const CODE = /^[a-z0-9][a-z0-9-]{1,39}$/;

/** Every cell of the grid, level by level. */
export function gridCells(grid: Grid): GridCell[] {
  const rated = new Set(grid.rating?.questions ?? []);
  return grid.levels.flatMap((l) =>
    grid.questions.map((q) => ({
      level: l.position,
      question: q.position,
      rated: rated.has(q.position),
    })),
  );
}

/**
 * Reads a grid file: YAML (`code`, `titre`, `questions`, `niveaux`, `notation`) or Markdown (a
 * YAML front matter with `code`, `titre`, `notation`, then one table: questions across, levels
 * down, a cell's text being the prompt of that cell, often empty). Refusals name the problem
 * and, for Markdown, the line.
 */
export function parseGridFile(text: string, fileName = ''): Grid {
  const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (/\.(md|markdown)$/i.test(fileName) || /^---\n[\s\S]*?\n---[ \t]*\n[\s\S]*\|/.test(clean)) {
    return parseMarkdownGrid(clean);
  }
  let doc: unknown;
  try {
    doc = parseYaml(clean);
  } catch (e) {
    throw new DomainError('GRID_FILE_INVALID', {
      detail: (e as Error).message.split('\n')[0] ?? '',
    });
  }
  return gridFromObject(doc);
}

type Raw = Record<string, unknown>;

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string {
  if (typeof v === 'string') return v.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (typeof v === 'number') return String(v);
  return '';
}

function fieldOf(o: Raw, ...names: string[]): unknown {
  for (const n of names) if (n in o) return o[n];
  return undefined;
}

/** Builds a grid from a parsed YAML document, refusing what is not a usable grid. */
export function gridFromObject(doc: unknown): Grid {
  if (!isObject(doc)) throw new DomainError('GRID_FILE_INVALID', { detail: 'not_object' });
  const code = text(fieldOf(doc, 'code'));
  if (!CODE.test(code)) throw new DomainError('GRID_CODE_INVALID', { code });
  const title = text(fieldOf(doc, 'titre', 'title'));
  if (!title) throw new DomainError('GRID_NO_TITLE');
  if (title.length > GRID_LIMITS.maxTitleLength) {
    throw new DomainError('GRID_TEXT_TOO_LONG', {
      what: 'title',
      label: title.slice(0, 40),
      max: GRID_LIMITS.maxTitleLength,
    });
  }
  const description = String(fieldOf(doc, 'description') ?? '').trim();
  if (description.length > GRID_LIMITS.maxDescriptionLength) {
    throw new DomainError('GRID_TEXT_TOO_LONG', {
      what: 'description',
      label: description.slice(0, 40),
      max: GRID_LIMITS.maxDescriptionLength,
    });
  }
  const questions = axis(fieldOf(doc, 'questions'), 'question');
  const levels = axis(fieldOf(doc, 'niveaux', 'levels'), 'level');
  const rating = ratingOf(fieldOf(doc, 'notation', 'rating'), questions);
  const cellHelp: Record<string, string> = {};
  const rawLevels = fieldOf(doc, 'niveaux', 'levels') as unknown[];
  rawLevels.forEach((item, i) => {
    const cells = isObject(item) ? fieldOf(item, 'cellules', 'cells') : undefined;
    if (cells === undefined) return;
    if (!Array.isArray(cells) || cells.length > questions.length) {
      throw new DomainError('GRID_ROW_WIDTH', {
        line: 0,
        count: Array.isArray(cells) ? cells.length : 0,
        expected: questions.length,
      });
    }
    cells.forEach((c, j) => {
      const help = text(c);
      if (help.length > GRID_LIMITS.maxHelpLength) {
        throw new DomainError('GRID_TEXT_TOO_LONG', {
          what: 'help',
          label: help.slice(0, 40),
          max: GRID_LIMITS.maxHelpLength,
        });
      }
      if (help) cellHelp[`${i + 1}.${j + 1}`] = help;
    });
  });
  return { code, title, description, levels, questions, rating, cellHelp };
}

function axis(v: unknown, kind: 'question' | 'level'): GridAxisItem[] {
  const none = kind === 'question' ? 'GRID_NO_QUESTION' : 'GRID_NO_LEVEL';
  if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) {
    throw new DomainError(none);
  }
  if (!Array.isArray(v)) throw new DomainError('GRID_AXIS_NOT_LIST', { kind });
  const max = kind === 'question' ? GRID_LIMITS.maxQuestions : GRID_LIMITS.maxLevels;
  if (v.length > max) throw new DomainError('GRID_TOO_LARGE', { kind, count: v.length, max });
  const seen = new Map<string, number>();
  return v.map((item, i) => {
    const position = i + 1;
    const label = text(isObject(item) ? fieldOf(item, 'libelle', 'libellé', 'label', 'nom') : item);
    const help = isObject(item) ? text(fieldOf(item, 'aide', 'help')) : '';
    if (!label) throw new DomainError('GRID_EMPTY_ITEM', { kind, position });
    if (label.length > GRID_LIMITS.maxLabelLength) {
      throw new DomainError('GRID_TEXT_TOO_LONG', {
        what: kind,
        label: label.slice(0, 40),
        max: GRID_LIMITS.maxLabelLength,
      });
    }
    if (help.length > GRID_LIMITS.maxHelpLength) {
      throw new DomainError('GRID_TEXT_TOO_LONG', {
        what: 'help',
        label,
        max: GRID_LIMITS.maxHelpLength,
      });
    }
    const key = normaliseTitle(label);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new DomainError('GRID_DUPLICATE_ITEM', { kind, label, first, position });
    }
    seen.set(key, position);
    return { position, label, help };
  });
}

function ratingOf(v: unknown, questions: GridAxisItem[]): GridRating | null {
  if (v === undefined || v === null || v === false) return null;
  // `notation: true` or `notation: {}` without labels: a scale cannot be shown without its words.
  const raw = isObject(v) ? v : Array.isArray(v) ? { libelles: v } : {};
  const labelsRaw = fieldOf(raw, 'libelles', 'libellés', 'labels', 'echelle', 'échelle');
  if (!Array.isArray(labelsRaw) || labelsRaw.length === 0) {
    throw new DomainError('GRID_RATING_WITHOUT_LABELS');
  }
  const labels = labelsRaw.map(text);
  if (labels.some((l) => !l)) throw new DomainError('GRID_RATING_WITHOUT_LABELS');
  if (labels.length < GRID_LIMITS.minRatingLabels || labels.length > GRID_LIMITS.maxRatingLabels) {
    throw new DomainError('GRID_RATING_SCALE_SIZE', {
      count: labels.length,
      min: GRID_LIMITS.minRatingLabels,
      max: GRID_LIMITS.maxRatingLabels,
    });
  }
  if (new Set(labels.map(normaliseTitle)).size !== labels.length) {
    throw new DomainError('GRID_RATING_DUPLICATE_LABEL');
  }
  const only = fieldOf(raw, 'questions');
  let rated = questions.map((q) => q.position);
  if (only !== undefined) {
    if (!Array.isArray(only)) throw new DomainError('GRID_AXIS_NOT_LIST', { kind: 'question' });
    rated = only.map((q) => {
      const label = text(q);
      const found = questions.find(
        (x) => normaliseTitle(x.label) === normaliseTitle(label) || String(x.position) === label,
      );
      if (!found) throw new DomainError('GRID_RATING_UNKNOWN_QUESTION', { label });
      return found.position;
    });
  }
  return { labels, questions: [...new Set(rated)].sort((a, b) => a - b) };
}

/** Splits a Markdown table row into its cells (a leading and trailing `|` are optional). */
function cellsOf(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  return s.split(/(?<!\\)\|/).map((c) => c.replace(/\\\|/g, '|').trim());
}

function parseMarkdownGrid(md: string): Grid {
  const fm = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(md);
  if (!fm) throw new DomainError('GRID_FILE_INVALID', { detail: 'no_front_matter' });
  let head: unknown;
  try {
    head = parseYaml(fm[1] ?? '');
  } catch (e) {
    throw new DomainError('GRID_FILE_INVALID', {
      detail: (e as Error).message.split('\n')[0] ?? '',
    });
  }
  if (!isObject(head)) throw new DomainError('GRID_FILE_INVALID', { detail: 'not_object' });
  const fmLines = fm[0].split('\n').length - 1;
  const lines = md.slice(fm[0].length).split('\n');
  const tableLines: { text: string; line: number }[] = [];
  const description: string[] = [];
  lines.forEach((l, i) => {
    if (/^\s*\|/.test(l)) tableLines.push({ text: l, line: fmLines + i + 1 });
    else if (tableLines.length === 0 && !/^#\s/.test(l)) description.push(l);
  });
  if (tableLines.length < 2) throw new DomainError('GRID_NO_TABLE');
  const [header, separator, ...rows] = tableLines;
  if (!header || !separator || !/^[\s|:-]+$/.test(separator.text)) {
    throw new DomainError('GRID_NO_TABLE');
  }
  const questions = cellsOf(header.text).slice(1);
  const levels: { libelle: string; cellules: string[] }[] = [];
  for (const row of rows) {
    const cells = cellsOf(row.text);
    if (cells.every((c) => c === '')) {
      throw new DomainError('GRID_EMPTY_ROW', { line: row.line });
    }
    if (cells.length !== questions.length + 1) {
      throw new DomainError('GRID_ROW_WIDTH', {
        line: row.line,
        count: cells.length - 1,
        expected: questions.length,
      });
    }
    const [label = '', ...rest] = cells;
    if (!label) throw new DomainError('GRID_EMPTY_ROW', { line: row.line });
    levels.push({ libelle: label, cellules: rest });
  }
  return gridFromObject({
    ...head,
    description: head['description'] ?? description.join('\n').trim(),
    questions,
    niveaux: levels,
  });
}
