// Threads in list order (newest message first, then thread_id), globally and per inbox, kept sorted
// on every write so that a page is a binary search plus a slice: keyset cursors seek, never scan.
//
// A thread is held as the JSON of its record, not as objects: 100,000 threads are 350,000 objects
// with a few million fields, which every full collection would mark again (bench/README.md), while
// a string is one object the collector does not look into. A record is parsed back when a write or
// a get needs it (the last few are kept); a list page hands out the texts of its threads.
import type { ThreadRecord } from '../model.js';
import { newestMessage } from './message-order.js';
import { epochMs } from '../time.js';
import { MessageIndex } from './message-index.js';
import { runAtOnce, runInSlices, sortInSlices, type Slicer } from '../slices.js';
import { boundedCache } from '../bounded-cache.js';
import type { ThreadModel } from './read-model/read-model.js';
import { lowerBound } from './sorted.js';

/** Position of a thread in list order; also what a cursor carries. */
export interface ThreadKey {
  ms: number;
  id: string;
}

interface Entry extends ThreadKey {
  inbox: string;
  /** JSON.stringify of the record. */
  json: string;
}

/** True when a comes before b in list order. */
export function isBefore(a: ThreadKey, b: ThreadKey): boolean {
  return a.ms > b.ms || (a.ms === b.ms && a.id < b.id);
}

export function keyOf(thread: ThreadRecord): ThreadKey {
  return { ms: epochMs(newestMessage(thread).received_at), id: thread.thread_id };
}

class SortedEntries {
  readonly items: Entry[] = [];

  insert(e: Entry): void {
    this.items.splice(lowerBound(this.items, (x) => isBefore(x, e)), 0, e);
  }

  remove(k: ThreadKey): void {
    const at = lowerBound(this.items, (x) => isBefore(x, k));
    const found = this.items[at];
    if (found && found.id === k.id) this.items.splice(at, 1);
  }

  /** Index of the first entry after the key (or 0 without one). */
  seek(after: ThreadKey | undefined): number {
    if (!after) return 0;
    return lowerBound(this.items, (x) => !isBefore(after, x));
  }
}

export interface ThreadPage {
  /** The page's records (parsed when first read). */
  readonly threads: ThreadRecord[];
  /**
   * The JSON text of each thread of the page, in order (what `threads` parses). A thread's text is
   * a new string whenever the thread changes: callers may key caches by it.
   */
  readonly texts: readonly string[];
  /** The list position of the page's last thread (what a cursor to the next page carries). */
  readonly last: ThreadKey | undefined;
  /** True when at least one more thread follows the page. */
  readonly more: boolean;
}

