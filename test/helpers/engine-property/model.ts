// The expectation of the engines' property test (test/store/engines.property.test.ts): plain Maps
// holding what every acknowledged write, reset and tenant reset must leave, written from the
// contract (src/store/contract.ts) and the admin spec, not from the engines' code. It also keeps
// the ids of acknowledged creates still alive, to name a lost write as such.
import assert from 'node:assert/strict';
import type { Database, ExecutionThreadRecord, MessageRecord, ThreadRecord } from '../../../src/model.js';
import { compareMessages } from '../../../src/store/message-order.js';

/** Workspaces and inboxes a tenant owns (disjoint between tenants). */
export interface TenantScope {
  workspaces: readonly number[];
  inboxes: readonly string[];
}

/** What the engine must hold for the records the test compares. */
export interface Records {
  executionThreads: ExecutionThreadRecord[];
  threads: ThreadRecord[];
}

export class ExpectedState {
  readonly execs = new Map<number, ExecutionThreadRecord>();
  /** In database order: a put of a held id keeps its place, a new one goes last (as the data file). */
  readonly threads = new Map<string, ThreadRecord>();
  /** The highest execution thread id held since the last whole reset (deletes do not lower it). */
  maxExecId = 0;
  /** The highest uid held per inbox since the last whole reset (uids are never reused). */
  readonly maxUid = new Map<string, number>();
  /** Acknowledged creates not removed since by an acknowledged delete or reset: "exec:7", "thread:x", "message:x/m". */
  readonly alive = new Set<string>();

  static of(db: Records): ExpectedState {
    const state = new ExpectedState();
    state.replaceAll(db);
    return state;
  }

  clone(): ExpectedState {
    const copy = new ExpectedState();
    for (const [id, e] of this.execs) copy.execs.set(id, e);
    for (const [id, t] of this.threads) copy.threads.set(id, t);
    copy.maxExecId = this.maxExecId;
    for (const [inbox, uid] of this.maxUid) copy.maxUid.set(inbox, uid);
    for (const key of this.alive) copy.alive.add(key);
    return copy;
  }

  get nextExecId(): number {
    return this.maxExecId + 1;
  }

  nextUid(inbox: string): number {
    return (this.maxUid.get(inbox) ?? 0) + 1;
  }

  putExec(record: ExecutionThreadRecord): void {
    this.execs.set(record.id, record);
    this.maxExecId = Math.max(this.maxExecId, record.id);
  }

  deleteExec(id: number): void {
    this.execs.delete(id);
    this.alive.delete(`exec:${id}`);
  }

  putThread(thread: ThreadRecord): void {
    const sorted = { ...thread, messages: [...thread.messages].sort(compareMessages) };
    this.threads.set(thread.thread_id, sorted);
    for (const m of thread.messages) this.maxUid.set(thread.inbox_id, Math.max(this.maxUid.get(thread.inbox_id) ?? 0, m.uid));
  }

  deleteThread(id: string): void {
    const old = this.threads.get(id);
    this.threads.delete(id);
    this.alive.delete(`thread:${id}`);
    for (const m of old?.messages ?? []) this.alive.delete(`message:${id}/${m.message_id}`);
  }

  /** Adds the message or replaces the one of its id. */
  putMessage(threadId: string, message: MessageRecord): void {
    const thread = this.threads.get(threadId) as ThreadRecord;
    this.putThread({ ...thread, messages: [...thread.messages.filter((m) => m.message_id !== message.message_id), message] });
  }

  deleteMessage(threadId: string, messageId: string): void {
    const thread = this.threads.get(threadId) as ThreadRecord;
    this.threads.set(threadId, { ...thread, messages: thread.messages.filter((m) => m.message_id !== messageId) });
    this.alive.delete(`message:${threadId}/${messageId}`);
  }

  /**
   * After a restart: the engine counts ids and uids on from `marks` (its next execution thread id
   * and next uid per inbox), which must be exactly where it counted before the restart: the
   * counters are kept with the data (issue 21), so no id or uid handed out before, to a record
   * deleted since, is handed out again.
   */
  assertCountsOnFrom(marks: { nextExecId: number; nextUid: Record<string, number> }, where: string): void {
    assert.equal(marks.nextExecId, this.nextExecId, `${where}: the next execution thread id changed across the restart`);
    for (const [inbox, next] of Object.entries(marks.nextUid)) assert.equal(next, this.nextUid(inbox), `${where}: the next uid of ${inbox} changed across the restart`);
  }

