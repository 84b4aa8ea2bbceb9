// The results table (stdout and bench/results.md) and the verdict on each target of issues 8 and 16.
import { cpus } from 'node:os';
import { postgresTableLines, postgresVerdicts, type PostgresResults } from './postgres-engine.js';
import { peerTable, type PeerCell } from './peer-table.js';

export interface Row {
  size: number;
  workload: string;
  /** e.g. "W1 (validate responses)" rows carry a note and no baselines. */
  note?: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  bytes: number;
  peakRssMb: number;
  expressRps?: number | undefined;
  nodeRps?: number | undefined;
  /** Server CPU time per answered request, in µs, for the sandbox and each baseline. */
  cpuUs: number;
  expressCpuUs?: number;
  nodeCpuUs?: number;
  expressP99?: number;
}

export interface Results {
  rows: Row[];
  startupMs: Map<number, number[]>;
  /** Reading and JSON.parse of the same file in a fresh process, per size: start-up's yardstick. */
  parseMs: Map<number, number[]>;
  peers?: PeerCell[];
  /** Why the peer table is missing. */
  peersSkipped?: string;
  peakRssAfterReadsMb: Map<number, number>;
  w4?: { rps: number; p99: number; errors: number; non2xx: number; cpuUs: number };
  /** Why W4 could not run (e.g. no control plane in this build). */
  w4Skipped?: string;
  /** The PostgreSQL engine's rows (reads are also in `rows`, with its note). */
  postgres?: PostgresResults;
  pinned: boolean;
  seconds: number;
  /** Rounds of each workload on the three servers back to back; the best round per server is kept. */
  rounds: number;
  connections: number;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (a: number, b: number | undefined) => (b ? fmt(a / b, 2) : '–');
/** Throughput ratio estimated from CPU per request (a / b): a core-bound server answers 1/CPU per second. */
const cpuRatio = (a: number | undefined, b: number | undefined) => (a && b && !Number.isNaN(a) && !Number.isNaN(b) ? fmt(a / b, 2) : '–');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpu}, ${cpus().length} cores, Node ${process.version}, ${process.platform}/${process.arch}`;
}

export function table(r: Results): string {
  const head = ['data', 'workload', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'bytes/resp', 'peak RSS MB', 'express req/s', 'node:http req/s', 'vs express', 'vs node:http', '100k / 1k', 'CPU µs/req: sandbox / express / node:http', 'vs express by CPU', '100k / 1k by CPU'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  const small = Math.min(...r.rows.map((x) => x.size));
  for (const x of r.rows) {
    const base = r.rows.find((y) => y.size === small && y.workload === x.workload && y.note === x.note);
    const scale = x.size !== small && base ? fmt(x.rps / base.rps, 2) : '–';
    lines.push(
      `| ${fmt(x.size)} | ${x.workload}${x.note ? ` (${x.note})` : ''} | ${fmt(x.rps)} | ${x.p50} | ${x.p99} | ${x.errors} | ${x.non2xx} | ${fmt(x.bytes)} | ${fmt(x.peakRssMb)} | ${x.expressRps ? fmt(x.expressRps) : '–'} | ${x.nodeRps ? fmt(x.nodeRps) : '–'} | ${ratio(x.rps, x.expressRps)} | ${ratio(x.rps, x.nodeRps)} | ${scale} | ${[x.cpuUs, x.expressCpuUs, x.nodeCpuUs].map((c) => (c === undefined || Number.isNaN(c) ? '–' : fmt(c))).join(' / ')} | ${cpuRatio(x.expressCpuUs, x.cpuUs)} | ${x.size !== small && base ? cpuRatio(base.cpuUs, x.cpuUs) : '–'} |`,
    );
  }
  if (r.w4) lines.push(`| ${fmt(Math.max(...r.rows.map((x) => x.size), 0))} | W4 (64 clients, file store) | ${fmt(r.w4.rps)} | – | ${r.w4.p99} | ${r.w4.errors} | ${r.w4.non2xx} | – | – | – | – | – | – | – | ${fmt(r.w4.cpuUs)} | – | – |`);
  lines.push(...postgresTableLines(r.postgres));
  return lines.join('\n');
}

export function startupLines(r: Results): string {
  return [...r.startupMs]
    .map(([size, ms]) => {
      const parse = r.parseMs.get(size) ?? [];
      const yardstick = parse.length ? `; read and JSON.parse of the same file ${fmt(median(parse))} ms (${parse.map((m) => fmt(m)).join(', ')}), start-up / parse ${fmt(median(ms) / median(parse), 2)}` : '';
      return `- startup to the first 200 with ${fmt(size)} execution threads and threads: ${fmt(median(ms))} ms (median of ${ms.length}: ${ms.map((m) => fmt(m)).join(', ')})${yardstick}`;
    })
    .concat([...r.peakRssAfterReadsMb].map(([size, mb]) => `- peak RSS (VmHWM) of the sandbox after the read workloads, ${fmt(size)}: ${fmt(mb)} MB`))
    .join('\n');
}

/** One line per target of issue 8: met or not, with the figure. */
export function verdicts(r: Results): string[] {
  const out: string[] = [];
  const mark = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
  const sizes = [...new Set(r.rows.map((x) => x.size))].sort((a, b) => a - b);
  const small = sizes[0] ?? 0;
  const big = sizes[sizes.length - 1] ?? 0;
  for (const x of r.rows.filter((y) => y.size === small && !y.note && y.expressRps)) {
    const share = x.rps / (x.expressRps as number);
    const byCpu = x.expressCpuUs && x.cpuUs ? ` (by CPU per request: ${fmt((x.expressCpuUs / x.cpuUs) * 100)}%)` : '';
    if (x.workload === 'W0') out.push(`${mark(share >= 0.5)} W0 >= 50% of express: ${fmt(share * 100)}%${byCpu}`);
    else out.push(`${mark(share >= 0.6 && x.p99 < 20)} ${x.workload} >= 60% of express and p99 < 20 ms: ${fmt(share * 100)}%${byCpu}, p99 ${x.p99} ms (express: ${x.expressP99 ?? '–'} ms)`);
  }
  if (big !== small) {
    for (const x of r.rows.filter((y) => y.size === big && !y.note)) {
      const base = r.rows.find((y) => y.size === small && y.workload === x.workload && !y.note);
      if (base) out.push(`${mark(x.rps / base.rps >= 0.8)} ${x.workload} at ${fmt(big)} keeps >= 80% of its 1k req/s: ${fmt((x.rps / base.rps) * 100)}% (by CPU per request: ${fmt((base.cpuUs / x.cpuUs) * 100)}%; bytes per response ${fmt(base.bytes)} -> ${fmt(x.bytes)})`);
    }
  }
  const startup = r.startupMs.get(big);
  const parse = r.parseMs.get(big);
  if (startup && parse?.length) {
    const times = median(startup) / median(parse);
    out.push(`${mark(times <= 2)} startup with ${fmt(big)} <= 2x reading and JSON.parse of the file: ${fmt(times, 2)}x (${fmt(median(startup))} ms against ${fmt(median(parse))} ms)`);
  }
  const rss = r.peakRssAfterReadsMb.get(big);
  if (rss !== undefined) out.push(`${mark(rss < 400)} peak RSS after reads at ${fmt(big)} < 400 MB: ${fmt(rss)} MB`);
  if (r.w4) out.push(`${mark(r.w4.rps >= 300 && r.w4.errors === 0 && r.w4.non2xx === 0)} W4 >= 300 durable creates/s: ${fmt(r.w4.rps)}/s`);
  if (r.w4Skipped) out.push(`NOT MEASURED W4: ${r.w4Skipped}`);
  out.push(...postgresVerdicts(r.postgres, r.rows));
  return out;
}

export function markdown(r: Results, command: string): string {
  return [
    '# Benchmark results',
    '',
    `Machine: ${machineLine()}. ${r.pinned ? 'Server pinned to cpu 0, load generator to cpu 1 (taskset).' : 'Not pinned (no taskset or fewer than two cores).'} ${r.connections} connections, ${r.seconds} s measured per workload after a warm-up, ${r.rounds > 1 ? `${r.rounds} rounds with the sandbox and both baselines back to back (the order turned each round), the best round of each kept` : 'the sandbox and both baselines back to back'}. Written by \`${command}\` on ${new Date().toISOString()}.`,
    '',
    table(r),
    '',
    startupLines(r),
    '',
    ...(r.peers ? ['## Peers', '', 'Each server pinned to cpu 0 like the sandbox, the same connections, a shorter run per cell; ratios are peer / sandbox.', '', peerTable(r.peers), ''] : []),
    ...(r.peersSkipped ? [`Peers: ${r.peersSkipped}`, ''] : []),
    '## Targets',
    '',
    ...verdicts(r).map((v) => `- ${v}`),
    '',
  ].join('\n');
}
