/**
 * The load generator of the web benchmarks (bench:ballot, bench:survey): a child process that
 * POSTs prepared forms over BENCH_CONNECTIONS keep-alive connections until a count or a time is
 * reached, and reports throughput and latencies (only answers with the expected status count);
 * the parent measures its own CPU per request while the child loads it.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { pct } from './support';

export interface Req {
  path: string;
  cookie: string;
  body: string;
}
export interface LoadSpec {
  base: string;
  requests: Req[];
  count: number;
  connections: number;
  seconds: number;
}
export interface LoadResult {
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  cpuMsPerRequest?: number;
}

async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const target = new URL(spec.base);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  let failed = 0;
  const started = performance.now();
  const stopAt = started + spec.seconds * 1000;
  const one = (r: Req) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: r.path,
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(r.body),
            cookie: r.cookie,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const key = String(res.statusCode);
            statuses[key] = (statuses[key] ?? 0) + 1;
            if (res.statusCode === 303) latencies.push(performance.now() - t0);
            else failed += 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        failed += 1;
        resolve();
      });
      req.end(r.body);
    });
  await Promise.all(
    Array.from({ length: spec.connections }, async () => {
      while (next < spec.count && performance.now() < stopAt) {
        const n = next++;
        await one(spec.requests[n % spec.requests.length]!);
      }
    }),
  );
  const elapsed = performance.now() - started;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    ok: latencies.length,
    failed,
    statuses,
    perSecond: (latencies.length / elapsed) * 1000,
    p50: pct(sorted, 50),
    p99: pct(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
}

export function load(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--load'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve(m as LoadResult));
    child.once('error', reject);
    child.send(spec);
  });
}

export async function measured(run: () => Promise<LoadResult>): Promise<LoadResult> {
  const before = process.cpuUsage();
  const r = await run();
  const used = process.cpuUsage(before);
  return { ...r, cpuMsPerRequest: (used.user + used.system) / 1000 / Math.max(1, r.ok) };
}

export function median(runs: LoadResult[]): LoadResult {
  const mid = (f: (r: LoadResult) => number) =>
    runs.map(f).sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)] ?? NaN;
  const statuses: Record<string, number> = {};
  for (const r of runs)
    for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  return {
    ok: runs.reduce((a, r) => a + r.ok, 0),
    failed: runs.reduce((a, r) => a + r.failed, 0),
    statuses,
    perSecond: mid((r) => r.perSecond),
    p50: mid((r) => r.p50),
    p99: mid((r) => r.p99),
    max: Math.max(...runs.map((r) => r.max)),
    cpuMsPerRequest: mid((r) => r.cpuMsPerRequest ?? NaN),
  };
}

export const line = (name: string, r: LoadResult) =>
  `${name.padEnd(38)} ${r.perSecond.toFixed(0).padStart(6)}/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   max ${r.max.toFixed(0).padStart(5)} ms   CPU ${(r.cpuMsPerRequest ?? NaN).toFixed(2)} ms/req   ${r.ok} ok, ${r.failed} failed ${JSON.stringify(r.statuses)}`;

if (process.argv.includes('--load')) {
  process.once('message', (spec: LoadSpec) => {
    void runLoad(spec).then((r) => process.send?.(r, () => process.exit(0)));
  });
}
