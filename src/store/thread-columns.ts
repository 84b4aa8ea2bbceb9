// The columns of the thread index (thread-index.ts): per thread a slot with its list time in a
// Float64Array and its id, inbox and JSON in arrays; sorted lists are arrays of slot numbers.
import { lowerBound } from './sorted.js';
import type { ThreadKey } from './thread-index.js';

/** The columns of the threads, by slot. A freed slot is reused by a later thread. */
export class Columns {
  ms = new Float64Array(1024);
  readonly ids: (string | undefined)[] = [];
  readonly inbox: (string | undefined)[] = [];
  readonly json: (string | undefined)[] = [];
  readonly free: number[] = [];

  add(ms: number, id: string, inbox: string, json: string): number {
    const slot = this.free.pop() ?? this.ids.length;
    if (slot >= this.ms.length) {
      const grown = new Float64Array(this.ms.length * 2);
      grown.set(this.ms);
      this.ms = grown;
    }
    this.ms[slot] = ms;
    this.ids[slot] = id;
    this.inbox[slot] = inbox;
    this.json[slot] = json;
    return slot;
  }

  release(slot: number): void {
    this.ids[slot] = undefined;
    this.inbox[slot] = undefined;
    this.json[slot] = undefined;
    this.free.push(slot);
  }

  /** True when slot a comes before slot b in list order. */
  before(a: number, b: number): boolean {
    const ma = this.ms[a] as number;
    const mb = this.ms[b] as number;
    return ma > mb || (ma === mb && (this.ids[a] as string) < (this.ids[b] as string));
  }

  /** True when the slot comes before the key in list order. */
  beforeKey(slot: number, k: ThreadKey): boolean {
    const m = this.ms[slot] as number;
    return m > k.ms || (m === k.ms && (this.ids[slot] as string) < k.id);
  }

  /** True when the key comes before the slot in list order. */
  keyBefore(k: ThreadKey, slot: number): boolean {
    const m = this.ms[slot] as number;
    return k.ms > m || (k.ms === m && k.id < (this.ids[slot] as string));
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
