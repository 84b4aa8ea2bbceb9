// A replace (reset, snapshot import) of a large database does not hold the server: /health is
// answered while it runs, and a replace whose file cannot be written changes nothing. Ordering,
// not timing: a health answer that arrives before the replace has settled shows the event loop
// was free in between.
// test:fast leaves this out: each test replaces a database large enough to take many slices.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateDatabase } from '../../src/fake.js';
import type { Database } from '../../src/model.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { databaseJson } from '../../src/store/database-json.js';
import { nodeFileLayer, type FileLayer } from '../../src/store/file-layer.js';
import { Slicer } from '../../src/slices.js';
import { Store } from '../../src/store/store.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';
import { putExecutionThread } from '../../src/store/contract.js';

const LARGE = { executionThreads: 20_000, threads: 20_000 };

/** Asks /health one request after another until `work` settles; returns the answers that came before. */
async function healthDuring(sandbox: Sandbox, work: () => Promise<unknown>): Promise<number> {
  let settled = false;
  const running = work().finally(() => {
    settled = true;
  });
  let answeredBefore = 0;
  while (!settled) {
    const res = await fetch(`${sandbox.url}/__sandbox/health`);
    const body = await res.json();
    await assertMatchesSpec('GET', '/__sandbox/health', { status: res.status, body, headers: Object.fromEntries(res.headers) });
    assert.equal(res.status, 200);
    if (settled) break;
    answeredBefore++;
  }
  await running;
  return answeredBefore;
}

test('health is answered while an in-memory store replaces a large database', { timeout: 300_000 }, async () => {
  const sandbox = await startSandbox({ seed: 1, executionThreads: 10, threads: 10 });
  try {
    const big = generateDatabase(7, LARGE);
    const answered = await healthDuring(sandbox, () => sandbox.store.replace(big));
    assert.ok(answered > 0, 'no health answer came before the replace had finished');
    assert.equal(sandbox.store.threads.size, LARGE.threads);
    assert.equal(sandbox.store.executionThreads.size, LARGE.executionThreads);
  } finally {
    await sandbox.stop();
  }
});

test('health is answered while a file-backed store replaces a large database, and the file is the new data', { timeout: 300_000 }, async () => {
  const data = join(await mkdtemp(join(tmpdir(), 'sandbox-slices-')), 'db.json');
  const sandbox = await startSandbox({ inMemory: false, data, seed: 1, executionThreads: 10, threads: 10 });
  try {
    const big = generateDatabase(7, LARGE);
    const answered = await healthDuring(sandbox, () => sandbox.store.replace(big));
    assert.ok(answered > 0, 'no health answer came before the replace had finished');
    const onDisk = JSON.parse(await readFile(data, 'utf8')) as Database;
    assert.equal(onDisk.threads.length, LARGE.threads);
    assert.deepEqual(onDisk, sandbox.store.snapshot());
  } finally {
    await sandbox.stop();
  }
});

/** The node file layer, except that once `okWrites` is set, writes to a new file fail after that many (a disk filling up mid-file). */
function fillingDisk(): FileLayer & { okWrites: number; writes: number } {
  const layer = {
    ...nodeFileLayer,
    okWrites: Number.POSITIVE_INFINITY,
    writes: 0,
    create: async (path: string, mode: number) => {
      const file = await nodeFileLayer.create(path, mode);
      return {
        ...file,
        write: async (bytes: Uint8Array, position: number | null) => {
          if (++layer.writes > layer.okWrites) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          return file.write(bytes, position);
        },
      };
    },
  };
  return layer;
}

test('a replace whose file fails part way through changes nothing: the old file byte for byte, the old data served, no temporary file', { timeout: 300_000 }, async () => {
  const folder = await mkdtemp(join(tmpdir(), 'sandbox-slices-'));
  const file = join(folder, 'db.json');
  const files = fillingDisk();
  const store = await Store.open({ file, files, initial: () => generateDatabase(3, { executionThreads: 5, threads: 3 }) });
  try {
    const before = { bytes: await readFile(file), snapshot: store.snapshot(), log: await readFile(`${file}.wal`) };
    // A few megabytes reach the temporary file before the disk is full.
    files.writes = 0;
    files.okWrites = 2;
    await assert.rejects(store.replace(generateDatabase(7, LARGE)), /not saved.*no space left|disk is full/i);
    assert.ok(files.writes > 2, 'the new file was being written in pieces when the disk filled');
    assert.deepEqual(await readFile(file), before.bytes, 'the data file is as it was');
    assert.deepEqual(await readFile(`${file}.wal`), before.log, 'the log is as it was');
    assert.deepEqual(store.snapshot(), before.snapshot, 'the data served is as it was');
    assert.deepEqual((await readdir(folder)).filter((n) => n.endsWith('.tmp')), []);
    assert.equal(store.health().ready, false);
  } finally {
    await store.close();
  }
});

test('the database JSON made in pieces is exactly JSON.stringify of it', async () => {
  const db = generateDatabase(11, { executionThreads: 3000, threads: 1500 });
  const odd = { ...db, $schema: 'x', generation: undefined, threads: [...db.threads, { ...(db.threads[0] as Database['threads'][number]), inbox_id: 'é\u2028"\\' }] } as unknown as Database;
  for (const value of [db, odd, { schemaVersion: 1, executionThreads: [], threads: [] } as Database]) {
    let text = '';
    for await (const piece of databaseJson(value, new Slicer())) text += piece;
    assert.equal(text, JSON.stringify(value));
  }
});

test('in memory, a write made while a replace runs comes after it and is kept', { timeout: 300_000 }, async () => {
  const store = await Store.open({ initial: () => generateDatabase(3, { executionThreads: 5, threads: 3 }) });
  const replaced = store.replace(generateDatabase(7, { executionThreads: 5_000, threads: 5_000 }));
  const record = { id: 9_999_999, workspaceId: 4, threadToken: 'written-during-reset', type: 'Manual' as const, createdAt: '2025-07-25T09:34:29.768Z' };
  const written = putExecutionThread(store, record);
  await Promise.all([replaced, written]);
  assert.deepEqual(store.executionThreads.get(record.id), record);
  assert.equal(store.executionThreads.size, 5_001);
});
