// What a request leaves to the collector, in figures that hold on a loaded machine: the bytes
// promoted to the old generation per request (what survived two scavenges), the mark-compacts per
// 10,000 requests and their pause time, and the objects the heap holds after the workloads (a heap
// snapshot's node count: what every mark-compact has to mark). The built sandbox runs with
// --trace-gc-nvp on a seeded dataset, a workload runs pinned as in the bench; CPU per request is
// printed beside it (noisy on a shared machine, the other figures much less so).
//   npm run build && node --import tsx bench/heap-per-request.ts --sizes 1000,100000 --only W1,W3
//   node --import tsx bench/heap-per-request.ts --cli dist-before/cli.js,dist/cli.js   # two builds, one run
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, closeSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureWorkload } from './measure-workload.js';
import { freePort, startServer } from './processes.js';
import { SERVER_NODE_FLAGS } from './server-flags.js';
import { V1_AUTH, WORKLOADS } from './workloads.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,100000' },
    only: { type: 'string', default: 'W1,W1f,W2,W3' },
    seconds: { type: 'string', default: '5' },
    cli: { type: 'string', default: 'dist/cli.js' },
    'log-level': { type: 'string', default: 'info' },
    'no-snapshot': { type: 'boolean', default: false },
    /** More `serve` arguments, space-separated (e.g. "--journal-size 0"). */
    serve: { type: 'string', default: '' },
  },
});
const work = mkdtempSync(join(tmpdir(), 'thread-sandbox-heap-'));
const GC_LINE = /pause=([\d.]+) .*?gc=(\w+) .*?promoted=(\d+)/;
const MC_LINE = /pause=([\d.]+) .*?gc=(mc|mmc)\b/;

interface GcEvent {
  kind: string;
  pauseMs: number;
  promoted: number;
}

/** The node count in the header of a V8 heap snapshot (its first few hundred bytes). */
function snapshotNodeCount(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    readSync(fd, head, 0, head.length, 0);
    const m = /"node_count":(\d+)/.exec(head.toString('latin1'));
    return m ? Number(m[1]) : NaN;
  } finally {
    closeSync(fd);
  }
}

async function heapSnapshotNodes(pid: number, dir: string): Promise<number> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 180_000;
  let lastSize = -1;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!file) continue;
    const size = statSync(join(dir, file)).size;
    // Written in one go: done when its size stops changing.
    if (size === lastSize && size > 0) return snapshotNodeCount(join(dir, file));
    lastSize = size;
  }
  return NaN;
}

try {
  for (const size of (args.sizes as string).split(',').map(Number)) {
    for (const build of (args.cli as string).split(',')) {
      const cli = resolve(ROOT, build);
      const data = join(work, `db-${size}.json`);
      if (!existsSync(data)) execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'seed', '--out', data, '--seed', '7', '--execution-threads', String(size), '--threads', String(size)], { stdio: 'ignore' });
      const port = await freePort();
      const events: GcEvent[] = [];
      let pending = '';
      const snapDir = mkdtempSync(join(work, 'snap-'));
      const server = await startServer({
        name: 'sandbox',
        command: [process.execPath, ...SERVER_NODE_FLAGS, '--trace-gc-nvp', '--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapDir}`, cli, 'serve', '--data', data, '--port', String(port), '--log-level', args['log-level'] as string, ...(args.serve as string).split(' ').filter(Boolean)],
        port,
        readyPath: '/v1/threads?start=0&total=50',
        headers: V1_AUTH,
        timeoutMs: 300_000,
        onStdout: (chunk) => {
          const lines = (pending + chunk.toString()).split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) {
            const m = GC_LINE.exec(line);
            if (m) events.push({ kind: m[2] as string, pauseMs: Number(m[1]), promoted: Number(m[3]) });
            else {
              const mc = MC_LINE.exec(line);
              if (mc) events.push({ kind: mc[2] as string, pauseMs: Number(mc[1]), promoted: 0 });
            }
          }
        },
      });
      try {
        for (const w of WORKLOADS.filter((x) => (args.only as string).split(',').includes(x.name))) {
          let from = 0;
          const { result, requestsDone: n, cpuUsPerRequest: cpuUs } = await measureWorkload(server, w, Number(args.seconds), 300, () => (from = events.length));
          const during = events.slice(from);
          const scavenges = during.filter((e) => e.kind === 's');
          const fulls = during.filter((e) => e.kind === 'mc');
          const promoted = scavenges.reduce((s, e) => s + e.promoted, 0);
          const fullMs = fulls.reduce((s, e) => s + e.pauseMs, 0);
          process.stdout.write(
            `${build} ${size} ${w.name}: ${Math.round(result.rps)} req/s, CPU ${cpuUs.toFixed(0)} µs/request; promoted ${Math.round(promoted / n)} B/request; ` +
              `${scavenges.length} scavenges; mark-compacts ${((fulls.length * 10_000) / n).toFixed(2)} per 10k requests, ${((fullMs * 10_000) / n).toFixed(1)} ms pause per 10k requests\n`,
          );
        }
        if (!args['no-snapshot']) {
          const pid = server.child.pid as number;
          process.stdout.write(`${build} ${size}: heap snapshot nodes after the workloads ${(await heapSnapshotNodes(pid, snapDir)).toLocaleString('en-US')}\n`);
        }
      } finally {
        await server.stop();
        rmSync(snapDir, { recursive: true, force: true });
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
