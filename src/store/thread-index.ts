// Threads in list order (newest message first, then thread_id), globally and per inbox, kept sorted
// on every write so that a page is a binary search plus a slice: keyset cursors seek, never scan.
//
// A thread is held as the JSON of its record, not as objects: 100,000 threads are 350,000 objects
// with a few million fields, which every full collection would mark again (bench/README.md). The
// JSON is bytes in a TextColumn (a few Buffers), not a string per thread. A record is parsed back
// when a write or a get needs it (the last few are kept); a list page hands out its threads'
// stamps and, when asked, their texts.
// Each thread has a slot: its list time, stamp and file order in Float64Arrays, its id and JSON as
// bytes, its inbox one shared string; ids are found through IdSlots and the sorted lists are arrays
// of slot numbers, so the collector meets no object per thread (issue 22).
import type { ThreadRecord } from '../model.js';
import { newestMessage } from './message-order.js';
import { epochMs } from '../time.js';
import { MessageIndex } from './message-index.js';
import { runAtOnce, runInSlices, sortInSlices, type Slicer } from '../slices.js';
import { boundedCache } from '../bounded-cache.js';
import type { LoadTexts, ThreadModel } from './read-model/read-model.js';
import { setText } from './load-texts.js';
import { Columns, SortedSlots } from './thread-columns.js';
import { IdSlots } from './id-slots.js';
import { sortByListOrder } from './list-order-sort.js';

/** Position of a thread in list order; also what a cursor carries. */
export interface ThreadKey {
  ms: number;
  id: string;
}

export interface ThreadPage {
  /** The page's records (parsed when first read; read them before the next write). */
  readonly threads: ThreadRecord[];
  /** Threads in the page. */
  readonly length: number;
  /**
   * The stamp of the i-th thread of the page, until the next write: a number new whenever the
   * thread changes (record-stamp.ts), so callers may key caches of what they make from a thread by it.
   */
  stamp(i: number): number;
  /** The JSON text of the i-th thread of the page (what `threads` parses), until the next write. */
  text(i: number): string;
  /** The list position of the page's last thread (what a cursor to the next page carries). */
  readonly last: ThreadKey | undefined;
  /** True when at least one more thread follows the page. */
  readonly more: boolean;
}

/** Records parsed back and kept for the next get of the same thread (a polled thread, a write's read). */
const KEPT_RECORDS = 256;

export class ThreadIndex implements ThreadModel {
  readonly #columns = new Columns();
  /** thread id -> slot; the file order is the `order` column's. */
  readonly #byId = new IdSlots((slot, id) => this.#columns.idText.equals(slot, id));
  /** The file order of the next thread not held before. */
  #nextOrder = 0;
  readonly #all = new SortedSlots(this.#columns);
  readonly #byInbox = new Map<string, SortedSlots>();
  /** Loaded slots not yet in the sorted lists (see `finish`); a replaced one has NaN as its time. */
  #unsorted: number[] = [];
  /** Slots a later duplicate in a load replaced: freed by finish (freed at once, one could come back twice in #unsorted). */
  #replaced: number[] = [];
  readonly #kept = boundedCache<number, ThreadRecord>(KEPT_RECORDS);
  /** One string per inbox id, shared by its threads. */
  readonly #inboxIds = new Map<string, string>();
  /**
   * Message ids and uids, kept in step with the threads (it confirms a message by its thread's
   * record). A thread is known to it by its slot: no second map of thread ids.
   */
  readonly messages = new MessageIndex({
    idOf: (slot) => (this.#columns.idText.has(slot) ? this.#columns.id(slot) : undefined),
    recordOf: (slot) => (this.#columns.json.has(slot) ? this.#record(slot) : undefined),
  });

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): ThreadRecord | undefined {
    const slot = this.#byId.get(id);
    return slot < 0 ? undefined : this.#record(slot);
  }

  /** Every thread in insertion order (the order of the database file). */
  all(): ThreadRecord[] {
    return this.#inFileOrder().map((slot) => JSON.parse(this.#columns.json.get(slot)) as ThreadRecord);
  }

  /** The slots held, in file order. */
  #inFileOrder(): number[] {
    // Slots a load replaced still hold their ids until finish frees them.
    this.finish();
    const { order, idText, slots } = this.#columns;
    const held: number[] = [];
    for (let slot = 0; slot < slots; slot++) if (idText.has(slot)) held.push(slot);
    return held.sort((a, b) => (order[a] as number) - (order[b] as number));
  }

