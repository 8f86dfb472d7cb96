/**
 * Preloaded (`node --require`) by bench/import.ts into the processes it measures: writes the
 * process' peak resident set size (kB, `process.resourceUsage().maxRSS`) to BENCH_RSS_FILE on exit.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
}
