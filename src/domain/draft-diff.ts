import { diffWordsWithSpace } from 'diff';
import { normaliseTitle } from './draft';
import type { EnjeuText } from './types';

export type EnjeuChange =
  | { kind: 'added'; title: string; after: string }
  | { kind: 'removed'; title: string; before: string }
  | { kind: 'changed'; title: string; before: string; after: string; passages: ChangedPassage[] }
  | { kind: 'unchanged'; title: string };

/** One changed passage: the words removed and those added in their place, with some context. */
export interface ChangedPassage {
  removed: string;
  added: string;
  context: string;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Compares two versions of a draft enjeu by enjeu. Enjeux are matched by title (case and
 * spacing ignored); the result follows the new version's order, removed enjeux last.
 */
export function diffDrafts(before: EnjeuText[], after: EnjeuText[]): EnjeuChange[] {
  const old = new Map(before.map((e) => [normaliseTitle(e.title), e]));
  const result: EnjeuChange[] = [];
  const matched = new Set<string>();
  for (const e of after) {
    const key = normaliseTitle(e.title);
    const previous = old.get(key);
    if (!previous) {
      result.push({ kind: 'added', title: e.title, after: e.body });
      continue;
    }
    matched.add(key);
    if (squash(previous.body) === squash(e.body)) {
      result.push({ kind: 'unchanged', title: e.title });
    } else {
      result.push({
        kind: 'changed',
        title: e.title,
        before: previous.body,
        after: e.body,
        passages: changedPassages(previous.body, e.body),
      });
    }
  }
  for (const e of before) {
    if (!matched.has(normaliseTitle(e.title)))
      result.push({ kind: 'removed', title: e.title, before: e.body });
  }
  return result;
}

/** Groups word-level differences into passages (runs of changes separated by unchanged text). */
export function changedPassages(before: string, after: string): ChangedPassage[] {
  const parts = diffWordsWithSpace(squash(before), squash(after));
  const passages: ChangedPassage[] = [];
  let current: ChangedPassage | null = null;
  let lastContext = '';
  for (const part of parts) {
    if (!part.added && !part.removed) {
      // A short unchanged gap (one or two words) stays inside the passage.
      if (current && part.value.trim().split(/\s+/).length <= 2 && part.value.length < 20) {
        current.removed += part.value;
        current.added += part.value;
        continue;
      }
      if (current) passages.push(current);
      current = null;
      lastContext = part.value.split(/\s+/).slice(-6).join(' ');
      continue;
    }
    current ??= { removed: '', added: '', context: lastContext.trim() };
    if (part.added) current.added += part.value;
    else current.removed += part.value;
  }
  if (current) passages.push(current);
  return passages.map((p) => ({ ...p, removed: p.removed.trim(), added: p.added.trim() }));
}
