// A start reads the data file one record at a time (each record parsed from its slice of the text).
// Whatever the file's layout, the store must hold exactly what JSON.parse of the whole file gives,
// and a file that is not a valid database must stop the start with the message a whole-file check
// gives (the start falls back to it).
import { strict as assert } from 'node:assert';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateDatabase } from '../../src/fake.js';
import { findShapeProblem } from '../../src/store/db-schema.js';
import { Store } from '../../src/store/store.js';

const fresh = () => generateDatabase(11, { executionThreads: 30, threads: 30 });

async function opened(text: string): Promise<Store> {
  const file = join(await mkdtemp(join(tmpdir(), 'ts-by-record-')), 'db.json');
  await writeFile(file, text);
  return Store.open({ file, initial: () => fresh() });
}

test('compact, indented and reordered files load to what JSON.parse of the file gives', async () => {
  const db = fresh();
  // A thread whose messages are out of order in the file: loaded sorted, as before.
  db.threads[4]!.messages.reverse();
  const layouts = [
    JSON.stringify(db),
    JSON.stringify(db, null, 2),
    JSON.stringify({ threads: db.threads, generation: 3, executionThreads: db.executionThreads, schemaVersion: 1 }, null, '\t'),
    // Two "threads" keys: the last wins, as with JSON.parse.
    `{"schemaVersion":1,"threads":[],"executionThreads":${JSON.stringify(db.executionThreads)},"threads":${JSON.stringify(db.threads)}}`,
  ];
  for (const text of layouts) {
    const parsed = JSON.parse(text) as ReturnType<typeof fresh>;
    for (const t of parsed.threads) t.messages.sort((a, b) => Date.parse(a.received_at) - Date.parse(b.received_at) || a.uid - b.uid);
    const store = await opened(text);
    try {
      const snap = store.snapshot();
      assert.equal(snap.generation, parsed.generation ?? 0);
      assert.deepEqual(snap.executionThreads, [...parsed.executionThreads].sort((a, b) => a.id - b.id));
      assert.deepEqual(snap.threads, parsed.threads);
      assert.deepEqual(store.threads.get(parsed.threads[4]!.thread_id), parsed.threads[4]);
    } finally {
      await store.close();
    }
  }
});

test("a record's JSON read back from a list is the record's, whether the file is ASCII (kept in its buffer) or not", async () => {
  const plain = fresh();
  const accented = fresh();
  const subject = accented.threads[2]!.messages[0] as unknown as { subject: string };
  subject.subject = 'Grüße – 😀 naïve';
  for (const db of [plain, accented]) {
    const store = await opened(JSON.stringify(db));
    try {
      const page = store.threads.page(null, undefined, 1000);
      assert.equal(page.length, db.threads.length);
      page.threads.forEach((t, i) => assert.equal(page.text(i), JSON.stringify(t)));
      assert.ok(page.threads.some((t) => JSON.stringify(t).includes('Grüße')) === (db === accented));
      const window = store.executionThreads.window({ workspaceId: db.executionThreads[0]!.workspaceId }, 0, 1000);
      const records = window.records();
      records.forEach((r, i) => assert.equal(window.text(i), JSON.stringify(r)));
      assert.equal(window.length, records.length);
    } finally {
      await store.close();
    }
  }
});

test('a file with a bad record, a stray element or a bad top level stops the start with the whole-file message', async () => {
  const bad: unknown[] = [];
  const a = fresh() as unknown as { threads: { messages: { uid: unknown }[] }[] };
  a.threads[7]!.messages[0]!.uid = 'seven';
  bad.push(a);
  const b = fresh() as unknown as { executionThreads: unknown[] };
  b.executionThreads.splice(5, 0, 42);
  bad.push(b);
  bad.push({ ...fresh(), schemaVersion: 0 });
  bad.push({ ...fresh(), extra: true });
  for (const db of bad) {
    const problem = findShapeProblem(db);
    assert.ok(problem, 'the case is invalid');
    await assert.rejects(opened(JSON.stringify(db)), (error: Error) => error.message.includes(problem as string));
  }
});

test('the indexes give every record as JSON in the order of all()', async () => {
  const store = await opened(JSON.stringify(fresh(), null, 1));
  try {
    const { ExecutionThreadIndex } = await import('../../src/store/execution-thread-index.js');
    const { ThreadIndex } = await import('../../src/store/thread-index.js');
    const snap = store.snapshot();
    const exec = new ExecutionThreadIndex();
    exec.load([...snap.executionThreads].reverse());
    const threads = new ThreadIndex();
    threads.load(snap.threads);
    assert.deepEqual(JSON.parse(`[${exec.allJson().join(',')}]`), exec.all());
    assert.deepEqual(JSON.parse(`[${threads.allJson().join(',')}]`), threads.all());
    assert.deepEqual(threads.all(), snap.threads);
  } finally {
    await store.close();
  }
});
