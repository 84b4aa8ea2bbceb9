// npm run bench: the sandbox (built CLI) against a bare node:http and a bare express 5 server that
// replay the sandbox's own bytes, per workload and dataset, in one run. `--smoke` runs everything
// for one second each on a small dataset (from source, no build needed) to keep the bench working.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { RecordedAnswer } from './baselines/recorded.js';
import { runLoad } from './load.js';
import type { LoadRequest } from './load-worker.js';
import { canPin, freePort, pinned, SERVER_CPU, startServer, withRssPeak, type ServerProcess } from './processes.js';
import { SERVER_NODE_FLAGS } from './server-flags.js';
import { benchPostgres, POSTGRES_WORKLOADS, postgresBenchUnavailable } from './postgres-engine.js';
import { markdown, table, startupLines, verdicts, type Results, type Row } from './report.js';
import { installPeers, peersInstalled, runPeers } from './peers.js';
import { peerTable } from './peer-table.js';
import { W4, WORKLOADS, V1_AUTH, type Workload } from './workloads.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);
const MB = 1024 * 1024;

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    out: { type: 'string' },
    only: { type: 'string' },
    sizes: { type: 'string' },
    seconds: { type: 'string' },
    // The PostgreSQL engine's rows: measured when its binaries exist (not in --smoke);
    // --postgres requires them (and adds them to --smoke), --no-postgres leaves them out.
    postgres: { type: 'boolean' },
    'no-postgres': { type: 'boolean' },
    peers: { type: 'boolean', default: false },
    rounds: { type: 'string' },
  },
});
const smoke = args.smoke === true;
const config = smoke
  ? { warmup: 0, seconds: 1, connections: 4, writers: 4, sizes: [200], startupRepeats: 1, rounds: 1 }
  : { warmup: 2, seconds: 8, connections: 32, writers: 64, sizes: [1_000, 100_000], startupRepeats: 3, rounds: 2 };
if (args.sizes) config.sizes = args.sizes.split(',').map(Number);
if (args.seconds) config.seconds = Number(args.seconds);
if (args.rounds) config.rounds = Number(args.rounds);
const only = args.only ? new Set(args.only.split(',')) : undefined;
const reads = WORKLOADS.filter((w) => !only || only.has(w.name));
// `--peers` installs the peers on first use; once installed they join every full run.
if (args.peers === true && !smoke) installPeers(log);
const withPeers = !smoke && (args.peers === true || (!only && peersInstalled()) || only?.has('peers') === true) && peersInstalled();
const out = args.out ?? (smoke ? join(tmpdir(), 'thread-sandbox-bench-smoke.md') : join(ROOT, 'bench', 'results.md'));

const postgresMissing = postgresBenchUnavailable();
if (args.postgres && postgresMissing) throw new Error(`--postgres: ${postgresMissing}`);
const withPostgres = args['no-postgres'] !== true && (args.postgres === true || (!smoke && !postgresMissing));

const cli = smoke ? [process.execPath, ...SERVER_NODE_FLAGS, '--import', 'tsx', join(ROOT, 'src', 'cli.ts')] : [process.execPath, ...SERVER_NODE_FLAGS, join(ROOT, 'dist', 'cli.js')];
if (!smoke && !existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first (`npm run bench` does)');
const tsNode = (file: string) => [process.execPath, ...SERVER_NODE_FLAGS, '--import', 'tsx', join(ROOT, 'bench', file)];
const work = mkdtempSync(join(tmpdir(), 'thread-sandbox-bench-'));

const seeds = new Map<number, string>();
function seedFile(size: number): string {
  const file = join(work, `seed7-${size}.json`);
  if (seeds.has(size)) return file;
  seeds.set(size, file);
  log(`generating ${size} execution threads and threads (seed 7)`);
  execFileSync(cli[0] as string, [...cli.slice(1), 'seed', '--out', file, '--seed', '7', '--execution-threads', String(size), '--threads', String(size)], { stdio: 'ignore' });
  return file;
}

let runs = 0;
async function startSandbox(seed: string, extra: string[] = []): Promise<ServerProcess> {
  const dir = mkdtempSync(join(work, `run${runs++}-`));
  const data = join(dir, 'db.json');
  copyFileSync(seed, data);
  const port = await freePort();
  return startServer({ name: 'sandbox', command: [...cli, 'serve', '--data', data, '--port', String(port), ...extra], port, readyPath: '/v1/threads?start=0&total=50', headers: V1_AUTH });
}

async function record(server: ServerProcess, w: Workload, requests: LoadRequest[]): Promise<RecordedAnswer[]> {
  const answers: RecordedAnswer[] = [];
  for (const r of requests) {
    const res = await fetch(server.url + r.path, { method: r.method, headers: r.headers, ...(r.body === undefined ? {} : { body: r.body }) });
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== w.expectStatus) throw new Error(`${w.name}: ${r.method} ${r.path} answered ${res.status}, expected ${w.expectStatus}: ${body.toString()}`);
    answers.push({ method: r.method, url: r.path, status: res.status, contentType: res.headers.get('content-type') ?? 'application/json', body: body.toString('base64') });
  }
  return answers;
}

