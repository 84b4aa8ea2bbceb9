// Soak: 64 connections for 60 s against a server holding 100,000 execution threads and 100,000
// threads: every operation of both APIs, control-plane reads and create/delete pairs. Reports
// errors (must be 0), p99 latency and resident memory at start and end (growth must stay under
// 10%). Not part of npm test: `npm run soak` (SOAK_SECONDS, SOAK_CONNECTIONS).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
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
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? 10);
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
const server = spawn(cmd as string, args, { stdio: ['ignore', 'inherit', 'inherit'] });
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

const rssIdle = rssOf(server.pid as number);
process.stderr.write(`warming up for ${WARMUP_SECONDS} s...\n`);
await run(WARMUP_SECONDS);
const rssStart = rssOf(server.pid as number);
process.stderr.write(`soaking: ${CONNECTIONS} connections for ${SECONDS} s, ${operations.names.join(', ')}\n`);
const result = await run(SECONDS);
const rssEnd = rssOf(server.pid as number);
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
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
if (errors > 0 || growth >= 0.1) {
  process.stderr.write(`soak FAILED: ${errors} errors, memory growth ${report.rss.growthPercent}%\n`);
  process.exitCode = 1;
}
