// The columns of the thread index (thread-index.ts): per thread a slot with its list time, stamp
// and file order in Float64Arrays, its inbox in an array (one shared string per inbox), its id and
// JSON as bytes in TextColumns; sorted lists are arrays of slot numbers. No string per thread.
import { newStamp } from './record-stamp.js';
import { lowerBound } from './sorted.js';
import { TextColumn } from './text-column.js';
import type { ThreadKey } from './thread-index.js';

/** The columns of the threads, by slot. A freed slot is reused by a later thread. */
export class Columns {
  ms: Float64Array = new Float64Array(1024);
  stamp: Float64Array = new Float64Array(1024);
  /** Where the thread comes in the data file's order (kept when the thread changes). */
  order: Float64Array = new Float64Array(1024);
  readonly idText = new TextColumn();
  readonly inbox: (string | undefined)[] = [];
  readonly json = new TextColumn();
  readonly free: number[] = [];
  /** Slots ever taken (one past the highest). */
  slots = 0;

  /** A slot for a thread; its text is set by the caller (json.set or json.setBytes). */
  add(ms: number, id: string, inbox: string, order: number): number {
    const slot = this.free.pop() ?? this.slots++;
    if (slot >= this.ms.length) {
      this.ms = grown(this.ms);
      this.stamp = grown(this.stamp);
      this.order = grown(this.order);
    }
    this.ms[slot] = ms;
    this.stamp[slot] = newStamp();
    this.order[slot] = order;
    this.idText.set(slot, id);
    this.inbox[slot] = inbox;
    return slot;
  }

  release(slot: number): void {
    this.idText.delete(slot);
    this.inbox[slot] = undefined;
    this.json.delete(slot);
    this.free.push(slot);
  }

  clear(): void {
    this.idText.clear();
    this.inbox.length = 0;
    this.json.clear();
    this.free.length = 0;
    this.slots = 0;
  }

  id(slot: number): string {
    return this.idText.get(slot);
  }

  /** The slots' ids compared as `<` and `>` order strings (decoded: only threads of the same time ask). */
  compareIds(a: number, b: number): number {
    const x = this.id(a);
    const y = this.id(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /** True when slot a comes before slot b in list order. */
  before(a: number, b: number): boolean {
    const ma = this.ms[a] as number;
    const mb = this.ms[b] as number;
    return ma > mb || (ma === mb && this.compareIds(a, b) < 0);
  }

  /** True when the key comes before the slot in list order. */
  keyBefore(k: ThreadKey, slot: number): boolean {
    const m = this.ms[slot] as number;
    return k.ms > m || (k.ms === m && k.id < this.id(slot));
  }
}

/** Slots in list order. */
export class SortedSlots {
  readonly items: number[] = [];

  constructor(readonly columns: Columns) {}

  insert(slot: number): void {
    this.items.splice(lowerBound(this.items, (x) => this.columns.before(x, slot)), 0, slot);
  }

  remove(slot: number): void {
    const at = lowerBound(this.items, (x) => this.columns.before(x, slot));
    if (this.items[at] === slot) this.items.splice(at, 1);
  }

  /** Index of the first slot after the key (or 0 without one). */
  seek(after: ThreadKey | undefined): number {
    if (!after) return 0;
    return lowerBound(this.items, (x) => !this.columns.keyBefore(after, x));
  }
}

function grown(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}
