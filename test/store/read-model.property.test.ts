// Property: the fast read model (the indexes) answers every query exactly as the naive reference
// (src/store/read-model/reference.ts: a Map, filter, sort, slice) after any sequence of changes:
// puts and deletes of execution threads and of threads with their messages, and whole replaces
// (built beside the served model in slices as a reset does, build-indexes.ts, or loaded at once
// as a start does). Queries: filters, every sort
// order, paging windows, thread pages by inbox sets with cursors, message and uid lookups.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sortOrder, type SortTerm } from '../../src/apis/execution-threads/sorting.js';
import { EXECUTION_THREAD_TYPES, type Database, type ExecutionThreadRecord, type MessageRecord, type ThreadRecord } from '../../src/model.js';
import { buildIndexes } from '../../src/store/build-indexes.js';
import type { ExecutionThreadOrder, ThreadKey } from '../../src/store/contract.js';
import { ExecutionThreadIndex } from '../../src/store/execution-thread-index.js';
import { compareMessages } from '../../src/store/message-order.js';
import { applyOperation, type Operation } from '../../src/store/operations.js';
import type { ReadModel } from '../../src/store/read-model/read-model.js';
import { referenceReadModel } from '../../src/store/read-model/reference.js';
import { Slicer } from '../../src/slices.js';
import { ThreadIndex } from '../../src/store/thread-index.js';

const BASE = Date.parse('2026-01-01T00:00:00Z');
/** Few distinct values everywhere, so that ties, shared tokens and shared message ids are common. */
const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString().replace('.000Z', 'Z');
const WORKSPACES = [1, 2, 3];
const INBOXES = ['inbox-a', 'inbox-b', 'inbox-c'];
const TOKENS = [null, 'tok-a', 'tok-b'];

const executionThread: fc.Arbitrary<ExecutionThreadRecord> = fc.record({
  id: fc.integer({ min: 1, max: 30 }),
  workspaceId: fc.constantFrom(...WORKSPACES),
  threadToken: fc.constantFrom(...TOKENS),
  type: fc.constantFrom(...EXECUTION_THREAD_TYPES),
  createdAt: fc.integer({ min: 0, max: 5 }).map(at),
}, { noNullPrototype: true });

const message: fc.Arbitrary<MessageRecord> = fc.record({
  message_id: fc.integer({ min: 1, max: 40 }).map((n) => `m-${n}`),
  message_id_header: fc.constant('<x@y>'),
  from: fc.constant('A <a@x>'),
  subject: fc.constantFrom('s1', 's2'),
  snippet: fc.constantFrom('p1', 'p2'),
  received_at: fc.integer({ min: 0, max: 6 }).map(at),
  folder: fc.constant('INBOX'),
  uid: fc.integer({ min: 1, max: 50 }),
}, { noNullPrototype: true });

const thread: fc.Arbitrary<ThreadRecord> = fc.record({
  thread_id: fc.integer({ min: 1, max: 15 }).map((n) => `thr-${n}`),
  inbox_id: fc.constantFrom(...INBOXES),
  messages: fc.uniqueArray(message, { minLength: 1, maxLength: 3, selector: (m) => m.message_id }).map((ms) => ms.sort(compareMessages)),
}, { noNullPrototype: true });

type Step = { change: Operation } | { replace: { executionThreads: ExecutionThreadRecord[]; threads: ThreadRecord[] }; atStart: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: executionThread.map((record) => ({ change: { op: 'putExecutionThread' as const, record } })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 30 }).map((id) => ({ change: { op: 'deleteExecutionThread' as const, id } })) },
  { weight: 4, arbitrary: thread.map((t) => ({ change: { op: 'putThread' as const, thread: t } })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 15 }).map((n) => ({ change: { op: 'deleteThread' as const, id: `thr-${n}` } })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ executionThreads: fc.uniqueArray(executionThread, { maxLength: 12, selector: (r) => r.id }), threads: fc.uniqueArray(thread, { maxLength: 8, selector: (t) => t.thread_id }) }, { noNullPrototype: true })
      .chain((replace) => fc.boolean().map((atStart) => ({ replace, atStart }))),
  },
);

/**
 * Message ids are unique across the database (the control plane refuses a duplicate with a 409):
 * a put whose messages another thread holds is refused here too, as a write would be.
 */
function allowed(model: ReadModel, change: Operation): boolean {
  if (change.op !== 'putThread') return true;
  return change.thread.messages.every((m) => {
    const holder = model.threads.messages.threadOf(m.message_id);
    return holder === undefined || holder === change.thread.thread_id;
  });
}

/** A whole replace keeps only threads whose message ids no earlier thread of it holds. */
function withUniqueMessages(threads: ThreadRecord[]): ThreadRecord[] {
  const held = new Set<string>();
  return threads.filter((t) => {
    if (t.messages.some((m) => held.has(m.message_id))) return false;
    for (const m of t.messages) held.add(m.message_id);
    return true;
  });
}

