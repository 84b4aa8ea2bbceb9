// How long the server stops answering during a reset of the largest allowed size (issue 13, item
// 8: /__sandbox/health within 100 ms). A sandbox with a data file runs in this process; while a
// POST /__sandbox/reset generates, checks, writes and indexes the new data, /health is asked one
// request after another, and the event loop's delay is sampled. The figures: the worst health
// latency, the longest event-loop delay, and how long the reset took.
//
//   node --import tsx bench/reset-latency.ts [records of each kind, default 200000] [--in-memory]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startSandbox } from '../src/sandbox.js';

const records = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 200_000);
const inMemory = process.argv.includes('--in-memory');
const folder = await mkdtemp(join(tmpdir(), 'sandbox-reset-latency-'));
const sandbox = await startSandbox(inMemory ? { seed: 1, executionThreads: 10, threads: 10, logLevel: 'silent' } : { inMemory: false, data: join(folder, 'db.json'), seed: 1, executionThreads: 10, threads: 10, logLevel: 'silent' });
try {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  let done = false;
  const reset = fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seed: 2, executionThreads: records, threads: records }) }).then(async (res) => {
    const body = await res.text();
    done = true;
    if (res.status !== 200) throw new Error(`reset answered ${res.status}: ${body}`);
    return performance.now() - started;
  });
  const latencies: number[] = [];
  while (!done) {
    const asked = performance.now();
    const res = await fetch(`${sandbox.url}/__sandbox/health`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`health answered ${res.status}`);
    latencies.push(performance.now() - asked);
  }
  const resetMs = await reset;
  delay.disable();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  console.log(`reset of ${records.toLocaleString('en')} execution threads and ${records.toLocaleString('en')} threads (${inMemory ? 'in memory' : 'data file'}): ${ms(resetMs)}`);
  console.log(`health during it: ${latencies.length} answers, median ${ms(at(0.5))}, p99 ${ms(at(0.99))}, worst ${ms(latencies[latencies.length - 1] ?? NaN)}`);
  console.log(`event-loop delay: max ${ms(delay.max / 1e6)}, p99 ${ms(delay.percentile(99) / 1e6)} (sampled every 5 ms)`);
} finally {
  await sandbox.stop();
  await rm(folder, { recursive: true, force: true });
}
