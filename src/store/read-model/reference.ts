// The naive reference read model: records in a Map, every query a filter, a sort and a slice over
// all of them. It is what the fast indexes must answer, written so that a reader can check it by
// eye (json-server's list logic is the same three steps). Not for 100,000 records: each list
// request sorts the collection.
import type { Database, ExecutionThreadRecord, ThreadRecord } from '../../model.js';
import { epochMs } from '../../time.js';
import type { ExecutionThreadQuery, ExecutionThreadWindow, ThreadKey, ThreadPage } from '../contract.js';
import { adoptCounters } from '../counters.js';
import { newestMessage } from '../message-order.js';
import { newStamp } from '../record-stamp.js';
import type { ExecutionThreadModel, LoadableReadModel, ReadModelKind, ThreadModel } from './read-model.js';

/** A record, its JSON text and its stamp, made once when put (a new stamp per version, as the fast model's). */
interface Held<R> {
  record: R;
  text: string;
  stamp: number;
}

const hold = <R>(record: R): Held<R> => ({ record, text: JSON.stringify(record), stamp: newStamp() });

export class ReferenceExecutionThreads implements ExecutionThreadModel {
  readonly #byId = new Map<number, Held<ExecutionThreadRecord>>();
  #maxId = 0;

  get size(): number {
    return this.#byId.size;
  }

  get nextId(): number {
    return this.#maxId + 1;
  }

  get(id: number): ExecutionThreadRecord | undefined {
    return this.#byId.get(id)?.record;
  }

  #inIdOrder(): Held<ExecutionThreadRecord>[] {
    return [...this.#byId.values()].sort((a, b) => a.record.id - b.record.id);
  }

  all(): ExecutionThreadRecord[] {
    return this.#inIdOrder().map((h) => h.record);
  }

  allJson(keep: (workspaceId: number) => boolean = () => true): string[] {
    return this.#inIdOrder()
      .filter((h) => keep(h.record.workspaceId))
      .map((h) => h.text);
  }

  workspaces(): number[] {
    return [...new Set(this.all().map((r) => r.workspaceId))].sort((a, b) => a - b);
  }

  #matching(q: ExecutionThreadQuery): Held<ExecutionThreadRecord>[] {
    const kept = this.#inIdOrder().filter(
      ({ record: r }) => r.workspaceId === q.workspaceId && (q.threadToken === undefined || r.threadToken === q.threadToken) && (q.type === undefined || r.type === q.type),
    );
    // Array.prototype.sort is stable: ties stay in id (creation) order.
    const compare = q.order?.compare;
    return compare ? kept.sort((a, b) => compare(a.record, b.record)) : kept;
  }

  query(q: ExecutionThreadQuery): readonly ExecutionThreadRecord[] {
    return this.#matching(q).map((h) => h.record);
  }

  window(q: ExecutionThreadQuery, start: number, total: number): ExecutionThreadWindow {
    const list = this.#matching(q);
    const window = list.slice(start, start + total);
    return { totalCount: list.length, length: window.length, stamp: (i) => (window[i] as Held<ExecutionThreadRecord>).stamp, text: (i) => (window[i] as Held<ExecutionThreadRecord>).text, records: () => window.map((h) => h.record) };
  }

  /** A start's load is puts in file order (the texts given are not needed: a text is made per put). */
  load(records: Iterable<ExecutionThreadRecord>): void {
    for (const r of records) this.put(r);
  }

  finish(): void {}

  put(record: ExecutionThreadRecord): void {
    this.#byId.set(record.id, hold(record));
    this.#maxId = Math.max(this.#maxId, record.id);
  }

  raiseHighestId(id: number): void {
    this.#maxId = Math.max(this.#maxId, id);
  }

  delete(id: number): boolean {
    return this.#byId.delete(id);
  }

  clear(): void {
    this.#byId.clear();
    this.#maxId = 0;
  }
}

