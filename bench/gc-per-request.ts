// What the garbage collector costs per request: the built sandbox runs with --trace-gc (and
// --log-level warn, so that its stdout holds only the trace) on a seeded dataset, a workload runs
// pinned as in the bench, and the pauses V8 reports during the measured seconds are summed and
// divided by the requests answered. Pauses only: work of the collector's helper threads next to
// the main thread is not in them.
// The server's CPU time per answered request is printed beside it (pauses do not show the marking
// done on the helper threads, CPU time does), and `--cli` runs another build (e.g. a copy of an
// older dist/ next to it) so that before and after are measured in the same run.
//   npm run build && node --import tsx bench/gc-per-request.ts --sizes 1000,100000 --only W1,W3 --seconds 5
//   node --import tsx bench/gc-per-request.ts --cli dist-before/cli.js,dist/cli.js
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureWorkload } from './measure-workload.js';
import { freePort, startServer } from './processes.js';
import { SERVER_NODE_FLAGS } from './server-flags.js';
import { V1_AUTH, WORKLOADS } from './workloads.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({ options: { sizes: { type: 'string', default: '1000,100000' }, only: { type: 'string', default: 'W1,W1f,W2,W3' }, seconds: { type: 'string', default: '5' }, cli: { type: 'string', default: 'dist/cli.js' } } });
const work = mkdtempSync(join(tmpdir(), 'thread-sandbox-gc-'));
// "[pid:0x...]   1234 ms: Scavenge 40.1 (52.3) -> 30.2 (52.3) MB, 1.23 / 0.00 ms ..."
const LINE = /(\d+) ms: (Scavenge|Mark-Compact|Minor Mark-Compact)[^,]*, ([\d.]+) \/ [\d.]+ ms/;

try {
  for (const size of (args.sizes as string).split(',').map(Number)) {
   for (const build of (args.cli as string).split(',')) {
    const cli = join(ROOT, build);
    const data = join(work, `db-${size}.json`);
    if (!existsSync(data)) execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'seed', '--out', data, '--seed', '7', '--execution-threads', String(size), '--threads', String(size)], { stdio: 'ignore' });
    const port = await freePort();
    const events: { at: number; kind: string; ms: number }[] = [];
    let pending = '';
    const server = await startServer({
      name: 'sandbox',
      command: [process.execPath, ...SERVER_NODE_FLAGS, '--trace-gc', cli, 'serve', '--data', data, '--port', String(port), '--log-level', 'warn'],
      port,
      readyPath: '/v1/threads?start=0&total=50',
      headers: V1_AUTH,
      onStdout: (chunk) => {
        const lines = (pending + chunk.toString()).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          const m = LINE.exec(line);
          if (m) events.push({ at: Number(m[1]), kind: m[2] as string, ms: Number(m[3]) });
        }
      },
    });
    try {
      for (const w of WORKLOADS.filter((x) => (args.only as string).split(',').includes(x.name))) {
        let from = 0;
        const { result, cpuUsPerRequest: cpuUs } = await measureWorkload(server, w, Number(args.seconds), 200, () => (from = events.length));
        const during = events.slice(from);
        const sum = (kind: string) => during.filter((e) => e.kind === kind).reduce((n, e) => n + e.ms, 0);
        const perReq = (ms: number) => ((ms * 1000) / Math.max(result.total, 1)).toFixed(1);
        const scavenge = sum('Scavenge');
        const full = sum('Mark-Compact');
        process.stdout.write(
          `${build} ${size} ${w.name}: ${Math.round(result.rps)} req/s, CPU ${cpuUs.toFixed(0)} µs/request; GC pauses ${perReq(scavenge + full)} µs/request (scavenges ${perReq(scavenge)}, ${during.filter((e) => e.kind === 'Scavenge').length}; mark-compacts ${perReq(full)}, ${during.filter((e) => e.kind === 'Mark-Compact').length}); peak RSS ${Math.round(server.peakRss() / 1048576)} MB\n`,
        );
      }
    } finally {
      await server.stop();
    }
   }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
