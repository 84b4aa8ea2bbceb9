// The highest execution thread id and the highest uid per inbox handed out since the last whole
// reset or import: kept with the data (the data file's `counters`, PostgreSQL's
// sandbox_state.highest_execution_thread_id and sandbox_highest_uids), because the records alone
// forget them once the record that got one is deleted, and an engine opened again would then hand
// the id or uid out twice (issue 21). A read model holds them while running; these move them
// between it and what is stored. Raising only: a stored value below the records' counts for nothing.
import type { Counters } from '../generated/database.js';
import type { Database, ExecutionThreadRecord, ThreadRecord } from '../model.js';
import type { Change } from './contract.js';
import type { ReadModel } from './read-model/read-model.js';

export type { Counters } from '../generated/database.js';

/** What the read model counts from now, as stored (inboxes in code-unit order, for stable files). */
export function countersOf(model: ReadModel): Counters {
  const uids = [...model.threads.messages.highestUids()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { highestExecutionThreadId: model.executionThreads.nextId - 1, highestUidByInbox: Object.fromEntries(uids) };
}

/** Makes the read model count on from at least the stored counters (none: from its records, as before they were stored). */
export function adoptCounters(model: ReadModel, counters: Counters | undefined): void {
  if (!counters) return;
  model.executionThreads.raiseHighestId(counters.highestExecutionThreadId);
  for (const [inbox, uid] of Object.entries(counters.highestUidByInbox)) if (uid !== undefined) model.threads.messages.raiseHighestUid(inbox, uid);
}

/** The highest execution thread id and uids per inbox a batch of changes puts (for a store that raises its stored counters by them). */
export function highestPutBy(changes: readonly Change[]): Counters {
  const exec: ExecutionThreadRecord[] = [];
  const threads: ThreadRecord[] = [];
  for (const c of changes) {
    if (c.op === 'putExecutionThread') exec.push(c.record);
    else if (c.op === 'putThread') threads.push(c.thread);
  }
  return highestOf(exec, threads);
}

/** What a whole database counts from: its records, raised to its own counters when it has them. */
export function countersOfDatabase(db: Database): Counters {
  const counters = highestOf(db.executionThreads, db.threads);
  if (!db.counters) return counters;
  counters.highestExecutionThreadId = Math.max(counters.highestExecutionThreadId, db.counters.highestExecutionThreadId);
  for (const [inbox, uid] of Object.entries(db.counters.highestUidByInbox)) {
    if (uid !== undefined) counters.highestUidByInbox[inbox] = Math.max(counters.highestUidByInbox[inbox] ?? 0, uid);
  }
  return counters;
}

function highestOf(executionThreads: readonly ExecutionThreadRecord[], threads: readonly ThreadRecord[]): Counters {
  let highestExecutionThreadId = 0;
  for (const e of executionThreads) highestExecutionThreadId = Math.max(highestExecutionThreadId, e.id);
  const uids = new Map<string, number>();
  for (const t of threads) for (const m of t.messages) uids.set(t.inbox_id, Math.max(uids.get(t.inbox_id) ?? 0, m.uid));
  return { highestExecutionThreadId, highestUidByInbox: Object.fromEntries(uids) };
}