/** Records parsed back and kept for the next get of the same thread (a polled thread, a write's read). */
const KEPT_RECORDS = 256;
const byListOrder = (a: Entry, b: Entry) => b.ms - a.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class ThreadIndex implements ThreadModel {
  readonly #byId = new Map<string, Entry>();
  readonly #all = new SortedEntries();
  readonly #byInbox = new Map<string, SortedEntries>();
  /** Loaded entries not yet in the sorted lists (see `finish`). */
  #unsorted: Entry[] = [];
  readonly #kept = boundedCache<Entry, ThreadRecord>(KEPT_RECORDS);
  /** One string per inbox id, shared by its entries. */
  readonly #inboxIds = new Map<string, string>();
  /** Message ids and uids, kept in step with the threads. */
  readonly messages = new MessageIndex();

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): ThreadRecord | undefined {
    const entry = this.#byId.get(id);
    return entry === undefined ? undefined : this.#record(entry);
  }

  /** Every thread in insertion order (the order of the database file). */
  all(): ThreadRecord[] {
    const out: ThreadRecord[] = [];
    for (const e of this.#byId.values()) out.push(JSON.parse(e.json) as ThreadRecord);
    return out;
  }

  /**
   * The JSON of every thread in insertion order (as `all()`, unparsed: JSON.stringify of each
   * record), or of those in the inboxes `keep` accepts: a snapshot can be written from these
   * without building the records.
   */
  allJson(keep?: (inboxId: string) => boolean): string[] {
    const out: string[] = [];
    for (const e of this.#byId.values()) if (!keep || keep(e.inbox)) out.push(e.json);
    return out;
  }

  inboxes(): string[] {
    this.finish();
    return [...this.#byInbox.keys()].sort();
  }

  put(thread: ThreadRecord): void {
    this.finish();
    const old = this.#byId.get(thread.thread_id);
    if (old) this.#unlink(old);
    this.messages.add(thread);
    const entry = this.#entry(thread);
    // Map.set on an existing key keeps its place, so the file order stays stable across updates.
    this.#byId.set(thread.thread_id, entry);
    this.#all.insert(entry);
    let inbox = this.#byInbox.get(entry.inbox);
    if (!inbox) this.#byInbox.set(entry.inbox, (inbox = new SortedEntries()));
    inbox.insert(entry);
  }

  delete(id: string): boolean {
    this.finish();
    const old = this.#byId.get(id);
    if (!old) return false;
    this.#unlink(old);
    this.#byId.delete(id);
    return true;
  }

  clear(): void {
    this.#byId.clear();
    this.#all.items.length = 0;
    this.#byInbox.clear();
    this.#unsorted = [];
    this.#kept.clear();
    this.#inboxIds.clear();
    this.messages.clear();
  }

  /**
   * Adds these threads, in file order; may be called again with the next slice (a later duplicate
   * id wins, as with put). The sorted lists are made by `finish` (or the first read), with one sort
   * instead of a sorted insert per thread: inserting 100,000 threads one by one moves billions of
   * array slots. The records are not kept: the caller may drop them. `texts[i]`, when given, is
   * the JSON text the i-th thread was parsed from (kept instead of serializing the thread).
   */
  load(threads: Iterable<ThreadRecord>, texts?: readonly (string | undefined)[]): void {
    let i = 0;
    for (const thread of threads) {
      const entry = this.#entry(thread, texts?.[i++]);
      const old = this.#byId.get(thread.thread_id);
      if (old) {
        this.#unlink(old);
        old.ms = NaN; // left out by finish
      }
      this.messages.add(thread);
      this.#byId.set(thread.thread_id, entry);
      this.#unsorted.push(entry);
    }
  }

  /** Puts what `load` added into list order. Reads and writes call it; calling it early moves the sort off the first read. */
  finish(): void {
    if (this.#unsorted.length === 0) return;
    runAtOnce(this.#fill(runAtOnce(this.#toSort()).sort(byListOrder)));
  }

  /**
   * finish() in slices with turns of the event loop (slices.ts), to the same lists: for an index
   * built beside the one being served (build-indexes.ts), which nobody reads or writes until this
   * resolves, since the lists are incomplete meanwhile.
   */
  async finishInSlices(slicer: Slicer): Promise<void> {
    if (this.#unsorted.length === 0) return;
    const entries = await runInSlices(this.#toSort(), slicer);
    await runInSlices(this.#fill(await sortInSlices(entries, byListOrder, slicer)), slicer);
  }

  /** Every entry, those `load` added included (and the list order of those it replaced dropped), for a sort. Yields now and then. */
  *#toSort(): Generator<void, Entry[]> {
    const unsorted = this.#unsorted;
    this.#unsorted = [];
    const out = [...this.#all.items];
    for (let i = 0; i < unsorted.length; i++) {
      const e = unsorted[i] as Entry;
      if (!Number.isNaN(e.ms)) out.push(e);
      if ((i & 255) === 255) yield;
    }
    return out;
  }

  /** Makes the list of all threads and those of each inbox from every entry in list order. Yields now and then. */
  *#fill(all: Entry[]): Generator<void, void> {
    this.#all.items.length = 0;
    for (const list of this.#byInbox.values()) list.items.length = 0;
    for (let i = 0; i < all.length; i++) {
      const entry = all[i] as Entry;
      this.#all.items.push(entry);
      let inbox = this.#byInbox.get(entry.inbox);
      if (!inbox) this.#byInbox.set(entry.inbox, (inbox = new SortedEntries()));
      inbox.items.push(entry);
      if ((i & 255) === 255) yield;
    }
    for (const [id, list] of this.#byInbox) if (list.items.length === 0) this.#byInbox.delete(id);
  }

  /**
   * One page in list order after `after`. `inboxes` null means every inbox; several inboxes are
   * merged from their own sorted lists (a tenant bound to more than one inbox).
   */
  page(inboxes: readonly string[] | null, after: ThreadKey | undefined, limit: number): ThreadPage {
    this.finish();
    if (inboxes === null) return this.#take(this.#all, after, limit);
    if (inboxes.length === 1) {
      const one = this.#byInbox.get(inboxes[0] as string);
      return one ? this.#take(one, after, limit) : this.#pageOf([], false);
    }
    const lists = inboxes.map((i) => this.#byInbox.get(i)).filter((l): l is SortedEntries => l !== undefined);
    const at = lists.map((l) => l.seek(after));
    const entries: Entry[] = [];
    for (;;) {
      let best = -1;
      for (let i = 0; i < lists.length; i++) {
        const cand = (lists[i] as SortedEntries).items[at[i] as number];
        if (!cand) continue;
        const cur = best < 0 ? undefined : (lists[best] as SortedEntries).items[at[best] as number];
        if (!cur || isBefore(cand, cur)) best = i;
      }
      if (best < 0) return this.#pageOf(entries, false);
      if (entries.length === limit) return this.#pageOf(entries, true);
      entries.push((lists[best] as SortedEntries).items[at[best] as number] as Entry);
      at[best] = (at[best] as number) + 1;
    }
  }

  #take(list: SortedEntries, after: ThreadKey | undefined, limit: number): ThreadPage {
    const from = list.seek(after);
    return this.#pageOf(list.items.slice(from, from + limit), from + limit < list.items.length);
  }

  #pageOf(entries: Entry[], more: boolean): ThreadPage {
    const lastEntry = entries[entries.length - 1];
    let threads: ThreadRecord[] | undefined;
    const index = this;
    return {
      get threads() {
        return (threads ??= entries.map((e) => index.#record(e)));
      },
      texts: entries.map((e) => e.json),
      last: lastEntry && { ms: lastEntry.ms, id: lastEntry.id },
      more,
    };
  }

  #entry(thread: ThreadRecord, text?: string): Entry {
    let inbox = this.#inboxIds.get(thread.inbox_id);
    if (inbox === undefined) this.#inboxIds.set(thread.inbox_id, (inbox = thread.inbox_id));
    return { ms: epochMs(newestMessage(thread).received_at), id: thread.thread_id, inbox, json: text ?? JSON.stringify(thread) };
  }

  /** The record of an entry, parsed from its JSON (the last few are kept). */
  #record(entry: Entry): ThreadRecord {
    let record = this.#kept.get(entry);
    if (record !== undefined) return record;
    record = JSON.parse(entry.json) as ThreadRecord;
    this.#kept.set(entry, record);
    return record;
  }

  #unlink(e: Entry): void {
    this.messages.remove(this.#record(e));
    this.#kept.delete(e);
    this.#all.remove(e);
    const inbox = this.#byInbox.get(e.inbox);
    if (inbox) {
      inbox.remove(e);
      if (inbox.items.length === 0) this.#byInbox.delete(e.inbox);
    }
  }
}
