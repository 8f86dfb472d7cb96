import { parse as parseYaml } from 'yaml';
import { DomainError } from './errors';
import type { EnjeuText } from './types';

export interface DraftFrontMatter {
  caf: string;
  title: string;
  period: string;
  version: number;
}

export interface ParsedDraft {
  frontMatter: DraftFrontMatter;
  /** Text before the first enjeu (the document title line excluded). */
  preamble: string;
  enjeux: (EnjeuText & { position: number })[];
}

/** Enjeu titles are compared without case, accents' width or surrounding spaces. */
export function normaliseTitle(title: string): string {
  return title.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('fr');
}

const FENCE = /^\s*(```|~~~)/;

/**
 * A draft is Markdown with a YAML front matter (caf, title, period, version); each level-2
 * heading is an enjeu and its text runs to the next level-1 or level-2 heading. Headings inside
 * fenced code blocks do not count. `word`: the Markdown was converted from a Word document
 * (app/word-draft.ts), so refusals name its headings (« Titre 1 », « Titre 2 ») instead of lines.
 */
export function parseDraft(markdown: string, o: { word?: boolean } = {}): ParsedDraft {
  const word = o.word ? { word: true as const } : {};
  const text = markdown.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const fm = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (!fm) {
    throw new DomainError('DRAFT_NO_FRONT_MATTER');
  }
  const frontMatter = parseFrontMatter(fm[1] ?? '');
  const lines = text.slice(fm[0].length).split('\n');

  const preamble: string[] = [];
  const enjeux: { title: string; lines: string[]; line: number; after?: string }[] = [];
  let inFence = false;
  const fmLines = fm[0].split('\n').length - 1;
  lines.forEach((line, i) => {
    if (FENCE.test(line)) inFence = !inFence;
    const h2 = !inFence && /^##\s+(.+?)\s*#*\s*$/.exec(line);
    const h1 = !inFence && /^#\s+(.*?)\s*#*\s*$/.exec(line);
    if (h2 && !/^###/.test(line)) {
      enjeux.push({ title: (h2[1] ?? '').trim(), lines: [], line: fmLines + i + 1 });
    } else if (h1) {
      // The document's title (or a new part): ends the current enjeu, not kept as text.
      if (enjeux.length > 0) enjeux.push({ title: '', lines: [], line: -1, after: h1[1] ?? '' });
    } else {
      const current = enjeux[enjeux.length - 1];
      if (current) current.lines.push(line);
      else preamble.push(line);
    }
  });
  const real = enjeux.filter((e) => e.line !== -1 || e.lines.join('').trim() !== '');
  if (real.length === 0) {
    throw new DomainError('DRAFT_NO_ENJEU', word);
  }
  const seen = new Map<string, number>();
  const result: ParsedDraft['enjeux'] = [];
  for (const e of real) {
    if (e.line === -1) {
      throw new DomainError('DRAFT_TEXT_OUTSIDE_ENJEU', { heading: e.after ?? '', ...word });
    }
    const body = e.lines.join('\n').trim();
    if (!e.title) throw new DomainError('DRAFT_EMPTY_TITLE', { line: e.line, ...word });
    if (!body) {
      throw new DomainError('DRAFT_EMPTY_ENJEU', { title: e.title, line: e.line, ...word });
    }
    const key = normaliseTitle(e.title);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new DomainError('DRAFT_DUPLICATE_ENJEU', {
        title: e.title,
        first,
        line: e.line,
        ...word,
      });
    }
    seen.set(key, e.line);
    result.push({ position: result.length + 1, title: e.title, body });
  }
  return { frontMatter, preamble: preamble.join('\n').trim(), enjeux: result };
}

function parseFrontMatter(source: string): DraftFrontMatter {
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch (err) {
    throw new DomainError('DRAFT_FRONT_MATTER_INVALID', { parser: (err as Error).message });
  }
  const obj = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const missing: string[] = [];
  const str = (key: string) => {
    const v = obj[key];
    if (typeof v === 'number') return String(v);
    if (typeof v !== 'string' || v.trim() === '') {
      missing.push(key);
      return '';
    }
    return v.trim();
  };
  const caf = str('caf');
  const title = str('title');
  const period = str('period');
  const rawVersion = obj['version'];
  const version = typeof rawVersion === 'string' ? Number(rawVersion) : rawVersion;
  const badVersion = typeof version !== 'number' || !Number.isInteger(version) || version < 1;
  if (missing.length > 0 || badVersion) {
    throw new DomainError('DRAFT_FRONT_MATTER_INVALID', { missing, badVersion });
  }
  return { caf, title, period, version: version as number };
}
