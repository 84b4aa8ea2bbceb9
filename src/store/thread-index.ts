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
   * Replaces everything with these threads (a later duplicate id wins, as with put). One sort
   * instead of a sorted insert per thread: inserting 100,000 threads one by one moves billions
   * of array slots.
   */
  load(threads: Iterable<ThreadRecord>): void {
    this.clear();
    for (const thread of threads) {
      const ms = epochMs(newestMessage(thread).received_at);
      this.#byId.set(thread.thread_id, { ms, id: thread.thread_id, inbox: thread.inbox_id, thread });
    }
    for (const { thread } of this.#byId.values()) this.messages.add(thread);
    const order = (a: Entry, b: Entry) => b.ms - a.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const all = [...this.#byId.values()].sort(order);
    for (const entry of all) {
      this.#all.items.push(entry);
      let inbox = this.#byInbox.get(entry.inbox);
      if (!inbox) this.#byInbox.set(entry.inbox, (inbox = new SortedEntries()));
      inbox.items.push(entry);
    }
  }

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

function take(list: SortedEntries, after: ThreadKey | undefined, limit: number): ThreadPage {
  const from = list.seek(after);
  const slice = list.items.slice(from, from + limit);
  return { threads: slice.map((e) => e.thread), more: from + limit < list.items.length };
}
