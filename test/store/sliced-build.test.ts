// A reset builds its read model in slices (build-indexes.ts: loads, then finishInSlices, whose sort
// is cut into runs merged with pauses), a start builds it at once (load, then finish). Both must
// give the same indexes: the same orders and the same answers. Ordering only, no timing: the
// slicer here pauses at every chance it is given, so every pause point is crossed.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { generateDatabase } from '../../src/fake.js';
import type { Database, ExecutionThreadRecord, ThreadRecord } from '../../src/model.js';
import { buildIndexes } from '../../src/store/build-indexes.js';
import { ExecutionThreadIndex } from '../../src/store/execution-thread-index.js';
import { Slicer, sortInSlices } from '../../src/slices.js';
import { ThreadIndex } from '../../src/store/thread-index.js';

/** A slicer whose slice is always used up: every pause point pauses. */
class PausingSlicer extends Slicer {
  override due(): boolean {
    return true;
  }

  override spent(): boolean {
    return true;
  }
}

/** Everything a read can see of two indexes, for deepEqual. */
function answers(exec: ExecutionThreadIndex, threads: ThreadIndex): unknown {
  const byCreated = { key: 'createdat:desc', compare: () => 0, terms: [{ field: 'createdAt' as const, descending: true }] };
  const workspaces = exec.workspaces();
  const inboxes = threads.inboxes();
  return {
    execAll: exec.allJson(),
    nextId: exec.nextId,
    workspaces,
    byWorkspace: workspaces.map((w) => [textsOf(exec.window({ workspaceId: w }, 0, 1e9)), textsOf(exec.window({ workspaceId: w, order: byCreated }, 0, 1e9))]),
    threadsAll: threads.allJson(),
    inboxes,
    listed: textsOf(threads.page(null, undefined, 1e9)),
    byInbox: inboxes.map((i) => textsOf(threads.page([i], undefined, 1e9))),
    twoInboxes: textsOf(threads.page(inboxes.slice(0, 2), undefined, 1e9)),
    messages: threads.messages.size,
    uids: inboxes.map((i) => threads.messages.nextUid(i)),
  };
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Threads and execution threads out of file order, some given again later (the later one wins). */
function database(): Database {
  const db = generateDatabase(3, { executionThreads: 6000, threads: 6000 });
  const executionThreads: ExecutionThreadRecord[] = shuffled(db.executionThreads, 1);
  const threads: ThreadRecord[] = shuffled(db.threads, 2);
  return { ...db, executionThreads, threads };
}

test('a read model built in slices answers exactly as one built at once', async () => {
  const db = database();
  const execAtOnce = new ExecutionThreadIndex();
  execAtOnce.load(structuredClone(db.executionThreads));
  execAtOnce.finish();
  const threadsAtOnce = new ThreadIndex();
  threadsAtOnce.load(structuredClone(db.threads));
  threadsAtOnce.finish();
  const sliced = await buildIndexes(structuredClone(db), new PausingSlicer());
  assert.deepEqual(answers(sliced.executionThreads, sliced.threads), answers(execAtOnce, threadsAtOnce));
});

test('finishInSlices gives the lists finish gives, with records given twice and loads after a finish', async () => {
  const db = database();
  const twice = db.threads.slice(0, 500).map((t) => ({ ...t, messages: [...t.messages].reverse().map((m, i) => ({ ...m, received_at: new Date(Date.UTC(2030, 0, 1, 0, i)).toISOString() })) }));
  const execTwice = db.executionThreads.slice(0, 500).map((e) => ({ ...e, workspaceId: e.workspaceId + 1 }));
  const build = async (finish: (e: ExecutionThreadIndex, t: ThreadIndex) => Promise<void>) => {
    const exec = new ExecutionThreadIndex();
    const threads = new ThreadIndex();
    exec.load(structuredClone(db.executionThreads.slice(0, 3000)));
    threads.load(structuredClone(db.threads.slice(0, 3000)));
    await finish(exec, threads);
    exec.load(structuredClone([...db.executionThreads.slice(3000), ...execTwice]));
    threads.load(structuredClone([...db.threads.slice(3000), ...twice]));
    await finish(exec, threads);
    return answers(exec, threads);
  };
  const atOnce = await build(async (e, t) => {
    e.finish();
    t.finish();
  });
  const inSlices = await build(async (e, t) => {
    const slicer = new PausingSlicer();
    await e.finishInSlices(slicer);
    await t.finishInSlices(slicer);
  });
  assert.deepEqual(inSlices, atOnce);
});

test('sortInSlices sorts as Array.prototype.sort does, ties kept in order', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 9000, size: 'max' }), async (keys) => {
      const items = keys.map((k, i) => ({ k, i }));
      const compare = (a: { k: number }, b: { k: number }) => a.k - b.k;
      const expected = [...items].sort(compare);
      assert.deepEqual(await sortInSlices([...items], compare, new PausingSlicer()), expected);
    }),
    { numRuns: 60 },
  );
});

/** The texts of a page or window, as a client of the read model reads them. */
function textsOf(page: { length: number; text(i: number): string }): string[] {
  return Array.from({ length: page.length }, (_, i) => page.text(i));
}
