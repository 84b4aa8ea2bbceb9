// The contract's scoped replace (a tenant's reset or snapshot import), as cases every engine
// passes: test/store/replace-scoped.test.ts (memory, file) and test/postgres/replace-scoped.test.ts.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { SCHEMA_VERSION, type Database, type ExecutionThreadRecord, type ThreadRecord } from '../../src/model.js';
import type { RecordScope, SandboxStore } from '../../src/store/contract.js';

const exec = (id: number, workspaceId: number): ExecutionThreadRecord => ({ id, workspaceId, threadToken: `t${id}`, type: 'Manual', createdAt: '2026-01-01T00:00:00.000Z' }) as ExecutionThreadRecord;
const thread = (thread_id: string, inbox_id: string, messageIds: string[]): ThreadRecord => ({
  thread_id,
  inbox_id,
  messages: messageIds.map((message_id, i) => ({
    message_id,
    message_id_header: `<${message_id}@example.org>`,
    from: 'a@example.org',
    subject: 's',
    snippet: 'x',
    received_at: `2026-01-0${i + 1}T00:00:00Z`,
    folder: 'INBOX',
    uid: i + 1,
  })),
});
const db = (executionThreads: ExecutionThreadRecord[], threads: ThreadRecord[]): Database => ({ schemaVersion: SCHEMA_VERSION, generation: 0, executionThreads, threads });

/** Tenant A: workspace 1 and inbox 'a'. */
const A: RecordScope = { ownsWorkspace: (w) => w === 1, ownsInbox: (i) => i === 'a' };
export const START = db([exec(1, 1), exec(2, 2), exec(3, 1)], [thread('ta', 'a', ['m1', 'm2']), thread('tb', 'b', ['m3'])]);

export const byId = (s: SandboxStore) => s.executionThreads.all().map((e) => [e.id, e.workspaceId, e.threadToken]);
export const threadsOf = (s: SandboxStore) => s.threads.all().map((t) => [t.thread_id, t.inbox_id, t.messages.map((m) => m.message_id).join(',')]);

export function behaviour(open: () => Promise<SandboxStore>): void {
  it("replaces the scope's records, keeps the others, and moves an id held outside the scope", async () => {
    const store = await open();
    try {
      await store.replaceScoped(A, db([exec(2, 1), exec(7, 1), exec(9, 2)], [thread('ta2', 'a', ['m2', 'm4']), thread('tb', 'b', ['m9'])]), () => assert.fail('no clash'));
      // Id 2 is tenant B's: A's new record gets the next free id. Records outside the scope in the new data are left out.
      assert.deepEqual(byId(store), [
        [2, 2, 't2'],
        [7, 1, 't7'],
        [8, 1, 't2'],
      ]);
      // m2 moved from A's old thread to its new one in the same replace.
      assert.deepEqual(threadsOf(store), [
        ['tb', 'b', 'm3'],
        ['ta2', 'a', 'm2,m4'],
      ]);
    } finally {
      await store.close();
    }
  });

  it('a clash refused by onClash changes nothing; one let through leaves that thread out', async () => {
    const store = await open();
    try {
      const clashing = db([exec(5, 1)], [thread('tb', 'a', ['m5']), thread('ta3', 'a', ['m3']), thread('ok', 'a', ['m6'])]);
      const refusal = new Error('refused');
      await assert.rejects(
        store.replaceScoped(A, clashing, () => {
          throw refusal;
        }),
        refusal,
      );
      assert.deepEqual(byId(store), [
        [1, 1, 't1'],
        [2, 2, 't2'],
        [3, 1, 't3'],
      ]);
      const seen: string[] = [];
      await store.replaceScoped(A, clashing, (c) => void seen.push(`${c.kind} ${c.id}`));
      assert.deepEqual(seen, ['thread tb', 'message m3']);
      assert.deepEqual(threadsOf(store), [
        ['tb', 'b', 'm3'],
        ['ok', 'a', 'm6'],
      ]);
    } finally {
      await store.close();
    }
  });
}

/** The store's methods bound to it, so that one can be wrapped. */
export function delegate(store: SandboxStore): SandboxStore {
  return {
    get executionThreads() {
      return store.executionThreads;
    },
    get threads() {
      return store.threads;
    },
    inMemory: store.inMemory,
    get generation() {
      return store.generation;
    },
    snapshot: () => store.snapshot(),
    counters: () => store.counters(),
    write: (w) => store.write(w),
    replace: (d) => store.replace(d),
    replaceScoped: (s, d, c) => store.replaceScoped(s, d, c),
    sync: () => store.sync(),
    health: () => store.health(),
    close: () => store.close(),
  };
}
