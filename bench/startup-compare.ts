// Start-up of one or more builds on the same large data file, alternating, against reading and
// JSON.parse of that file (the yardstick bench/run.ts uses). For before/after figures measured in one
// run: `node --import tsx bench/startup-compare.ts FILE DIST_DIR...` (each DIST_DIR holds a built cli.js).
// Prints each run and the medians; STARTUP_REPEATS runs of each (default 5). Besides the wall times,
// the CPU time each process used (the server's up to its first 200, node's start included; the
// yardstick's for the read and parse alone): on a machine shared with other work the wall times
// stretch with the others' load, the CPU times much less.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, pinned, SERVER_CPU, startServer } from './processes.js';
import { SERVER_NODE_FLAGS } from './server-flags.js';
import { V1_AUTH } from './workloads.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const [file, ...dists] = process.argv.slice(2);
if (!file || dists.length === 0) throw new Error('usage: bench/startup-compare.ts DATA_FILE DIST_DIR...');
const REPEATS = Number(process.env.STARTUP_REPEATS ?? 5);
const work = mkdtempSync(join(tmpdir(), 'thread-sandbox-startup-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** bench/parse-time.ts's measure, with the CPU time of the same lines. */
const PARSE = `import { readFileSync } from 'node:fs';
const cpu = process.cpuUsage();
const started = performance.now();
JSON.parse(readFileSync(process.argv[1], 'utf8'));
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }));`;

interface Timing {
  ms: number;
  cpuMs: number;
}

function parseTiming(): Timing {
  const [bin, ...rest] = pinned(SERVER_CPU, [process.execPath, ...SERVER_NODE_FLAGS, '--input-type=module', '-e', PARSE]) as [string, ...string[]];
  return JSON.parse(execFileSync(bin, [...rest, file as string], { encoding: 'utf8' })) as Timing;
}

let runs = 0;
async function startup(dist: string): Promise<Timing> {
  const dir = mkdtempSync(join(work, `run${runs++}-`));
  const data = join(dir, 'db.json');
  copyFileSync(file as string, data);
  const port = await freePort();
  const server = await startServer({ name: dist, command: [process.execPath, ...SERVER_NODE_FLAGS, join(dist, 'cli.js'), 'serve', '--data', data, '--port', String(port)], port, readyPath: '/v1/threads?start=0&total=50', headers: V1_AUTH });
  const cpuMs = server.cpuMs();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  return { ms: server.startupMs, cpuMs };
}

const parses: Timing[] = [];
const starts = new Map<string, Timing[]>(dists.map((d) => [d, []]));
const fmt = (t: Timing) => `${Math.round(t.ms)} ms (CPU ${Math.round(t.cpuMs)})`;
try {
  for (let i = 0; i < REPEATS; i++) {
    parses.push(parseTiming());
    // Turned each round, so that neither build always runs right after the other.
    for (const dist of i % 2 === 0 ? dists : [...dists].reverse()) (starts.get(dist) as Timing[]).push(await startup(dist));
    process.stderr.write(`round ${i + 1}: parse ${fmt(parses.at(-1) as Timing)}; ${dists.map((d) => `${d} ${fmt((starts.get(d) as Timing[]).at(-1) as Timing)}`).join('; ')}; load average ${loadavg()[0]?.toFixed(2)}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const summary = (ts: Timing[]) => ({ ms: median(ts.map((t) => t.ms)), cpuMs: median(ts.map((t) => t.cpuMs)) });
const p = summary(parses);
process.stdout.write(`read + JSON.parse: median ${fmt(p)}; runs ${parses.map((t) => Math.round(t.ms)).join(', ')} ms\n`);
// The machine's speed drifts between rounds (the same build's CPU time varies by half within a
// run): each start is also divided by the yardstick of its own round, and the median of those
// ratios printed, which the drift moves less than the ratio of the medians.
for (const [dist, ts] of starts) {
  const s = summary(ts);
  const perRound = ts.map((t, i) => t.ms / (parses[i] as Timing).ms);
  process.stdout.write(`${dist}: median ${fmt(s)}, ${(s.ms / p.ms).toFixed(2)}x by wall, ${(s.cpuMs / p.cpuMs).toFixed(2)}x by CPU, per round ${median(perRound).toFixed(2)}x (${perRound.map((r) => r.toFixed(2)).join(', ')}); runs ${ts.map((t) => Math.round(t.ms)).join(', ')} ms\n`);
}
if (dists.length === 2) {
  const [a, b] = dists.map((d) => starts.get(d) as Timing[]) as [Timing[], Timing[]];
  const paired = b.map((t, i) => t.ms / (a[i] as Timing).ms);
  process.stdout.write(`${dists[1]} / ${dists[0]}, the same round: median ${median(paired).toFixed(2)} (${paired.map((r) => r.toFixed(2)).join(', ')})\n`);
}
