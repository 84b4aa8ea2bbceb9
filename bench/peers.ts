// The peer run: the sandbox, Prism and json-server started one after the other, each pinned like the
// sandbox, answering the same three requests on the same data, then the start-up of each with the
// bundled fixtures. Peers live in bench/peers/ with their own lock file, installed on first use.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../src/model.js';
import { runLoad } from './load.js';
import { PEER_DIR, PEERS, PEER_WORKLOADS, sandboxRequest, type PeerRequest, type PeerServer, type PeerWorkload } from './peer-servers.js';
import { SANDBOX, type PeerCell } from './peer-table.js';
import { freePort, startServer, type ServerProcess } from './processes.js';
import { w3ThreadId } from './workloads.js';

const MB = 1024 * 1024;
const PEERS_PATH = fileURLToPath(PEER_DIR);

export function peersInstalled(): boolean {
  return existsSync(join(PEERS_PATH, 'node_modules', '.package-lock.json'));
}

/** `npm ci` in bench/peers: the versions of its lock file, apart from the project's own install. */
export function installPeers(log: (line: string) => void): void {
  if (peersInstalled()) return;
  log(`installing the peers into ${PEERS_PATH} (npm ci)`);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: PEERS_PATH, stdio: ['ignore', 'ignore', 'inherit'] });
}

export interface PeerRunConfig {
  sizes: number[];
  warmup: number;
  seconds: number;
  connections: number;
  /** The seeded database file of a size (the same one the sandbox serves). */
  seedFile(size: number): string;
  /** The sandbox's command line serving a copy of `seed` (undefined: the bundled fixtures, in memory). */
  sandboxCommand(seed: string | undefined, port: number): string[];
  /** Where per-run files go. */
  work: string;
  fixtures: string;
  log(line: string): void;
}

interface Target {
  server: ServerProcess;
  request: PeerRequest;
}

async function start(name: string, command: string[], port: number, ready: PeerRequest): Promise<ServerProcess> {
  return startServer({ name, command, port, readyPath: ready.path, headers: ready.headers, timeoutMs: 300_000 });
}

async function measure(c: PeerRunConfig, data: string, workload: PeerWorkload, name: string, t: Target): Promise<PeerCell> {
  const res = await fetch(t.server.url + t.request.path, { headers: t.request.headers });
  const bytes = (await res.arrayBuffer()).byteLength;
  if (res.status !== 200) throw new Error(`${name} answered ${res.status} to ${t.request.path}`);
  const job = { url: t.server.url, requests: [{ method: 'GET' as const, ...t.request }], connections: c.connections, warmupSeconds: 0 };
  if (c.warmup > 0) await runLoad({ ...job, seconds: c.warmup });
  const m = await runLoad({ ...job, seconds: c.seconds });
  const cell: PeerCell = { data, workload, server: name, rps: m.rps, p99: m.p99, failed: m.errors + m.non2xx, bytes, startupMs: t.server.startupMs, peakRssMb: t.server.peakRss() / MB };
  // autocannon reports a latency of 0 when nothing came back: say so instead of printing a p99 of 0.
  if (m.total === 0) Object.assign(cell, { p99: undefined, note: `no answer within the ${c.seconds} s measured` });
  c.log(`peers ${data} ${workload} ${name}: ${Math.round(m.rps)} req/s, p99 ${m.p99} ms, ${cell.failed} failed`);
  return cell;
}

/** Starts one process per key a peer needs, measures its workloads there, stops it. */
async function measurePeer(c: PeerRunConfig, peer: PeerServer, db: Database, data: string, threadId: string): Promise<PeerCell[]> {
  const cells: PeerCell[] = [];
  const keys = [...new Set(PEER_WORKLOADS.map((w) => peer.processOf(w)))];
  for (const key of keys) {
    const workloads = PEER_WORKLOADS.filter((w) => peer.processOf(w) === key);
    const port = await freePort();
    const dir = mkdtempSync(join(c.work, 'peer-'));
    const server = await start(peer.name, peer.command(key, db, dir, port), port, peer.request(workloads[0] as PeerWorkload, threadId));
    try {
      for (const w of workloads) cells.push(await measure(c, data, w, peer.name, { server, request: peer.request(w, threadId) }));
    } finally {
      await server.stop();
    }
  }
  return cells;
}

/** Start-up to the first answer and peak RSS of each server with the bundled fixtures. */
async function fixtureStartups(c: PeerRunConfig): Promise<PeerCell[]> {
  const db = JSON.parse(readFileSync(c.fixtures, 'utf8')) as Database;
  const cells: PeerCell[] = [];
  const record = async (name: string, command: string[], port: number, ready: PeerRequest) => {
    const server = await start(name, command, port, ready);
    cells.push({ data: 'fixtures', workload: 'start-up', server: name, startupMs: server.startupMs, peakRssMb: server.peakRss() / MB });
    c.log(`peers fixtures start-up ${name}: ${Math.round(server.startupMs)} ms`);
    await server.stop();
  };
  let port = await freePort();
  await record(SANDBOX, c.sandboxCommand(undefined, port), port, sandboxRequest('page', ''));
  for (const peer of PEERS) {
    port = await freePort();
    const key = peer.processOf('page');
    await record(peer.name, peer.command(key, db, mkdtempSync(join(c.work, 'peer-')), port), port, peer.request('page', ''));
  }
  return cells;
}

/** Every cell of the peer table, in the order it prints. */
export async function runPeers(c: PeerRunConfig): Promise<PeerCell[]> {
  const cells: PeerCell[] = [];
  const measuredOnce = new Map<string, PeerCell[]>();
  for (const size of c.sizes) {
    const data = size.toLocaleString('en-US');
    const seed = c.seedFile(size);
    const db = JSON.parse(readFileSync(seed, 'utf8')) as Database;
    const port = await freePort();
    const sandbox = await start(SANDBOX, c.sandboxCommand(seed, port), port, sandboxRequest('page', ''));
    // The thread W3 asks for, so that "by id" is W3's request at every size.
    const threadId = await w3ThreadId(sandbox.url);
    const rows: PeerCell[] = [];
    try {
      for (const w of PEER_WORKLOADS) rows.push(await measure(c, data, w, SANDBOX, { server: sandbox, request: sandboxRequest(w, threadId) }));
    } finally {
      await sandbox.stop();
    }
    for (const peer of PEERS) {
      if (peer.static) {
        let once = measuredOnce.get(peer.name);
        if (!once) measuredOnce.set(peer.name, (once = await measurePeer(c, peer, db, data, threadId)));
        // Its answers do not depend on the data: the same measurement stands next to each size.
        rows.push(...once.map((x) => ({ ...x, data, note: 'static examples, measured once' })));
      } else {
        rows.push(...(await measurePeer(c, peer, db, data, threadId)));
      }
    }
    // Grouped by workload, the sandbox first: each group reads as one comparison.
    for (const w of PEER_WORKLOADS) cells.push(...rows.filter((r) => r.workload === w));
  }
  cells.push(...(await fixtureStartups(c)));
  return cells;
}
