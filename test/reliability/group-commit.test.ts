// Group commit: concurrent creates share log appends, every one is answered only once on disk, and
// all of them are there after a restart (and after a crash, which a second open of the file is).
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { specPath } from '../../src/openapi/specs.js';
import { loadFixtures, DEFAULT_FIXTURES } from '../../src/fixtures.js';
import { startSandbox } from '../../src/sandbox.js';
import { Store } from '../../src/store/store.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';
import { crashCopy } from '../helpers/crash-copy.js';

const WORKSPACE = 77;
const COUNT = 500;

async function create(url: string, i: number): Promise<number> {
  const path = '/__sandbox/execution-threads';
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workspaceId: WORKSPACE, threadToken: `gc-${i}`, type: i % 2 ? 'Manual' : 'BrowserInstance' }),
  });
  const body = (await res.json()) as { id: number };
  await assertMatchesSpec('POST', path, { status: res.status, body, headers: Object.fromEntries(res.headers) });
  return res.status;
}

test(`${COUNT} concurrent creates are all answered 2xx, grouped into fewer log writes, and all there after a crash and a restart`, { timeout: 300_000, skip: !existsSync(specPath('admin')) && 'needs the control plane (creates)' }, async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'sandbox-group-commit-')), 'db.json');
  const sandbox = await startSandbox({ inMemory: false, data: file });
  const before = (sandbox.store as Store).commitStats;
  const statuses = await Promise.all(Array.from({ length: COUNT }, (_, i) => create(sandbox.url, i)));
  assert.deepEqual(new Set(statuses), new Set([201]));
  const after = (sandbox.store as Store).commitStats;
  assert.equal(after.writes - before.writes, COUNT);
  assert.ok(after.batches - before.batches < COUNT, `${after.batches - before.batches} batches for ${COUNT} writes: not grouped`);
  process.stderr.write(`group commit: ${COUNT} creates in ${after.batches - before.batches} log appends\n`);

  // What a restart after SIGKILL sees: the file and its log as they are, nothing flushed on the way out.
  const crashed = await Store.open({ file: await crashCopy(file), initial: () => loadFixtures(DEFAULT_FIXTURES) });
  const tokens = (s: Store) => new Set(s.executionThreads.query({ workspaceId: WORKSPACE }).map((r) => r.threadToken));
  assert.equal(tokens(crashed).size, COUNT);

  await sandbox.stop();
  const restarted = await startSandbox({ inMemory: false, data: file });
  try {
    const path = `/v1/threads?workspaceId=${WORKSPACE}&total=${COUNT * 2}`;
    const res = await fetch(`${restarted.url}${path}`, { headers: { 'Api-Token': 't' } });
    const body = (await res.json()) as { totalCount: number; items: { threadToken: string }[] };
    await assertMatchesSpec('GET', path, { status: res.status, body, headers: Object.fromEntries(res.headers) });
    assert.equal(body.totalCount, COUNT);
    assert.deepEqual(new Set(body.items.map((i) => i.threadToken)), new Set(Array.from({ length: COUNT }, (_, i) => `gc-${i}`)));
  } finally {
    await restarted.stop();
    // Closed last, once the files were judged: its log handle is not left to the garbage collector.
    await crashed.close().catch(() => undefined);
  }
});
