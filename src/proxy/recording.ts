// What the provider answered, kept as a sandbox database: execution threads from v1 lists, threads
// and their messages from v0 lists and gets, each once. The result passes the validation the store
// applies on load, so `serve --data FILE` serves it.
import { SCHEMA_VERSION, type Database, type ExecutionThreadItem, type ExecutionThreadRecord, type MessageRecord, type ThreadRecord } from '../model.js';
import { findDatabaseProblem, findShapeProblem } from '../store/db-schema.js';
import { compareMessages } from '../thread-view.js';
import type { Thread, ThreadSummary } from '../verify/invariants.js';
import type { ExecutionThreadPage } from '../verify/v1-list.js';
import type { ThreadPage } from '../verify/v0-list.js';

interface RecordedItem {
  item: ExecutionThreadItem;
  /** Position in its workspace's unfiltered, unsorted list: the provider's creation order. */
  position: number | undefined;
}

interface RecordedThread {
  inbox_id: string;
  messages: Map<string, MessageRecord>;
  /** message_count as the provider last showed it. */
  messageCount: number;
}

export interface RecordingStats {
  executionThreads: number;
  threads: number;
  messages: number;
  /** Threads with fewer messages recorded than the provider counts (seen in lists, never read by id). */
  incompleteThreads: number;
  /** What could not be recorded, and why (the first few). */
  skipped: string[];
  skippedCount: number;
}

const MAX_SKIP_REASONS = 20;

/** Fields the data file requires but the API may leave out. */
function messageRecord(m: Thread['messages'][number] & Partial<MessageRecord>): MessageRecord {
  return {
    message_id: m.message_id,
    message_id_header: m.message_id_header ?? '',
    from: m.from ?? '',
    subject: m.subject ?? '',
    snippet: m.snippet ?? '',
    received_at: m.received_at,
    folder: m.folder ?? '',
    uid: m.uid ?? 0,
  };
}

export class Recording {
  readonly #items = new Map<string, RecordedItem>();
  readonly #threads = new Map<string, RecordedThread>();
  #skipped: string[] = [];
  #skippedCount = 0;
  /** What the last toDatabase() left out (it is rebuilt from scratch each time). */
  #leftOut: string[] = [];

  /** A 200 of listExecutionThreads; `query` is what it was asked with (empty values already dropped). */
  addExecutionThreadPage(query: Record<string, string | string[]>, page: ExecutionThreadPage): void {
    // Only an unfiltered, unsorted window shows where an item stands in creation order.
    const natural = query.sorting === undefined && query.thread_token === undefined && query.type === undefined;
    const start = natural ? Number(query.start ?? 0) : NaN;
    page.items.forEach((raw, i) => {
      const item: ExecutionThreadItem = { workspaceId: raw.workspaceId, threadToken: raw.threadToken, type: raw.type as ExecutionThreadItem['type'], createdAt: raw.createdAt };
      const key = JSON.stringify([item.workspaceId, item.threadToken, item.type, item.createdAt]);
      const known = this.#items.get(key);
      const position = Number.isInteger(start) ? start + i : undefined;
      if (known) {
        known.position ??= position;
        return;
      }
      const problem = findShapeProblem({ schemaVersion: SCHEMA_VERSION, executionThreads: [{ id: 1, ...item }], threads: [] });
      if (problem) return this.#skip(`execution thread ${key}: ${problem.replace('/executionThreads/0', '')}`);
      this.#items.set(key, { item, position });
    });
  }

  /** A 200 of listThreads: a thread not read by id is known by its newest message only. */
  addThreadPage(page: ThreadPage): void {
    for (const summary of page.threads) this.#addSummary(summary);
  }

  /** A 200 of getThread: the thread's messages as the provider has them now. */
  addThread(thread: Thread): void {
    const messages = new Map<string, MessageRecord>();
    for (const m of thread.messages) messages.set(m.message_id, messageRecord(m));
    this.#threads.set(thread.thread_id, { inbox_id: thread.inbox_id, messages, messageCount: thread.message_count });
  }

  #addSummary(s: ThreadSummary): void {
    if (s.latest_message_received_at === undefined) return this.#skip(`thread ${s.thread_id}: the list gave no latest_message_received_at to record its newest message with`);
    const known = this.#threads.get(s.thread_id) ?? { inbox_id: s.inbox_id, messages: new Map(), messageCount: s.message_count };
    known.inbox_id = s.inbox_id;
    known.messageCount = s.message_count;
    if (!known.messages.has(s.latest_message_id)) {
      known.messages.set(s.latest_message_id, messageRecord({ message_id: s.latest_message_id, inbox_id: s.inbox_id, received_at: s.latest_message_received_at, subject: s.subject, snippet: s.snippet }));
    }
    this.#threads.set(s.thread_id, known);
  }

  #skip(reason: string): void {
    this.#skippedCount++;
    if (this.#skipped.length < MAX_SKIP_REASONS) this.#skipped.push(reason);
  }

  /** The recording as a database; throws if it would not load (a bug here, never the provider's data). */
  toDatabase(): Database {
    const items = [...this.#items.values()];
    // Stable: items known only from filtered or sorted lists keep the order they were first seen in.
    items.sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity) || 0);
    const executionThreads: ExecutionThreadRecord[] = items.map((r, i) => ({ id: i + 1, ...r.item }));
    const threads: ThreadRecord[] = [];
    const messageOwner = new Map<string, string>();
    this.#leftOut = [];
    for (const [thread_id, t] of this.#threads) {
      // Message ids are unique across the database: one the provider shows in two threads stays with the first.
      const messages = [...t.messages.values()].filter((m) => {
        const owner = messageOwner.get(m.message_id);
        if (owner !== undefined) this.#leftOut.push(`message ${m.message_id} of thread ${thread_id}: already recorded in thread ${owner}`);
        return owner === undefined;
      });
      messages.sort(compareMessages);
      const record: ThreadRecord = { thread_id, inbox_id: t.inbox_id, messages };
      const problem = messages.length === 0 ? 'all its messages belong to other threads' : findShapeProblem({ schemaVersion: SCHEMA_VERSION, executionThreads: [], threads: [record] });
      if (problem) {
        this.#leftOut.push(`thread ${thread_id}: ${problem.replace('/threads/0', '')}`);
        continue;
      }
      for (const m of messages) messageOwner.set(m.message_id, thread_id);
      threads.push(record);
    }
    const db: Database = { schemaVersion: SCHEMA_VERSION, executionThreads, threads };
    const problem = findDatabaseProblem(db);
    if (problem) throw new Error(`the recording is not a valid database: ${problem}`);
    return db;
  }

  /** Counts of what is recorded; call after toDatabase() to include what it left out. */
  stats(): RecordingStats {
    let messages = 0;
    let incompleteThreads = 0;
    for (const t of this.#threads.values()) {
      messages += t.messages.size;
      if (t.messages.size < t.messageCount) incompleteThreads++;
    }
    return { executionThreads: this.#items.size, threads: this.#threads.size, messages, incompleteThreads, skipped: [...this.#skipped, ...this.#leftOut].slice(0, MAX_SKIP_REASONS), skippedCount: this.#skippedCount + this.#leftOut.length };
  }
}