  /**
   * The JSON of every thread in insertion order (as `all()`, unparsed: JSON.stringify of each
   * record), or of those in the inboxes `keep` accepts: a snapshot can be written from these
   * without building the records.
   */
  allJson(keep?: (inboxId: string) => boolean): string[] {
    const { json, inbox } = this.#columns;
    const out: string[] = [];
    for (const slot of this.#inFileOrder()) if (!keep || keep(inbox[slot] as string)) out.push(json.get(slot));
    return out;
  }

  inboxes(): string[] {
    this.finish();
    return [...this.#byInbox.keys()].sort();
  }

  put(thread: ThreadRecord): void {
    this.finish();
    const old = this.#byId.get(thread.thread_id);
    // A changed thread keeps its place in the file order.
    const order = old < 0 ? this.#nextOrder++ : (this.#columns.order[old] as number);
    if (old >= 0) {
      this.#unlink(old);
      this.#columns.release(old);
    }
    const slot = this.#slotFor(thread, order);
    this.messages.add(thread, slot);
    this.#byId.add(thread.thread_id, slot);
    this.#all.insert(slot);
    const inboxId = this.#columns.inbox[slot] as string;
    let inbox = this.#byInbox.get(inboxId);
    if (!inbox) this.#byInbox.set(inboxId, (inbox = new SortedSlots(this.#columns)));
    inbox.insert(slot);
  }

  delete(id: string): boolean {
    this.finish();
    const old = this.#byId.get(id);
    if (old < 0) return false;
    this.#unlink(old);
    this.#columns.release(old);
    return true;
  }

  clear(): void {
    this.#columns.clear();
    this.#byId.clear();
    this.#nextOrder = 0;
    this.#all.items.length = 0;
    this.#byInbox.clear();
    this.#unsorted = [];
    this.#replaced = [];
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
  load(threads: Iterable<ThreadRecord>, texts?: LoadTexts): void {
    let i = 0;
    for (const thread of threads) {
      const old = this.#byId.get(thread.thread_id);
      const order = old < 0 ? this.#nextOrder++ : (this.#columns.order[old] as number);
      if (old >= 0) {
        this.#unlink(old);
        this.#columns.ms[old] = NaN;
        this.#replaced.push(old);
      }
      const slot = this.#slotFor(thread, order, texts, i++);
      this.messages.add(thread, slot);
      this.#byId.add(thread.thread_id, slot);
      this.#unsorted.push(slot);
    }
  }

  /** Puts what `load` added into list order. Reads and writes call it; calling it early moves the sort off the first read. */
  finish(): void {
    if (this.#unsorted.length === 0) return;
    runAtOnce(this.#fill(sortByListOrder(runAtOnce(this.#toSort()), this.#columns.ms, this.#byListOrder)));
  }

  /**
   * finish() in slices with turns of the event loop (slices.ts), to the same lists: for an index
   * built beside the one being served (build-indexes.ts), which nobody reads or writes until this
   * resolves, since the lists are incomplete meanwhile.
   */
  async finishInSlices(slicer: Slicer): Promise<void> {
    if (this.#unsorted.length === 0) return;
    const slots = await runInSlices(this.#toSort(), slicer);
    await runInSlices(this.#fill(await sortInSlices(slots, this.#byListOrder, slicer)), slicer);
  }

  readonly #byListOrder = (a: number, b: number): number => {
    const { ms } = this.#columns;
    return (ms[b] as number) - (ms[a] as number) || this.#columns.compareIds(a, b);
  };

  /** Every slot, those `load` added included (those they replaced freed), for a sort. Yields now and then. */
  *#toSort(): Generator<void, number[]> {
    const unsorted = this.#unsorted;
    this.#unsorted = [];
    const out = [...this.#all.items];
    const { ms } = this.#columns;
    for (let i = 0; i < unsorted.length; i++) {
      const slot = unsorted[i] as number;
      if (!Number.isNaN(ms[slot])) out.push(slot);
      if ((i & 255) === 255) yield;
    }
    for (const slot of this.#replaced) this.#columns.release(slot);
    this.#replaced = [];
    return out;
  }

  /** Makes the list of all threads and those of each inbox from every slot in list order. Yields now and then. */
  *#fill(all: number[]): Generator<void, void> {
    this.#all.items.length = 0;
    for (const list of this.#byInbox.values()) list.items.length = 0;
    const { inbox } = this.#columns;
    for (let i = 0; i < all.length; i++) {
      const slot = all[i] as number;
      this.#all.items.push(slot);
      const inboxId = inbox[slot] as string;
      let list = this.#byInbox.get(inboxId);
      if (!list) this.#byInbox.set(inboxId, (list = new SortedSlots(this.#columns)));
      list.items.push(slot);
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
    const lists = inboxes.map((i) => this.#byInbox.get(i)).filter((l): l is SortedSlots => l !== undefined);
    const at = lists.map((l) => l.seek(after));
    const slots: number[] = [];
    for (;;) {
      let best = -1;
      for (let i = 0; i < lists.length; i++) {
        const cand = (lists[i] as SortedSlots).items[at[i] as number];
        if (cand === undefined) continue;
        const cur = best < 0 ? undefined : (lists[best] as SortedSlots).items[at[best] as number];
        if (cur === undefined || this.#columns.before(cand, cur)) best = i;
      }
      if (best < 0) return this.#pageOf(slots, false);
      if (slots.length === limit) return this.#pageOf(slots, true);
      slots.push((lists[best] as SortedSlots).items[at[best] as number] as number);
      at[best] = (at[best] as number) + 1;
    }
  }

  #take(list: SortedSlots, after: ThreadKey | undefined, limit: number): ThreadPage {
    const from = list.seek(after);
    return this.#pageOf(list.items.slice(from, from + limit), from + limit < list.items.length);
  }

  #pageOf(slots: number[], more: boolean): ThreadPage {
    const { ms, json, stamp } = this.#columns;
    const last = slots[slots.length - 1];
    const text = (i: number): string => json.get(slots[i] as number);
    let threads: ThreadRecord[] | undefined;
    return {
      get threads() {
        return (threads ??= slots.map((_, i) => JSON.parse(text(i)) as ThreadRecord));
      },
      length: slots.length,
      stamp: (i) => stamp[slots[i] as number] as number,
      text,
      last: last === undefined ? undefined : { ms: ms[last] as number, id: this.#columns.id(last) },
      more,
    };
  }

  /** A slot for the thread, with its JSON: the i-th of `texts` when known, else serialized. */
  #slotFor(thread: ThreadRecord, order: number, texts?: LoadTexts, i = 0): number {
    let inbox = this.#inboxIds.get(thread.inbox_id);
    if (inbox === undefined) this.#inboxIds.set(thread.inbox_id, (inbox = thread.inbox_id));
    const slot = this.#columns.add(epochMs(newestMessage(thread).received_at), thread.thread_id, inbox, order);
    setText(this.#columns.json, slot, thread, texts, i);
    return slot;
  }

  /** The record of a slot, parsed from its JSON (the last few are kept). */
  #record(slot: number): ThreadRecord {
    let record = this.#kept.get(slot);
    if (record !== undefined) return record;
    record = JSON.parse(this.#columns.json.get(slot)) as ThreadRecord;
    this.#kept.set(slot, record);
    return record;
  }

  /** Takes the slot out of the id table, the lists and the message index (the caller frees it). */
  #unlink(slot: number): void {
    this.#byId.delete(this.#columns.id(slot));
    this.messages.remove(this.#record(slot), slot);
    this.#kept.delete(slot);
    this.#all.remove(slot);
    const inboxId = this.#columns.inbox[slot] as string;
    const inbox = this.#byInbox.get(inboxId);
    if (inbox) {
      inbox.remove(slot);
      if (inbox.items.length === 0) this.#byInbox.delete(inboxId);
    }
  }
}