async function measure(server: ServerProcess, requests: LoadRequest[], connections = config.connections) {
  const job = { url: server.url, requests, connections, warmupSeconds: 0 };
  if (config.warmup > 0) await runLoad({ ...job, seconds: config.warmup }, smoke);
  const cpuBefore = server.cpuMs();
  const { result, peakRss } = await withRssPeak(server, () => runLoad({ ...job, seconds: config.seconds }, smoke));
  // Server CPU per answered request: steadier than req/s when other work shares the machine.
  const cpuUsPerReq = ((server.cpuMs() - cpuBefore) * 1000) / Math.max(result.total, 1);
  return { ...result, cpuUsPerReq, peakRssMb: peakRss / MB };
}

type Measured = Awaited<ReturnType<typeof measure>>;

/** Keeps the round with the most requests per second of one server in the row (noise only slows a server down). */
function keepBest(row: Row, server: 'sandbox' | 'express' | 'node', m: Measured): void {
  if (server === 'sandbox') {
    if (m.rps > row.rps) Object.assign(row, { rps: m.rps, p50: m.p50, p99: m.p99, cpuUs: m.cpuUsPerReq });
    Object.assign(row, { errors: row.errors + m.errors, non2xx: row.non2xx + m.non2xx, peakRssMb: Math.max(row.peakRssMb, m.peakRssMb) });
  } else if (server === 'express') {
    if (m.rps > (row.expressRps ?? 0)) Object.assign(row, { expressRps: m.rps, expressCpuUs: m.cpuUsPerReq, expressP99: m.p99 });
  } else if (m.rps > (row.nodeRps ?? 0)) Object.assign(row, { nodeRps: m.rps, nodeCpuUs: m.cpuUsPerReq });
}

async function baseline(name: string, file: string, answers: RecordedAnswer[]): Promise<ServerProcess> {
  const recorded = join(work, `answers-${runs++}.json`);
  writeFileSync(recorded, JSON.stringify(answers));
  const port = await freePort();
  const first = answers[0] as RecordedAnswer;
  return startServer({ name, command: [...tsNode(file), recorded, String(port)], port, readyPath: first.url });
}

/** Reading and parsing the file in a fresh process pinned like the sandbox: what start-up is compared with. */
function parseMs(file: string): number {
  const [bin, ...rest] = pinned(SERVER_CPU, tsNode('parse-time.ts')) as [string, ...string[]];
  return Number(execFileSync(bin, [...rest, file], { encoding: 'utf8' }));
}

const results: Results = { rows: [], startupMs: new Map(), parseMs: new Map(), peakRssAfterReadsMb: new Map(), pinned: canPin, seconds: config.seconds, rounds: config.rounds, connections: config.connections };

