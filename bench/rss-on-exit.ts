/**
 * Preloaded (`node --require`) by bench/import.ts into the processes it measures: writes the
 * process' peak resident set size (kB, `process.resourceUsage().maxRSS`) and its CPU time (µs,
 * user + system) to BENCH_RSS_FILE on exit, as `rss cpu`.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, `${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}`);
  });
}
