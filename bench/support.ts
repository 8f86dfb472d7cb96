/** What the benchmarks share: where they run, and how they read latencies. */

/** Postgres to benchmark against (each benchmark works in a scratch schema of its own). */
export const DATABASE_URL =
  process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/concerto_bench';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The p-th percentile (0–100) of sorted values; NaN when there are none. */
export const pct = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
