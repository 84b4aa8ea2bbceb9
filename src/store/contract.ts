// What the APIs and the control plane may ask of any store engine (the file engine in store.ts,
// PostgreSQL elsewhere). It knows no HTTP and leaks no lowdb or pg types.
//
// Reads are synchronous, on an in-memory read model (the indexes). Records handed out are shared
// with the read model: never change one, put a changed copy instead.
// Writes are async and fail closed: a write is a function of the current state that the engine
// runs at the moment it holds the write lock (so that it can assign ids and uids and refuse a
// conflict), the changes it returns are made durable, and only then applied to the read model.
// A write that could not be made durable changes nothing and rejects with a StoreWriteError.
import type { Database, ExecutionThreadRecord, ThreadRecord } from '../model.js';
import type { Counters } from './counters.js';
import type { ExecutionThreadQuery, ExecutionThreadWindow } from './execution-thread-index.js';
import type { ThreadKey, ThreadPage } from './thread-index.js';

export type { ExecutionThreadQuery, ExecutionThreadOrder, ExecutionThreadWindow } from './execution-thread-index.js';
export type { ThreadKey, ThreadPage } from './thread-index.js';

/** Execution threads as the read model holds them, by workspace in creation (id) order. */
export interface ExecutionThreadReader {
  readonly size: number;
  get(id: number): ExecutionThreadRecord | undefined;
  /** Every record in creation (id) order. */
  all(): ExecutionThreadRecord[];
  /** JSON.stringify of each record of `all()` (or of those in the workspaces `keep` accepts), without parsing them. */
  allJson(keep?: (workspaceId: number) => boolean): string[];
  workspaces(): number[];
  /** The filtered, ordered list for a query (shared: do not change it). */
  query(q: ExecutionThreadQuery): readonly ExecutionThreadRecord[];
  /** The records [start, start + total) of a query's list, with each one's stamp and JSON text, and the list's length (what a list page needs, without parsing records). */
  window(q: ExecutionThreadQuery, start: number, total: number): ExecutionThreadWindow;
}

/** Threads in list order (newest message first), with their messages. */
export interface ThreadReader {
  readonly size: number;
  get(id: string): ThreadRecord | undefined;
  /** Every thread in file order. */
  all(): ThreadRecord[];
  /** JSON.stringify of each record of `all()` (or of those in the inboxes `keep` accepts), without parsing them. */
  allJson(keep?: (inboxId: string) => boolean): string[];
  inboxes(): string[];
  /** One page in list order after `after`; `inboxes` null means every inbox. */
  page(inboxes: readonly string[] | null, after: ThreadKey | undefined, limit: number): ThreadPage;
  readonly messages: {
    /** Distinct message ids held. */
    readonly size: number;
    threadOf(messageId: string): string | undefined;
  };
}

/** One change of a write: sets or removes a whole record (what the write-ahead log records). */
export type Change =
  | { op: 'putExecutionThread'; record: ExecutionThreadRecord }
  | { op: 'deleteExecutionThread'; id: number }
  | { op: 'putThread'; thread: ThreadRecord }
  | { op: 'deleteThread'; id: string };

/**
 * What a write may look at while the engine holds the write lock: the read model plus the changes
 * of earlier writes that are not durable yet. Records are read-only.
 */
export interface WriteState {
  executionThread(id: number): ExecutionThreadRecord | undefined;
  /** One more than the highest execution thread id ever held since the last whole reset or import (kept across restarts: counters()). */
  nextExecutionThreadId(): number;
  thread(threadId: string): ThreadRecord | undefined;
  /** The thread holding a message id, if any (message ids are unique across the database). */
  threadOfMessage(messageId: string): string | undefined;
  /** One more than the highest uid ever held in the inbox since the last whole reset or import (uids are never reused, across restarts too). */
  nextUid(inboxId: string): number;
}

/** The changes a write makes and what the caller gets once they are durable. */
export interface WritePlan<T> {
  changes: Change[];
  result: T;
}

/**
 * A write, computed from the current state under the write lock. It may throw to refuse (the
 * control plane throws its ControlError for a 409): then nothing is written.
 */
export type Write<T> = (state: WriteState) => WritePlan<T>;

