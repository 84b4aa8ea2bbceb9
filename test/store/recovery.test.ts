// Recovery of the database file plus write-ahead log after crashes at the awkward moments.
import assert from 'node:assert/strict';
import { appendFile, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, test } from 'node:test';
import { generateDatabase } from '../../src/fake.js';
import type { Database, ExecutionThreadRecord } from '../../src/model.js';
import { Store } from '../../src/store/store.js';
import { crashCopy } from '../helpers/crash-copy.js';
import { deleteExecutionThread, putExecutionThread } from '../../src/store/contract.js';

const initial = (): Database => generateDatabase(3, { executionThreads: 5, threads: 2 });

async function freshFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'sandbox-recovery-')), 'db.json');
}

function record(id: number, workspaceId = 9): ExecutionThreadRecord {
  return { id, workspaceId, threadToken: `t-${id}`, type: 'Manual', createdAt: '2025-07-25T09:34:29.768Z' };
}

/** What a restart after SIGKILL sees: the files as they are, the old store never closed. */
const opened: Store[] = [];
async function track(store: Promise<Store>): Promise<Store> {
  opened.push(await store);
  return opened[opened.length - 1] as Store;
}
const open = (file: string) => track(Store.open({ file, initial }));
const reopen = async (file: string) => track(Store.open({ file: await crashCopy(file), initial }));

// The "crashed" stores still hold their log open; close them once the test has judged the files,
// so no file handle is left to the garbage collector (DEP0137). A store whose file a test broke
// may fail to close: that is after the fact.
afterEach(() => Promise.all(opened.splice(0).map((store) => store.close().catch(() => undefined))));

test('a torn last log line is dropped and later writes still recover after the next crash', async () => {
  const file = await freshFile();
  const first = await open(file);
  await putExecutionThread(first, record(100));
  const crashed = await crashCopy(file);
  await appendFile(`${crashed}.wal`, '{"g":0,"op":"putExecutionThread","record":{"id":101,'); // crash mid-append
  const second = await open(crashed);
  assert.ok(second.executionThreads.get(100));
  assert.equal(second.executionThreads.get(101), undefined, 'the torn write was never acknowledged');
  await putExecutionThread(second, record(102));
  const third = await reopen(crashed);
  assert.ok(third.executionThreads.get(100));
  assert.ok(third.executionThreads.get(102), 'the write after the torn line survives the next restart');
});

test('a crash between the checkpoint rename and the log truncation replays the log onto the new file harmlessly', async () => {
  const file = await freshFile();
  const store = await open(file);
  const existing = store.executionThreads.all()[0] as ExecutionThreadRecord;
  await putExecutionThread(store, record(200));
  await deleteExecutionThread(store, 200);
  await putExecutionThread(store, record(201));
  await deleteExecutionThread(store, existing.id);
  await copyFile(`${file}.wal`, `${file}.wal.kept`);
  await store.close(); // checkpoint: file written, log emptied
  await copyFile(`${file}.wal.kept`, `${file}.wal`); // as if the truncation never happened
  const recovered = await open(file);
  assert.equal(recovered.executionThreads.get(200), undefined);
  assert.ok(recovered.executionThreads.get(201));
  assert.equal(recovered.executionThreads.get(existing.id), undefined);
  assert.deepEqual(recovered.snapshot(), store.snapshot());
});

test('writes after a reset whose checkpoint failed are not lost on restart', async () => {
  const file = await freshFile();
  const store = await open(file);
  const before = await readFile(file);
  // Make the checkpoint fail: a folder where the database file is cannot be renamed over.
  await rm(file);
  await mkdir(join(file, 'blocker'), { recursive: true });
  await assert.rejects(store.replace(generateDatabase(4, { executionThreads: 3, threads: 1 })));
  await rm(file, { recursive: true });
  await writeFile(file, before);
  await putExecutionThread(store, record(300)); // acknowledged: must survive
  const recovered = await reopen(file);
  assert.ok(recovered.executionThreads.get(300), 'the acknowledged write after the failed reset is there');
  assert.deepEqual(recovered.snapshot(), store.snapshot());
});

test('writes queued before a reset and the reset itself settle in order and recover as the reset state plus later writes', async () => {
  const file = await freshFile();
  const store = await open(file);
  const queued = [putExecutionThread(store, record(400)), putExecutionThread(store, record(401))];
  const reset = store.replace(generateDatabase(5, { executionThreads: 2, threads: 1 }));
  const after = putExecutionThread(store, record(402));
  await Promise.all([...queued, reset, after]);
  const recovered = await reopen(file);
  assert.equal(recovered.executionThreads.get(400), undefined, 'the reset came after this write');
  assert.ok(recovered.executionThreads.get(402));
  assert.deepEqual(recovered.snapshot(), store.snapshot());
});

test('a log line of an older generation is never replayed onto a reset database', async () => {
  const file = await freshFile();
  const store = await open(file);
  await putExecutionThread(store, record(500));
  const oldLog = await readFile(`${file}.wal`);
  await store.replace(generateDatabase(6, { executionThreads: 2, threads: 1 }));
  const crashed = await crashCopy(file);
  await appendFile(`${crashed}.wal`, oldLog); // a stale log next to a reset file
  const recovered = await open(crashed);
  assert.equal(recovered.executionThreads.get(500), undefined);
  assert.deepEqual(recovered.snapshot(), store.snapshot());
});

test('temporary files of a checkpoint cut short by a crash are removed at the next start, and nothing else', async () => {
  const file = await freshFile();
  await (await open(file)).close();
  const folder = dirname(file);
  // A pid past the kernel's maximum: the process that wrote it is gone.
  await writeFile(join(folder, `.${basename(file)}.99999999.deadbeef.tmp`), '{"half": ');
  await writeFile(join(folder, 'notes.txt'), 'keep me');
  await (await open(file)).close();
  assert.deepEqual((await readdir(folder)).sort(), [basename(file), `${basename(file)}.wal`, 'notes.txt'].sort());
});

test('temporary files of another live process are left alone', async () => {
  const file = await freshFile();
  const folder = dirname(file);
  const theirs = `.${basename(file)}.${process.ppid}.cafebabe.tmp`;
  await writeFile(join(folder, theirs), '{"being written": ');
  await (await open(file)).close();
  assert.ok((await readdir(folder)).includes(theirs));
});
