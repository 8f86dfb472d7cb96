/**
 * The PDF synthesis of a large round: 150 organisations × 5 enjeux, a comment on every avis
 * (test/support/round-pdf-sample.ts), rendered BENCH_RUNS (5) times after a warm-up; reports the
 * median time, the size, the pages and the memory (peak RSS, heap growth). Target: ≤ 2 s.
 *
 *   npm run bench:pdf
 */
import { renderRoundPdf } from '../src/reports/round-pdf';
import { largeRoundPdfInput } from '../test/support/round-pdf-sample';

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const organisations = Number(process.env.BENCH_ORGANISATIONS ?? 150);
  const enjeux = Number(process.env.BENCH_ENJEUX ?? 5);
  const rssAtStart = process.memoryUsage().rss;
  const input = largeRoundPdfInput(organisations, enjeux);
  await renderRoundPdf(input); // warm-up: fonts parsed, code compiled
  const times: number[] = [];
  const cpuBefore = process.cpuUsage();
  let bytes = 0;
  let peakRss = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const pdf = await renderRoundPdf(input);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    bytes = pdf.length;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  clearInterval(timer);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuPerRun = (cpu.user + cpu.system) / 1000 / runs;
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  console.log(
    `PDF synthesis, ${organisations} organisations × ${enjeux} enjeux, ${organisations * enjeux} comments: ` +
      `median ${median.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times[times.length - 1]!.toFixed(0)}) over ${runs} runs, CPU ${cpuPerRun.toFixed(0)} ms a run; ` +
      `${mb(bytes)}; RSS ${mb(rssAtStart)} at start, peak ${mb(peakRss)}; heap growth ${mb(process.memoryUsage().heapUsed - heapBefore)}; ` +
      `target ≤ 2000 ms: ${median <= 2000 ? 'met' : 'NOT met'}`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
