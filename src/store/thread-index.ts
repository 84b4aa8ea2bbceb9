// Threads in list order (newest message first, then thread_id), globally and per inbox, kept sorted
// on every write so that a page is a binary search plus a slice: keyset cursors seek, never scan.
import type { ThreadRecord } from '../model.js';
import { newestMessage } from '../thread-view.js';
import { epochMs } from '../time.js';
import { MessageIndex } from './message-index.js';
import { lowerBound } from './sorted.js';

/** Position of a thread in list order; also what a cursor carries. */
export interface ThreadKey {
  ms: number;
  id: string;
}

interface Entry extends ThreadKey {
  inbox: string;
  thread: ThreadRecord;
}

/** True when a comes before b in list order. */
export function isBefore(a: ThreadKey, b: ThreadKey): boolean {
  return a.ms > b.ms || (a.ms === b.ms && a.id < b.id);
}

export function keyOf(thread: ThreadRecord): ThreadKey {
  return { ms: epochMs(newestMessage(thread).received_at), id: thread.thread_id };
}

class SortedEntries {
  items: Entry[] = [];

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
  threads: ThreadRecord[];
  /** True when at least one more thread follows the page. */
  more: boolean;
}

export class ThreadIndex {
  readonly #byId = new Map<string, Entry>();
  readonly #all = new SortedEntries();
  readonly #byInbox = new Map<string, SortedEntries>();
  /** Message ids and uids, kept in step with the threads. */
  readonly messages = new MessageIndex();

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): ThreadRecord | undefined {
    return this.#byId.get(id)?.thread;
  }

  /** Every thread in insertion order (the order of the database file). */
  all(): ThreadRecord[] {
    return [...this.#byId.values()].map((e) => e.thread);
  }

  inboxes(): string[] {
    return [...this.#byInbox.keys()].sort();
  }

  put(thread: ThreadRecord): void {
    const old = this.#byId.get(thread.thread_id);
    if (old) this.#unlink(old);
    this.messages.add(thread);
    const entry: Entry = { ...keyOf(thread), inbox: thread.inbox_id, thread };
    // Map.set on an existing key keeps its place, so the file order stays stable across updates.
    this.#byId.set(thread.thread_id, entry);
    this.#all.insert(entry);
    let inbox = this.#byInbox.get(entry.inbox);
    if (!inbox) this.#byInbox.set(entry.inbox, (inbox = new SortedEntries()));
    inbox.insert(entry);
  }

  delete(id: string): boolean {
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
    this.messages.clear();
  }

  /**
   * Adds these threads (a later duplicate id wins, as with put); may be called again with the next
   * slice of a file. A call sorts its own threads and merges them into the lists: a sorted insert
   * per thread would move billions of array slots at 100,000 threads, and one sort of everything
   * at the end would hold the event loop for the whole set (a reset loads in slices).
   */
  load(threads: Iterable<ThreadRecord>): void {
    const added: Entry[] = [];
    for (const thread of threads) {
      const old = this.#byId.get(thread.thread_id);
      if (old) {
        this.#unlink(old);
        this.#byId.delete(thread.thread_id);
      }
      const entry: Entry = { ms: epochMs(newestMessage(thread).received_at), id: thread.thread_id, inbox: thread.inbox_id, thread };
      this.#byId.set(thread.thread_id, entry);
      this.messages.add(thread);
      added.push(entry);
    }
    added.sort(listOrder);
    this.#all.items = merged(this.#all.items, added);
    const byInbox = new Map<string, Entry[]>();
    for (const entry of added) {
      let list = byInbox.get(entry.inbox);
      if (!list) byInbox.set(entry.inbox, (list = []));
      list.push(entry);
    }
    for (const [inboxId, list] of byInbox) {
      let inbox = this.#byInbox.get(inboxId);
      if (!inbox) this.#byInbox.set(inboxId, (inbox = new SortedEntries()));
      inbox.items = merged(inbox.items, list);
    }
  }

  /** Ends a load made in slices (the lists are in order after each slice already). */
  finish(): void {}

  /**
   * One page in list order after `after`. `inboxes` null means every inbox; several inboxes are
   * merged from their own sorted lists (a tenant bound to more than one inbox).
   */
  page(inboxes: readonly string[] | null, after: ThreadKey | undefined, limit: number): ThreadPage {
    if (inboxes === null) return take(this.#all, after, limit);
    if (inboxes.length === 1) {
      const one = this.#byInbox.get(inboxes[0] as string);
      return one ? take(one, after, limit) : { threads: [], more: false };
    }
    const lists = inboxes.map((i) => this.#byInbox.get(i)).filter((l): l is SortedEntries => l !== undefined);
    const at = lists.map((l) => l.seek(after));
    const threads: ThreadRecord[] = [];
    for (;;) {
      let best = -1;
      for (let i = 0; i < lists.length; i++) {
        const cand = (lists[i] as SortedEntries).items[at[i] as number];
        if (!cand) continue;
        const cur = best < 0 ? undefined : (lists[best] as SortedEntries).items[at[best] as number];
        if (!cur || isBefore(cand, cur)) best = i;
      }
      if (best < 0) return { threads, more: false };
      if (threads.length === limit) return { threads, more: true };
      threads.push(((lists[best] as SortedEntries).items[at[best] as number] as Entry).thread);
      at[best] = (at[best] as number) + 1;
    }
  }

  #unlink(e: Entry): void {
    this.messages.remove(e.thread);
    this.#all.remove(e);
    const inbox = this.#byInbox.get(e.inbox);
    if (inbox) {
      inbox.remove(e);
      if (inbox.items.length === 0) this.#byInbox.delete(e.inbox);
    }
  }
}

const listOrder = (a: Entry, b: Entry) => b.ms - a.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Two lists in list order as one. */
function merged(list: Entry[], added: Entry[]): Entry[] {
  if (list.length === 0) return added;
  const out: Entry[] = new Array<Entry>(list.length + added.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < list.length && j < added.length) out[k++] = listOrder(list[i] as Entry, added[j] as Entry) <= 0 ? (list[i++] as Entry) : (added[j++] as Entry);
  while (i < list.length) out[k++] = list[i++] as Entry;
  while (j < added.length) out[k++] = added[j++] as Entry;
  return out;
}

function take(list: SortedEntries, after: ThreadKey | undefined, limit: number): ThreadPage {
  const from = list.seek(after);
  const slice = list.items.slice(from, from + limit);
  return { threads: slice.map((e) => e.thread), more: from + limit < list.items.length };
}
