/**
 * A small, seeded fuzzer for the security tests: the same inputs on every run (mulberry32), so a
 * failure can be replayed; each generator is bounded in size and depth.
 */
export type Random = () => number;

export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: Random, max: number) => Math.floor(r() * max);
export const pick = <T>(r: Random, list: readonly T[]): T => list[int(r, list.length)]!;

const PIECES = [
  'a',
  'Z',
  '0',
  ' ',
  'é',
  '«',
  '😀',
  '\u0000',
  '\u0007',
  '\ud800',
  '\udc00',
  '\n',
  '\r\n',
  '\t',
  '"',
  "'",
  '\\',
  '<script>',
  '%',
  '%E0%A4%A',
  '&',
  '=',
  ';',
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  'null',
  'rejoindre',
  'statut',
  '__proto__',
  'constructor',
  '-1',
  '1e309',
];

/** A string of up to `max` pieces: ASCII, accents, emoji, NUL, lone surrogates, syntax. */
export function text(r: Random, max = 12): string {
  let s = '';
  const n = int(r, max + 1);
  for (let i = 0; i < n; i++) s += pick(r, PIECES);
  if (r() < 0.03) s += 'x'.repeat(int(r, 70_000));
  return s;
}

/** Any JSON value, at most `depth` levels deep. */
export function json(r: Random, depth = 3): unknown {
  const kind = int(r, depth > 0 ? 8 : 5);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return pick(r, [0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308]);
    case 3:
    case 4:
      return text(r);
    case 5:
    case 6: {
      const o: Record<string, unknown> = {};
      for (let i = int(r, 4); i > 0; i--) o[text(r, 3) || 'k'] = json(r, depth - 1);
      return o;
    }
    default:
      return Array.from({ length: int(r, 4) }, () => json(r, depth - 1));
  }
}

/**
 * A copy of `value` with a few random changes at random depths: a key deleted, a value replaced
 * by any JSON, a key added, a string cut.
 */
export function mutate(r: Random, value: unknown, changes = 1 + int(r, 3)): unknown {
  let out = JSON.parse(JSON.stringify(value)) as unknown;
  for (let c = 0; c < changes; c++) out = mutateOnce(r, out, 0);
  return out;
}

function mutateOnce(r: Random, v: unknown, depth: number): unknown {
  if (typeof v === 'string') return r() < 0.5 ? v.slice(0, int(r, v.length + 1)) : text(r);
  if (v === null || typeof v !== 'object' || depth > 6 || r() < 0.15) return json(r);
  if (Array.isArray(v)) {
    if (v.length === 0 || r() < 0.2) return [...v, json(r)];
    const i = int(r, v.length);
    const copy = [...v];
    copy[i] = mutateOnce(r, copy[i], depth + 1);
    return copy;
  }
  const o = { ...(v as Record<string, unknown>) };
  const keys = Object.keys(o);
  const roll = r();
  if (keys.length === 0 || roll < 0.15) o[text(r, 3) || 'k'] = json(r);
  else if (roll < 0.35) delete o[pick(r, keys)];
  else {
    const k = pick(r, keys);
    o[k] = mutateOnce(r, o[k], depth + 1);
  }
  return o;
}

/** Runs `n` tasks, `concurrency` at a time. */
export async function inBatches(
  n: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

/** Percent-encodes the UTF-8 bytes of `s` (lone surrogates become U+FFFD, as on the wire). */
export function enc(s: string): string {
  return [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** Printable ASCII only: what a header value may carry. */
export function ascii(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}
