// How long the server stops answering during a reset of the largest allowed size (issue 13, item
// 8: /__sandbox/health within 100 ms). While a POST /__sandbox/reset generates, checks, writes and
// indexes the new data, /health is asked one request after another and each answer is timed.
//
// By default the server is the built CLI in its own process (`node dist/cli.js serve`, with the
// heap settings a user's server runs with) and this process is only the client, as a container
// probe is. `--in-process` runs the sandbox in this process instead (then the client's own work
// and the event-loop delay share one loop; the delay is printed too).
//
//   npm run build && node --import tsx bench/reset-latency.ts [records of each kind, default 200000] [--in-memory] [--in-process] [--pinned]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startSandbox } from '../src/sandbox.js';
import { freePort, startServer } from './processes.js';
import { SERVER_NODE_FLAGS } from './server-flags.js';

const records = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 200_000);
const inMemory = process.argv.includes('--in-memory');
const inProcess = process.argv.includes('--in-process');
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const folder = await mkdtemp(join(tmpdir(), 'sandbox-reset-latency-'));
const small = { seed: 1, executionThreads: 10, threads: 10 };

async function serve(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (inProcess) {
    const s = await startSandbox({ ...(inMemory ? {} : { inMemory: false, data: join(folder, 'db.json') }), ...small, logLevel: 'silent' });
    return { url: s.url, stop: () => s.stop() };
  }
  const port = await freePort();
  const store = inMemory ? ['--in-memory'] : ['--data', join(folder, 'db.json')];
  const command = [process.execPath, ...SERVER_NODE_FLAGS, CLI, 'serve', ...store, '--seed', String(small.seed), '--execution-threads', '10', '--threads', '10', '--port', String(port), '--log-level', 'warn'];
  return startServer({ name: 'sandbox', command, port, readyPath: '/__sandbox/health', pinned: process.argv.includes('--pinned') });
}

const sandbox = await serve();
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
  const over = latencies.filter((l) => l > 100).length;
  console.log(`reset of ${records.toLocaleString('en')} execution threads and ${records.toLocaleString('en')} threads (${inMemory ? 'in memory' : 'data file'}, ${inProcess ? 'server in this process' : 'built CLI in its own process'}): ${ms(resetMs)}`);
  console.log(`health during it: ${latencies.length} answers, median ${ms(at(0.5))}, p99 ${ms(at(0.99))}, worst ${ms(latencies[latencies.length - 1] ?? NaN)}, ${over} over 100 ms`);
  if (inProcess) console.log(`event-loop delay: max ${ms(delay.max / 1e6)}, p99 ${ms(delay.percentile(99) / 1e6)} (sampled every 5 ms)`);
} finally {
  await sandbox.stop();
  await rm(folder, { recursive: true, force: true });
}