/** The records a tenant owns, for a scoped replace: said by the caller, the store knows no tenants. */
export interface RecordScope {
  ownsWorkspace(workspaceId: number): boolean;
  ownsInbox(inboxId: string): boolean;
}

/** A new record of a scoped replace whose id a record outside the scope holds. */
export interface ScopeClash {
  kind: 'thread' | 'message';
  id: string;
}

/** Whether the store can take writes, and why not (for `/__sandbox/ready`). */
export interface StoreHealth {
  ready: boolean;
  /** Why it is not ready, e.g. "the last write failed: the disk is full (ENOSPC) writing /data/db.json.wal". */
  reason?: string;
}

export interface SandboxStore {
  readonly executionThreads: ExecutionThreadReader;
  readonly threads: ThreadReader;
  /** True when nothing outlives the process. */
  readonly inMemory: boolean;
  /** Bumped by every replace (reset, seed, import): tells whether the data is still what was loaded. */
  readonly generation: number;

  /** The whole database, in file order, with its counters. */
  snapshot(): Database;

  /**
   * The highest execution thread id and uid per inbox handed out since the last whole replace:
   * kept with the data, so that an engine opened again (a replica that starts) never hands one out
   * twice. A tenant's replace never lowers them (ids are one namespace across tenants).
   */
  counters(): Counters;

  /** Runs a write under the write lock; resolves with its result once durable and applied. */
  write<T>(write: Write<T>): Promise<T>;

  /** Replaces everything (reset, seed data, import); durable before the read model changes. */
  replace(data: Database): Promise<void>;

  /**
   * Replaces the records in `scope` with those of `data` in it, keeping every other record: one
   * write, computed from the current state under the write lock, alone in its batch, durable
   * before it is applied (PostgreSQL: one transaction over the scope's rows). A new execution
   * thread whose id is held outside the scope gets a free id; a thread or message id held outside
   * the scope goes to `onClash`, which throws to refuse the whole write (nothing changes) or
   * returns to leave that thread out. The generation stays: other scopes' data did not change.
   */
  replaceScoped(scope: RecordScope, data: Database, onClash: (clash: ScopeClash) => void): Promise<void>;

  /** Brings the read model up to date with shared state (no-op for an engine that owns its data). */
  sync(): Promise<void>;

  health(): StoreHealth;

  /** Resolves when every acknowledged write is durable; later writes are refused. */
  close(): Promise<void>;
}

/**
 * Why a write was not saved: the disk is full, an I/O error, the store is closed. The control plane
 * answers it as 507 (503 when closed); memory and files are as they were before the write.
 */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';

  constructor(
    message: string,
    /** The errno code when the cause was a system call (ENOSPC, EDQUOT, EIO, ...). */
    readonly code: string | undefined,
    /** The store refuses all writes (closed), not only this one. */
    readonly closed = false,
  ) {
    super(message);
  }
}

/** A write whose records would not load again (an id past the maximum, a bad timestamp): a 4xx. */
export class StoreRecordError extends Error {
  override readonly name = 'StoreRecordError';
}

// ---- writes of one record, for callers that already know the whole record -----------------------

const done = <T>(changes: Change[], result: T): WritePlan<T> => ({ changes, result });

/** Inserts or replaces an execution thread. */
export function putExecutionThread(store: SandboxStore, record: ExecutionThreadRecord): Promise<void> {
  return store.write(() => done([{ op: 'putExecutionThread', record }], undefined));
}

/** Removes an execution thread; false when there was none. */
export function deleteExecutionThread(store: SandboxStore, id: number): Promise<boolean> {
  return store.write((s) => (s.executionThread(id) ? done([{ op: 'deleteExecutionThread', id }], true) : done([], false)));
}

/** Inserts or replaces a thread with its messages. */
export function putThread(store: SandboxStore, thread: ThreadRecord): Promise<void> {
  return store.write(() => done([{ op: 'putThread', thread }], undefined));
}

/** Removes a thread and its messages; false when there was none. */
export function deleteThread(store: SandboxStore, id: string): Promise<boolean> {
  return store.write((s) => (s.thread(id) ? done([{ op: 'deleteThread', id }], true) : done([], false)));
}