/** A thread's place in list order: newest message first, then thread_id. */
const keyOf = (t: ThreadRecord): ThreadKey => ({ ms: epochMs(newestMessage(t).received_at), id: t.thread_id });
const byListOrder = (a: ThreadKey, b: ThreadKey) => b.ms - a.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

class ReferenceMessages {
  constructor(
    private readonly threads: () => ThreadRecord[],
    /** The highest uid seen per inbox: raised by puts, lowered only by a clear. */
    readonly maxUid: Map<string, number>,
  ) {}

  get size(): number {
    return new Set(this.threads().flatMap((t) => t.messages.map((m) => m.message_id))).size;
  }

  threadOf(messageId: string): string | undefined {
    return this.threads().find((t) => t.messages.some((m) => m.message_id === messageId))?.thread_id;
  }

  nextUid(inboxId: string): number {
    return (this.maxUid.get(inboxId) ?? 0) + 1;
  }

  highestUids(): Map<string, number> {
    return new Map(this.maxUid);
  }

  raiseHighestUid(inboxId: string, uid: number): void {
    this.maxUid.set(inboxId, Math.max(this.maxUid.get(inboxId) ?? 0, uid));
  }
}

export class ReferenceThreads implements ThreadModel {
  /** In insertion order (a put of a held id keeps its place, as the data file's order does). */
  readonly #byId = new Map<string, Held<ThreadRecord>>();
  readonly messages = new ReferenceMessages(() => this.all(), new Map());

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): ThreadRecord | undefined {
    return this.#byId.get(id)?.record;
  }

  all(): ThreadRecord[] {
    return [...this.#byId.values()].map((h) => h.record);
  }

  allJson(keep: (inboxId: string) => boolean = () => true): string[] {
    return [...this.#byId.values()].filter((h) => keep(h.record.inbox_id)).map((h) => h.text);
  }

  inboxes(): string[] {
    return [...new Set(this.all().map((t) => t.inbox_id))].sort();
  }

  page(inboxes: readonly string[] | null, after: ThreadKey | undefined, limit: number): ThreadPage {
    const listed = [...this.#byId.values()]
      .filter((h) => inboxes === null || inboxes.includes(h.record.inbox_id))
      .map((h) => ({ ...h, key: keyOf(h.record) }))
      .sort((a, b) => byListOrder(a.key, b.key))
      .filter((h) => after === undefined || byListOrder(after, h.key) < 0);
    const page = listed.slice(0, limit);
    const last = page[page.length - 1]?.key;
    return { threads: page.map((h) => h.record), length: page.length, stamp: (i) => (page[i] as Held<ThreadRecord>).stamp, text: (i) => (page[i] as Held<ThreadRecord>).text, last, more: listed.length > limit };
  }

  load(threads: Iterable<ThreadRecord>): void {
    for (const t of threads) this.put(t);
  }

  finish(): void {}

  put(thread: ThreadRecord): void {
    this.#byId.set(thread.thread_id, hold(thread));
    const { maxUid } = this.messages;
    for (const m of thread.messages) maxUid.set(thread.inbox_id, Math.max(maxUid.get(thread.inbox_id) ?? 0, m.uid));
  }

  delete(id: string): boolean {
    return this.#byId.delete(id);
  }

  clear(): void {
    this.#byId.clear();
    this.messages.maxUid.clear();
  }
}

/** The reference model of a database, loaded in file order. */
export function referenceReadModel(db?: Database): LoadableReadModel {
  const model = { executionThreads: new ReferenceExecutionThreads(), threads: new ReferenceThreads() };
  for (const r of db?.executionThreads ?? []) model.executionThreads.put(r);
  for (const t of db?.threads ?? []) model.threads.put(t);
  adoptCounters(model, db?.counters);
  return model;
}

/** The reference as an engine's read model (SANDBOX_READ_MODEL=reference, for the API suites). */
export const REFERENCE_READ_MODEL: ReadModelKind = {
  empty: () => referenceReadModel(),
  build: async (db) => referenceReadModel(db),
};
