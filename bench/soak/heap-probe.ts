// Loaded into the soak's server (node --import) when SOAK_HEAP_DETAIL is set. On SIGUSR2 it writes
// the heap's figures as they are (committed and used, per space), and, when the soak asked for a
// collection (a `.gc` file next to the output), the figures after two full collections (node runs
// with --expose-gc): what is still reachable. That tells memory the server keeps from resident
// memory that is only garbage not yet collected, the young generation or the allocator's slack.
// SOAK_HEAP_SNAPSHOTS=1 also writes a heap snapshot after each collection, for comparing what the
// objects are (Chrome DevTools, Memory, Comparison).
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { getHeapSpaceStatistics, getHeapStatistics, writeHeapSnapshot } from 'node:v8';

const out = process.env.SOAK_HEAP_DETAIL as string;
let probes = 0;

export interface HeapFigures {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  spaces: Record<string, { used: number; size: number }>;
}

export interface HeapProbe {
  before: HeapFigures;
  /** After two full collections, when asked for. */
  afterGc?: HeapFigures;
  snapshot?: string;
}

function figures(): HeapFigures {
  const memory = process.memoryUsage();
  return {
    rss: memory.rss,
    heapTotal: memory.heapTotal,
    heapUsed: getHeapStatistics().used_heap_size,
    external: memory.external,
    arrayBuffers: memory.arrayBuffers,
    spaces: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, { used: s.space_used_size, size: s.space_size }])),
  };
}

process.on('SIGUSR2', () => {
  const probe: HeapProbe = { before: figures() };
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc && existsSync(`${out}.gc`)) {
    rmSync(`${out}.gc`);
    gc();
    gc();
    probe.afterGc = figures();
    if (process.env.SOAK_HEAP_SNAPSHOTS === '1') probe.snapshot = writeHeapSnapshot(`${out}.${probes + 1}.heapsnapshot`);
  }
  probes += 1;
  // Renamed into place: the soak, waiting for the name, reads it whole.
  writeFileSync(`${out}.${probes}.tmp`, JSON.stringify(probe));
  renameSync(`${out}.${probes}.tmp`, `${out}.${probes}.json`);
});