try {
  for (const size of config.sizes) {
    const seed = seedFile(size);
    const startups: number[] = [];
    const parses: number[] = [];
    for (let i = 1; i < config.startupRepeats; i++) {
      parses.push(parseMs(seed));
      const s = await startSandbox(seed);
      startups.push(s.startupMs);
      await s.stop();
    }
    parses.push(parseMs(seed));
    const sandbox = await startSandbox(seed);
    startups.push(sandbox.startupMs);
    results.startupMs.set(size, startups);
    results.parseMs.set(size, parses);
    log(`${size}: startup ${startups.map((ms) => Math.round(ms)).join(', ')} ms; read and JSON.parse ${parses.map((ms) => Math.round(ms)).join(', ')} ms`);

    // Every answer is recorded first, so that the baselines can replay them; then each workload is
    // measured on the three servers back to back, in rounds, the order turned each round. The
    // machine's speed drifts by tens of percent over minutes (other guests on the host): measured
    // minutes apart, a ratio reads the drift. Best of the rounds per server.
    const plan: { w: Workload; requests: LoadRequest[]; answers: RecordedAnswer[]; row: Row }[] = [];
    for (const w of reads) {
      const requests = await w.resolve(sandbox.url);
      const answers = await record(sandbox, w, requests);
      const bytes = answers.reduce((n, a) => n + Buffer.from(a.body, 'base64').length, 0) / answers.length;
      const row: Row = { size, workload: w.name, rps: 0, p50: 0, p99: 0, errors: 0, non2xx: 0, bytes, peakRssMb: 0, cpuUs: 0 };
      plan.push({ w, requests, answers, row });
      results.rows.push(row);
    }
    const baselines = plan.length === 0 ? [] : [await baseline('express', 'baselines/express.ts', plan.flatMap((p) => p.answers)), await baseline('node:http', 'baselines/node-http.ts', plan.flatMap((p) => p.answers))];
    const servers = [sandbox, ...baselines];
    for (let round = 0; round < config.rounds; round++) {
      for (const p of plan) {
        const order = round % 2 === 0 ? servers : [...servers].reverse();
        for (const server of order) {
          const m = await measure(server, p.requests);
          if (server !== sandbox && (m.errors > 0 || m.non2xx > 0)) throw new Error(`${server.name} baseline failed on ${p.w.name}: ${m.errors} errors, ${m.non2xx} non-2xx`);
          log(`${size} ${p.w.name} ${server.name}${config.rounds > 1 ? ` (round ${round + 1})` : ''}: ${Math.round(m.rps)} req/s, p99 ${m.p99} ms, ${Math.round(m.cpuUsPerReq)} µs CPU/req`);
          keepBest(p.row, server === sandbox ? 'sandbox' : server.name === 'express' ? 'express' : 'node', m);
        }
      }
    }
    results.peakRssAfterReadsMb.set(size, sandbox.peakRss() / MB);
    for (const server of servers) await server.stop();

    const w1 = plan.find((p) => p.w.name === 'W1');
    let validated: Row | undefined;
    if (w1) {
      const checked = await startSandbox(seed, ['--validate-responses']);
      const m = await measure(checked, w1.requests);
      await checked.stop();
      validated = { ...w1.row, note: 'validate responses', rps: m.rps, p50: m.p50, p99: m.p99, errors: m.errors, non2xx: m.non2xx, peakRssMb: m.peakRssMb, cpuUs: m.cpuUsPerReq };
      results.rows.push(validated);
      log(`${size} W1 validated: ${Math.round(m.rps)} req/s, ${Math.round(m.cpuUsPerReq)} µs CPU/req`);
    }

    // The checked W1 is compared with the same baselines as W1.
    if (validated && w1) Object.assign(validated, { expressRps: w1.row.expressRps, nodeRps: w1.row.nodeRps, expressCpuUs: w1.row.expressCpuUs, nodeCpuUs: w1.row.nodeCpuUs });
  }

  const pgReads = reads.filter((w) => POSTGRES_WORKLOADS.includes(w.name));
  if (withPostgres) {
    const size = config.sizes.includes(1_000) ? 1_000 : Math.min(...config.sizes);
    try {
      results.postgres = await benchPostgres({
        cli,
        size,
        seedFile: join(work, `seed7-${size}.json`),
        reads: pgReads,
        measure: (server, requests) => measure(server, requests),
        warmupSeconds: config.warmup,
        seconds: config.seconds,
        writers: config.writers,
        smoke,
        log,
      });
      // The same answers as the file engine's: compare with the same baselines.
      for (const row of results.postgres.rows) {
        const file = results.rows.find((x) => x.size === row.size && x.workload === row.workload && !x.note);
        if (file) Object.assign(row, { bytes: file.bytes, expressRps: file.expressRps, nodeRps: file.nodeRps, expressCpuUs: file.expressCpuUs, nodeCpuUs: file.nodeCpuUs, expressP99: file.expressP99 });
        results.rows.push(row);
      }
    } catch (error) {
      if (args.postgres) throw error;
      results.postgres = { rows: [], dbCpuUs: new Map(), skipped: (error as Error).message };
      log(`PostgreSQL engine not measured: ${(error as Error).message}`);
    }
  } else if (!smoke) {
    results.postgres = { rows: [], dbCpuUs: new Map(), skipped: postgresMissing ?? '--no-postgres' };
  }

  if (!only || only.has('W4')) {
    const size = Math.max(...config.sizes);
    const sandbox = await startSandbox(join(work, `seed7-${size}.json`));
    try {
      const requests = await W4.resolve(sandbox.url);
      await record(sandbox, W4, requests);
      const m = await measure(sandbox, requests, config.writers);
      results.w4 = { rps: m.rps, p99: m.p99, errors: m.errors, non2xx: m.non2xx, cpuUs: m.cpuUsPerReq };
      log(`W4: ${Math.round(m.rps)} creates/s`);
    } catch (error) {
      results.w4Skipped = (error as Error).message;
      log(`W4 skipped: ${results.w4Skipped}`);
    } finally {
      await sandbox.stop();
    }
  }

  if (withPeers) {
    results.peers = await runPeers({
      sizes: config.sizes,
      warmup: Math.min(config.warmup, 1),
      seconds: Math.min(config.seconds, 5),
      connections: config.connections,
      seedFile,
      sandboxCommand: (seed, port) => {
        // A fresh folder each time: with no seed the first start creates the file from the bundled fixtures.
        const dir = mkdtempSync(join(work, `run${runs++}-`));
        if (seed) copyFileSync(seed, join(dir, 'db.json'));
        return [...cli, 'serve', '--data', join(dir, 'db.json'), '--port', String(port)];
      },
      work,
      fixtures: join(ROOT, 'fixtures', 'default.json'),
      log,
    });
  } else if (!smoke) {
    results.peersSkipped = peersInstalled() ? 'not asked for (--only without peers)' : 'the peers are not installed: `npm run bench -- --peers` installs them into bench/peers/';
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const command = `npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const peerSection = results.peers ? `\n${peerTable(results.peers)}\n` : results.peersSkipped ? `\npeers: ${results.peersSkipped}\n` : '';
process.stdout.write(`${results.rows.length ? `${table(results)}\n\n` : ''}${startupLines(results)}\n${peerSection}\n${verdicts(results).join('\n')}\n`);
writeFileSync(out, markdown(results, command));
log(`wrote ${out}`);
