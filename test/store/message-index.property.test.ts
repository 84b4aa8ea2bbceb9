// The message index keeps no message ids, only hashes confirmed against the threads' records: held
// to a plain Map over random adds and removes, with the real hash and with hashes that collide on
// purpose (every id to one of three values), where only the confirmation tells entries apart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ThreadRecord } from '../../src/model.js';
import { MessageIndex, type NumberedThreads } from '../../src/store/message-index.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const ids = fc.constantFrom(...Array.from({ length: 12 }, (_, n) => `m-${n}`));
const thread = fc.record({
  thread_id: fc.constantFrom('t-a', 't-b', 't-c', 't-d'),
  inbox_id: fc.constantFrom('i-1', 'i-2'),
  // Ids may repeat within a thread: the index counts distinct ids.
  messages: fc.array(fc.record({ message_id: ids, uid: fc.nat({ max: 50 }) }), { minLength: 1, maxLength: 4 }),
});
const step = fc.oneof(fc.record({ kind: fc.constant('put' as const), thread }), fc.record({ kind: fc.constant('delete' as const), id: fc.constantFrom('t-a', 't-b', 't-c', 't-d') }));

/**
 * The threads as the thread index holds them (what the index confirms entries against): each in a
 * numbered slot, a freed slot given to the next thread put, whatever its id.
 */
class Slots implements NumberedThreads {
  readonly records: (ThreadRecord | undefined)[] = [];
  readonly slotOf = new Map<string, number>();
  readonly free: number[] = [];
  idOf(n: number): string | undefined {
    return this.records[n]?.thread_id;
  }
  recordOf(n: number): ThreadRecord | undefined {
    return this.records[n];
  }
  put(t: ThreadRecord): number {
    const n = this.free.pop() ?? this.records.length;
    this.records[n] = t;
    this.slotOf.set(t.thread_id, n);
    return n;
  }
  delete(id: string): void {
    const n = this.slotOf.get(id) as number;
    this.records[n] = undefined;
    this.slotOf.delete(id);
    this.free.push(n);
  }
}

/** What the index did before: a Map of message id to thread id, last writer wins. */
class Naive {
  readonly threadOf = new Map<string, string>();
  readonly maxUid = new Map<string, number>();
  add(t: ThreadRecord): void {
    for (const m of t.messages) this.threadOf.set(m.message_id, t.thread_id);
    for (const m of t.messages) this.maxUid.set(t.inbox_id, Math.max(this.maxUid.get(t.inbox_id) ?? 0, m.uid));
  }
  remove(t: ThreadRecord): void {
    for (const m of t.messages) if (this.threadOf.get(m.message_id) === t.thread_id) this.threadOf.delete(m.message_id);
  }
}

for (const [name, hash] of [
  ['the real hash', undefined],
  ['colliding hashes', (id: string) => id.length % 3],
] as const) {
  test(`message index against a Map, ${name}`, () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const threads = new Slots();
        const index = new MessageIndex(threads, hash);
        const naive = new Naive();
        for (const s of steps) {
          const id = s.kind === 'put' ? s.thread.thread_id : s.id;
          const slot = threads.slotOf.get(id);
          if (slot !== undefined) {
            const old = threads.recordOf(slot) as ThreadRecord;
            index.remove(old, slot);
            naive.remove(old);
            threads.delete(id);
          }
          if (s.kind === 'put') {
            const t = structuredClone(s.thread) as unknown as ThreadRecord;
            index.add(t, threads.put(t));
            naive.add(t);
          }
          for (let n = 0; n < 12; n++) assert.equal(index.threadOf(`m-${n}`), naive.threadOf.get(`m-${n}`), `m-${n}`);
          assert.equal(index.size, naive.threadOf.size);
          for (const inbox of ['i-1', 'i-2']) assert.equal(index.nextUid(inbox), (naive.maxUid.get(inbox) ?? 0) + 1);
        }
      }),
      { numRuns: RUNS },
    );
  });
}

test('message index grows past its first table and keeps every id', () => {
  const threads = new Slots();
  const index = new MessageIndex(threads);
  for (let t = 0; t < 3000; t++) {
    const record = { thread_id: `t-${t}`, inbox_id: 'i', messages: [{ message_id: `m-${t}-a`, uid: t }, { message_id: `m-${t}-b`, uid: t }] } as unknown as ThreadRecord;
    index.add(record, threads.put(record));
  }
  assert.equal(index.size, 6000);
  for (let t = 0; t < 3000; t += 7) assert.equal(index.threadOf(`m-${t}-b`), `t-${t}`);
  for (let t = 0; t < 3000; t += 2) index.remove(threads.recordOf(t) as ThreadRecord, t);
  assert.equal(index.size, 3000);
  assert.equal(index.threadOf('m-4-a'), undefined);
  assert.equal(index.threadOf('m-5-a'), 't-5');
  assert.equal(index.nextUid('i'), 3000);
});