const TERMS: SortTerm[][] = [[], [{ field: 'createdAt', descending: true }], [{ field: 'threadToken', descending: false }], [{ field: 'type', descending: true }, { field: 'createdAt', descending: false }], [{ field: 'workspaceId', descending: false }]];
const ORDERS: (ExecutionThreadOrder | undefined)[] = [
  ...TERMS.map((t) => sortOrder(t)),
  // An order given by its compare function alone (the fast model then sorts parsed records).
  ...TERMS.slice(1).map((t) => {
    const { key, compare } = sortOrder(t) as ExecutionThreadOrder;
    return { key: `compare-only:${key}`, compare };
  }),
];
const WINDOWS: [number, number][] = [[0, 100], [0, 1], [1, 2], [3, 5], [-2, 5], [10, 10]];
const INBOX_SETS: (string[] | null)[] = [null, ['inbox-a'], ['inbox-b', 'inbox-c'], ['inbox-c', 'inbox-a'], ['inbox-none'], []];

/** Every answer of the read interface, as plain data. */
function answers(model: ReadModel): unknown {
  const e = model.executionThreads;
  const t = model.threads;
  const out: Record<string, unknown> = {
    executionThreads: { size: e.size, nextId: e.nextId, all: e.all(), allJson: e.allJson(), inWorkspace2: e.allJson((w) => w === 2), workspaces: e.workspaces() },
    byId: Array.from({ length: 31 }, (_, id) => e.get(id) ?? null),
  };
  const queries: unknown[] = [];
  for (const workspaceId of [...WORKSPACES, 99]) {
    for (const threadToken of [undefined, ...TOKENS.filter((x): x is string => x !== null)]) {
      for (const type of [undefined, ...EXECUTION_THREAD_TYPES]) {
        for (const order of ORDERS) {
          const q = { workspaceId, threadToken, type, order };
          queries.push(e.query(q).map((r) => r.id));
          for (const [start, total] of WINDOWS) {
            const w = e.window(q, start, total);
            queries.push([w.totalCount, textsOf(w), w.records()]);
          }
        }
      }
    }
  }
  out.queries = queries;
  out.threads = { size: t.size, all: t.all(), allJson: t.allJson(), inA: t.allJson((i) => i === 'inbox-a'), inboxes: t.inboxes() };
  out.threadById = Array.from({ length: 16 }, (_, n) => t.get(`thr-${n}`) ?? null);
  out.messages = { size: t.messages.size, threadOf: Array.from({ length: 41 }, (_, n) => t.messages.threadOf(`m-${n}`) ?? null), nextUid: INBOXES.map((i) => t.messages.nextUid(i)) };
  const pages: unknown[] = [];
  for (const inboxes of INBOX_SETS) {
    for (const limit of [1, 2, 5, 100]) {
      // Walk every page with the cursor each page gives, as a client does.
      let after: ThreadKey | undefined;
      for (let guard = 0; guard < 40; guard++) {
        const page = t.page(inboxes, after, limit);
        pages.push({ ids: page.threads.map((x) => x.thread_id), texts: textsOf(page), last: page.last ?? null, more: page.more });
        if (!page.more || !page.last) break;
        after = page.last;
      }
    }
    // Cursors that name no held thread: between threads, before all and after all.
    for (const key of [{ ms: BASE + 3 * 60_000, id: 'thr-5' }, { ms: BASE + 3 * 60_000 + 1, id: 'a' }, { ms: 0, id: '' }, { ms: BASE + 100 * 60_000, id: 'z' }]) {
      const page = t.page(inboxes, key, 3);
      pages.push({ from: key, ids: page.threads.map((x) => x.thread_id), last: page.last ?? null, more: page.more });
    }
  }
  out.pages = pages;
  return out;
}

const fast = (): ReadModel => ({ executionThreads: new ExecutionThreadIndex(), threads: new ThreadIndex() });

/** The fast model of a database as a start loads it: every record appended, then sorted once. */
function loadedAtOnce(db: Database): ReadModel {
  const executionThreads = new ExecutionThreadIndex();
  const threads = new ThreadIndex();
  executionThreads.load(db.executionThreads);
  threads.load(db.threads);
  executionThreads.finish();
  threads.finish();
  return { executionThreads, threads };
}

describe('the fast read model answers as the naive reference', () => {
  it('after any sequence of puts, deletes and whole replaces', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        let quick = fast();
        let reference = referenceReadModel();
        for (const s of steps) {
          if ('change' in s) {
            if (!allowed(reference, s.change)) continue;
            applyOperation(quick, s.change);
            applyOperation(reference, s.change);
          } else {
            // Records of a replace are handed over: each model gets its own copy, as the store's caller gives it.
            const db: Database = { schemaVersion: 1, executionThreads: s.replace.executionThreads, threads: withUniqueMessages(s.replace.threads) };
            quick = s.atStart ? loadedAtOnce(structuredClone(db)) : await buildIndexes(structuredClone(db), new Slicer());
            reference = referenceReadModel(structuredClone(db));
          }
        }
        assert.deepEqual(answers(quick), answers(reference));
      }),
      { numRuns: 150 },
    );
  });

  it('the comparison sees a difference: a reference that forgets deletes is caught', () => {
    const quick = fast();
    const reference = referenceReadModel();
    const record: ExecutionThreadRecord = { id: 1, workspaceId: 1, threadToken: null, type: 'Manual', createdAt: at(0) };
    applyOperation(quick, { op: 'putExecutionThread', record });
    applyOperation(reference, { op: 'putExecutionThread', record });
    applyOperation(quick, { op: 'deleteExecutionThread', id: 1 });
    assert.notDeepEqual(answers(quick), answers(reference));
  });
});

/** The texts of a page or window, as a client of the read model reads them. */
function textsOf(page: { length: number; text(i: number): string }): string[] {
  return Array.from({ length: page.length }, (_, i) => page.text(i));
}
