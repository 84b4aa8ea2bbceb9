// The tools users would pick instead of the sandbox, as the bench starts them: where their bin is
// in bench/peers/node_modules, the data each one reads, and how each spells the three requests
// every server can express (a 50-item page, a filter with a sort, one item by id).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../src/model.js';
import { V0_AUTH, V1_AUTH } from './workloads.js';

export const PEER_DIR = new URL('./peers/', import.meta.url);

/** The three requests of the peer table; `page` is W1, `filter+sort` W1f, `by id` W3. */
export const PEER_WORKLOADS = ['page', 'filter+sort', 'by id'] as const;
export type PeerWorkload = (typeof PEER_WORKLOADS)[number];

/** A request as each server spells it; `threadId` is a real thread of the dataset. */
export interface PeerRequest {
  path: string;
  headers: Record<string, string>;
}

export interface PeerServer {
  name: string;
  /** Static servers answer their examples whatever the data: measured once, not per dataset. */
  static: boolean;
  /** Which process answers a workload (Prism needs one per spec); one process per key is started. */
  processOf(w: PeerWorkload): string;
  /** Writes what the process reads (its data file) and gives its command line. */
  command(process: string, db: Database, dir: string, port: number): string[];
  request(w: PeerWorkload, threadId: string): PeerRequest;
}

const bin = (path: string) => join(new URL(PEER_DIR).pathname, 'node_modules', path);

/** json-server reads one JSON object of collections; its by-id route looks items up by `id`. */
function jsonServerData(db: Database, dir: string): string {
  const file = join(dir, 'json-server-db.json');
  writeFileSync(file, JSON.stringify({ executionThreads: db.executionThreads, threads: db.threads.map((t) => ({ id: t.thread_id, ...t })) }));
  return file;
}

/** The sandbox's own spelling: what the main table calls W1, W1f and W3. */
export function sandboxRequest(w: PeerWorkload, threadId: string): PeerRequest {
  if (w === 'page') return { path: '/v1/threads?start=0&total=50', headers: V1_AUTH };
  if (w === 'filter+sort') return { path: '/v1/threads?start=0&total=50&type=Manual&sorting=-CreatedAt', headers: V1_AUTH };
  return { path: `/human/v0/threads/${encodeURIComponent(threadId)}`, headers: V0_AUTH };
}

export const PEERS: PeerServer[] = [
  {
    // The reference OpenAPI mock: answers the specs' examples, so the page holds one placeholder
    // item whatever was asked, and the data size does not exist for it.
    name: 'Prism 5.12',
    static: true,
    processOf: (w) => (w === 'by id' ? 'v0' : 'v1'),
    command: (spec, _db, _dir, port) => [
      process.execPath,
      bin('@stoplight/prism-cli/dist/index.js'),
      'mock',
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      new URL(`../specs/${spec === 'v0' ? 'agentry-threads.v0.yaml' : 'execution-threads.v1.yaml'}`, import.meta.url).pathname,
    ],
    request: sandboxRequest,
  },
  {
    name: 'json-server 0.17',
    static: false,
    processOf: () => 'db',
    command: (_p, db, dir, port) => [process.execPath, bin('json-server-0/lib/cli/bin.js'), '--quiet', '--host', '127.0.0.1', '--port', String(port), jsonServerData(db, dir)],
    request: (w, threadId) => {
      if (w === 'page') return { path: '/executionThreads?_page=1&_limit=50', headers: {} };
      if (w === 'filter+sort') return { path: '/executionThreads?type=Manual&_sort=createdAt&_order=desc&_page=1&_limit=50', headers: {} };
      return { path: `/threads/${encodeURIComponent(threadId)}`, headers: {} };
    },
  },
  {
    // The last 1.0 beta that runs on Node 20 (later ones need Node 22.12).
    name: 'json-server 1.0-beta.3',
    static: false,
    processOf: () => 'db',
    command: (_p, db, dir, port) => [process.execPath, bin('json-server-1/lib/bin.js'), '--host', '127.0.0.1', '--port', String(port), jsonServerData(db, dir)],
    request: (w, threadId) => {
      if (w === 'page') return { path: '/executionThreads?_page=1&_per_page=50', headers: {} };
      if (w === 'filter+sort') return { path: '/executionThreads?type=Manual&_sort=-createdAt&_page=1&_per_page=50', headers: {} };
      return { path: `/threads/${encodeURIComponent(threadId)}`, headers: {} };
    },
  },
];