  /** Every inbox that holds or held a message since the last whole reset. */
  inboxes(): string[] {
    return [...new Set([...this.maxUid.keys(), ...[...this.threads.values()].map((t) => t.inbox_id)])];
  }

  threadOfMessage(messageId: string): string | undefined {
    for (const t of this.threads.values()) if (t.messages.some((m) => m.message_id === messageId)) return t.thread_id;
    return undefined;
  }

  /** A whole reset or import: everything replaced, ids and uids counted from the new data. */
  replaceAll(db: Records): void {
    this.execs.clear();
    this.threads.clear();
    this.maxExecId = 0;
    this.maxUid.clear();
    this.alive.clear();
    for (const e of db.executionThreads) this.putExec(e);
    for (const t of db.threads) this.putThread(t);
  }

  /**
   * A tenant's reset (refuse false: a clashing thread is left out) or snapshot import (refuse
   * true: a clash refuses everything, returning false). The contract's replaceScoped: the scope's
   * records go, the incoming ones in the scope come; an execution thread id held outside the scope
   * moves to the next free id; a thread or message id held outside the scope is a clash.
   */
  replaceScoped(scope: TenantScope, incoming: Records, refuse: boolean): boolean {
    const ownsWorkspace = (w: number) => scope.workspaces.includes(w);
    const ownsInbox = (i: string) => scope.inboxes.includes(i);
    const own = new Set([...this.threads.values()].filter((t) => ownsInbox(t.inbox_id)).map((t) => t.thread_id));
    const heldOutside = (threadId: string | undefined) => threadId !== undefined && !own.has(threadId);
    const keptExecIds = new Set([...this.execs.values()].filter((e) => !ownsWorkspace(e.workspaceId)).map((e) => e.id));

    const threads: ThreadRecord[] = [];
    const putThreads = new Set<string>();
    const putMessages = new Set<string>();
    for (const t of incoming.threads.filter((x) => ownsInbox(x.inbox_id))) {
      const clash =
        putThreads.has(t.thread_id) ||
        heldOutside(this.threads.has(t.thread_id) ? t.thread_id : undefined) ||
        t.messages.some((m) => putMessages.has(m.message_id) || heldOutside(this.threadOfMessage(m.message_id)));
      if (clash && refuse) return false;
      if (clash) continue;
      putThreads.add(t.thread_id);
      for (const m of t.messages) putMessages.add(m.message_id);
      threads.push(t);
    }

    const newExecs = incoming.executionThreads.filter((e) => ownsWorkspace(e.workspaceId));
    let nextId = this.nextExecId;
    for (const e of newExecs) nextId = Math.max(nextId, e.id + 1);
    const taken = new Set<number>();
    const execs = newExecs.map((e) => {
      const id = keptExecIds.has(e.id) || taken.has(e.id) ? nextId++ : e.id;
      taken.add(id);
      return { ...e, id };
    });

    for (const e of [...this.execs.values()]) if (ownsWorkspace(e.workspaceId)) this.deleteExec(e.id);
    for (const id of own) this.deleteThread(id);
    for (const e of execs) this.putExec(e);
    for (const t of threads) this.putThread(t);
    return true;
  }

  /** The records of a scope (a tenant's snapshot), or all. */
  records(scope?: TenantScope): Records {
    return {
      executionThreads: [...this.execs.values()].filter((e) => !scope || scope.workspaces.includes(e.workspaceId)).sort((a, b) => a.id - b.id),
      threads: [...this.threads.values()].filter((t) => !scope || scope.inboxes.includes(t.inbox_id)),
    };
  }

  /** A text that is equal for equal states, whatever the order of keys (for telling apart the outcomes of different orders). */
  fingerprint(): string {
    return JSON.stringify(this.records(), (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))) : value,
    );
  }
}

/** The records of a snapshot (schemaVersion and generation are not compared). */
export function recordsOf(db: Database): Records {
  return { executionThreads: db.executionThreads, threads: db.threads };
}
