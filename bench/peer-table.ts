// The peer table: each server's req/s, p99, start-up and peak RSS per dataset and workload, next
// to the sandbox's in the same run, with the ratios peer / sandbox.

export interface PeerCell {
  /** "fixtures", or the number of execution threads and threads. */
  data: string;
  /** A workload of the peer table, or "start-up" for the start-up-only rows. */
  workload: string;
  server: string;
  /** Undefined on start-up rows and when the server cannot express the workload. */
  rps?: number | undefined;
  p99?: number | undefined;
  /** Errors, timeouts and non-2xx answers during the measured run. */
  failed?: number | undefined;
  /** Items in the answer (for a page) or bytes: shows when a peer answers something else. */
  bytes?: number | undefined;
  startupMs: number;
  peakRssMb: number;
  note?: string | undefined;
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n) ? '–' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? fmt(a / b, 2) : '–');

export const SANDBOX = 'thread-sandbox';

/** Markdown rows; ratios are against the sandbox's row of the same data and workload. */
export function peerTable(cells: readonly PeerCell[]): string {
  const head = ['data', 'workload', 'server', 'req/s', 'p99 ms', 'failed', 'bytes/resp', 'start-up ms', 'peak RSS MB', 'req/s vs sandbox', 'p99 vs sandbox', 'start-up vs sandbox', 'RSS vs sandbox'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const c of cells) {
    const own = cells.find((s) => s.server === SANDBOX && s.data === c.data && s.workload === c.workload);
    const peer = own && own !== c;
    lines.push(
      `| ${c.data} | ${c.workload} | ${c.server}${c.note ? ` (${c.note})` : ''} | ${fmt(c.rps)} | ${fmt(c.p99)} | ${fmt(c.failed)} | ${fmt(c.bytes)} | ${fmt(c.startupMs)} | ${fmt(c.peakRssMb)} | ${peer ? ratio(c.rps, own.rps) : '–'} | ${peer ? ratio(c.p99, own.p99) : '–'} | ${peer ? ratio(c.startupMs, own.startupMs) : '–'} | ${peer ? ratio(c.peakRssMb, own.peakRssMb) : '–'} |`,
    );
  }
  return lines.join('\n');
}
