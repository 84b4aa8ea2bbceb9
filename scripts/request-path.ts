// Which source files and functions one request runs through, measured (docs/architecture.md quotes
// it): V8's precise coverage counts the calls of every function during one request, after a warm-up
// request of the same kind (so that lazy set-up, first compiles and caches are not counted). The
// sandbox runs on the file engine, as `thread-sandbox serve` does, with a data file in a temporary
// folder. Run: node --import tsx scripts/request-path.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { startSandbox } from '../src/sandbox.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Counted {
  files: Map<string, string[]>;
}

async function measure(session: Session, request: () => Promise<Response>): Promise<Counted> {
  await (await request()).arrayBuffer();
  await session.post('Profiler.takePreciseCoverage');
  await (await request()).arrayBuffer();
  const { result } = await session.post('Profiler.takePreciseCoverage');
  const files = new Map<string, string[]>();
  for (const script of result) {
    if (!script.url.startsWith('file://')) continue;
    const file = relative(ROOT, fileURLToPath(script.url));
    if (!file.startsWith('src/')) continue;
    // The first range of a function is its whole body: its count is the number of calls.
    // __name is a helper the TypeScript loader adds to each file, not the project's code.
    const called = script.functions.filter((f) => (f.ranges[0]?.count ?? 0) > 0 && f.functionName !== '__name').map((f) => f.functionName || '(anonymous)');
    if (called.length > 0) files.set(file, called);
  }
  return { files };
}

function report(name: string, { files }: Counted): void {
  const functions = [...files.values()].reduce((n, f) => n + f.length, 0);
  console.log(`${name}: ${files.size} source files, ${functions} functions`);
  for (const [file, names] of [...files].sort()) console.log(`  ${file}: ${[...new Set(names)].join(', ')}`);
}

const folder = mkdtempSync(join(tmpdir(), 'request-path-'));
const sandbox = await startSandbox({ seed: 1, executionThreads: 100, threads: 100, data: join(folder, 'db.json'), inMemory: false });
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
try {
  report(
    'GET /v1/threads',
    await measure(session, () => fetch(`${sandbox.url}/v1/threads?workspaceId=1`, { headers: { 'Api-Token': 't' } })),
  );
  let n = 0;
  report(
    'POST /__sandbox/execution-threads',
    await measure(session, () =>
      fetch(`${sandbox.url}/__sandbox/execution-threads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ workspaceId: 1, threadToken: `tok-path-${n++}` }),
      }),
    ),
  );
} finally {
  await session.post('Profiler.stopPreciseCoverage');
  session.disconnect();
  await sandbox.stop();
  rmSync(folder, { recursive: true, force: true });
}
