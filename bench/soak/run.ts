// Soak: 64 connections for 60 s against a server holding 100,000 execution threads and 100,000
// threads: every operation of both APIs, control-plane reads and create/delete pairs. Reports
// errors (must be 0), p99 latency and resident memory at start and end (growth must stay under
// 10%). Not part of npm test: `npm run soak` (SOAK_SECONDS, SOAK_CONNECTIONS). Resident memory is
// also sampled every SOAK_SAMPLE_SECONDS (10) to tell a plateau from steady growth; with
// SOAK_HEAP_DETAIL=1 the samples show the server's heap too, and at the start and the end the
// server collects garbage and the report says what it still holds (heap-probe.ts;
// SOAK_HEAP_SNAPSHOTS=1 adds heap snapshots in bench/out/soak). Those two collections change what
// the end's resident memory is compared with: the pass/fail figures are a run without it.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { HeapFigures, HeapProbe } from './heap-probe.js';
import { operationsFor, type SoakData } from './operations.js';

interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = `${ROOT}bench/out/soak`;
const SEEDED = `${OUT}/seed-7-100k.json`;
const DATA = `${OUT}/db.json`;
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 64);
// 30 s, not 10: V8's old space is still filling with not-yet-collected garbage up to the level
// --heap-growing-percent allows for about 30 s of this load, so growth measured from an earlier
// start says how far the warm-up got rather than whether memory leaks (docs/reliability.md).
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? 30);
const SAMPLE_SECONDS = Number(process.env.SOAK_SAMPLE_SECONDS ?? 10);
const HEAP_DETAIL = process.env.SOAK_HEAP_DETAIL === '1' ? `${OUT}/heap` : undefined;
const cli = (...args: string[]) => [process.execPath, '--import', 'tsx', `${ROOT}src/cli.ts`, ...args];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function heapFigures(figures: HeapFigures | undefined) {
  if (!figures) return undefined;
  const spaces = Object.entries(figures.spaces).filter(([, space]) => space.size > 0);
  return {
    rss: mb(figures.rss),
    total: mb(figures.heapTotal),
    used: mb(figures.heapUsed),
    external: mb(figures.external),
    arrayBuffers: mb(figures.arrayBuffers),
    spaces: Object.fromEntries(spaces.map(([name, space]) => [name, `${mb(space.used)} of ${mb(space.size)}`])),
  };
}

/** The heap as the soak found it, and what was still reachable after full collections. */
function heapSummary(probe: HeapProbe) {
  return { asFound: heapFigures(probe.before), afterGc: heapFigures(probe.afterGc) };
}

mkdirSync(OUT, { recursive: true });
if (!existsSync(SEEDED)) {
  process.stderr.write('seeding 100,000 execution threads and 100,000 threads (once)...\n');
  const [cmd, ...args] = cli('seed', '--out', SEEDED, '--seed', '7', '--execution-threads', '100000', '--threads', '100000');
  const seeded = spawnSync(cmd as string, args, { stdio: 'inherit' });
  if (seeded.status !== 0) throw new Error('seeding failed');
}
rmSync(`${DATA}.wal`, { force: true });
copyFileSync(SEEDED, DATA);
const data = JSON.parse(readFileSync(SEEDED, 'utf8')) as SoakData;

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const [cmd, ...args] = cli('serve', '--data', DATA, '--port', String(port), '--log-level', 'warn');
if (HEAP_DETAIL) for (const old of readdirSync(OUT).filter((f) => f.startsWith('heap.'))) rmSync(`${OUT}/${old}`);
const probeFlags = HEAP_DETAIL ? ['--expose-gc', '--import', `${ROOT}bench/soak/heap-probe.ts`] : [];
// After tsx's --import, which the probe needs to load.
const server = spawn(cmd as string, [...args.slice(0, 2), ...probeFlags, ...args.slice(2)], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: HEAP_DETAIL ? { ...process.env, SOAK_HEAP_DETAIL: HEAP_DETAIL } : process.env,
});
const stopServer = () => server.exitCode === null && server.kill('SIGTERM');
process.on('exit', stopServer);

for (let ready = false; !ready; ) {
  if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
  ready = await fetch(`${url}/v1/threads`, { headers: { 'Api-Token': 'soak' } }).then((r) => r.ok, () => false);
  if (!ready) await new Promise((resolve) => setTimeout(resolve, 200));
}

const adminAvailable = (await fetch(`${url}/__sandbox/health`)).ok;
const operations = await operationsFor(url, data, adminAvailable);
const run = (seconds: number) =>
  autocannon({ url, connections: CONNECTIONS, duration: seconds, requests: [{ setupRequest: operations.next, onResponse: operations.onResponse }], timeout: 10 });

let probes = 0;
/** The server's heap figures (heap-probe.ts), after full collections when `collect`; only with SOAK_HEAP_DETAIL. */
async function probeHeap(collect: boolean): Promise<HeapProbe | undefined> {
  if (!HEAP_DETAIL) return undefined;
  if (collect) writeFileSync(`${HEAP_DETAIL}.gc`, '');
  const file = `${HEAP_DETAIL}.${++probes}.json`;
  server.kill('SIGUSR2');
  while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 50));
  return JSON.parse(readFileSync(file, 'utf8')) as HeapProbe;
}

const rssIdle = rssOf(server.pid as number);
process.stderr.write(`warming up for ${WARMUP_SECONDS} s...\n`);
await run(WARMUP_SECONDS);
const rssStart = rssOf(server.pid as number);
const heapStart = await probeHeap(true);
process.stderr.write(`soaking: ${CONNECTIONS} connections for ${SECONDS} s, ${operations.names.join(', ')}\n`);
const samples: Record<string, number | string>[] = [];
const started = Date.now();
let sampling = Promise.resolve();
// Samples read the heap as it is (no collection), so they do not change what they watch.
const sampler = setInterval(() => {
  sampling = sampling.then(async () => {
    const rss = rssOf(server.pid as number);
    const heap = (await probeHeap(false))?.before;
    samples.push({
      second: Math.round((Date.now() - started) / 1000),
      rss: mb(rss),
      ...(heap && { heapTotal: mb(heap.heapTotal), heapUsed: mb(heap.heapUsed), newSpace: mb(heap.spaces.new_space?.size ?? 0), oldSpace: mb(heap.spaces.old_space?.size ?? 0) }),
    });
  });
}, SAMPLE_SECONDS * 1000);
const result = await run(SECONDS);
clearInterval(sampler);
await sampling;
const rssEnd = rssOf(server.pid as number);
const heapEnd = await probeHeap(true);
stopServer();

const errors = result.errors + result.timeouts + result.non2xx;
const growth = (rssEnd - rssStart) / rssStart;
const report = {
  connections: CONNECTIONS,
  seconds: SECONDS,
  operations: operations.names,
  requests: result.requests.total,
  requestsPerSecond: Math.round(result.requests.average),
  errors,
  statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count])),
  latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  rss: { idle: mb(rssIdle), start: mb(rssStart), end: mb(rssEnd), growthPercent: Math.round(growth * 1000) / 10 },
  samples,
  ...(heapStart && heapEnd && { heap: { start: heapSummary(heapStart), end: heapSummary(heapEnd) } }),
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
if (errors > 0 || growth >= 0.1) {
  process.stderr.write(`soak FAILED: ${errors} errors, memory growth ${report.rss.growthPercent}%\n`);
  process.exitCode = 1;
}
