// Which slot holds a record of a given string id, without a Map of id strings: at 100,000 threads
// that Map held 100,000 strings, each one more object for every mark-compact to mark (issue 22).
// An open-addressing table in one Int32Array: per entry a 32-bit hash of the id and the slot. No id
// is kept here: an entry whose hash matches is confirmed by the holder (`holds`), which keeps the
// ids as bytes (text-column.ts).
import { hashOf } from './string-hash.js';

const EMPTY = -1;
const REMOVED = -2;
const INITIAL_CAPACITY = 1024;
/** Int32s per entry: the hash, then the slot (EMPTY, REMOVED). */
const STRIDE = 2;

function emptyTable(capacity: number): Int32Array {
  const table = new Int32Array(capacity * STRIDE);
  for (let at = 1; at < table.length; at += STRIDE) table[at] = EMPTY;
  return table;
}

export class IdSlots {
  #table = emptyTable(INITIAL_CAPACITY);
  #capacity = INITIAL_CAPACITY;
  /** Entries held, and entries not EMPTY (held or REMOVED): the table grows on the second. */
  #size = 0;
  #used = 0;

  /** `holds(slot, id)`: the record in the slot has this id. `hash` is for tests (collisions). */
  constructor(
    private readonly holds: (slot: number, id: string) => boolean,
    private readonly hash: (id: string) => number = hashOf,
  ) {}

  get size(): number {
    return this.#size;
  }

  /** The slot of the id, or -1. */
  get(id: string): number {
    const at = this.#find(id, this.hash(id));
    return at < 0 ? -1 : (this.#table[at + 1] as number);
  }

  /** Files the id under `slot`; the id must not be held (delete it first). */
  add(id: string, slot: number): void {
    if ((this.#used + 1) * 2 > this.#capacity) this.#grow();
    const hash = this.hash(id);
    const table = this.#table;
    const mask = this.#capacity - 1;
    for (let e = hash & mask; ; e = (e + 1) & mask) {
      const at = e * STRIDE;
      const held = table[at + 1] as number;
      if (held === EMPTY || held === REMOVED) {
        if (held === EMPTY) this.#used++;
        table[at] = hash;
        table[at + 1] = slot;
        this.#size++;
        return;
      }
    }
  }

  /** False when the id was not held. Call it while the slot still holds the id (it confirms by it). */
  delete(id: string): boolean {
    const at = this.#find(id, this.hash(id));
    if (at < 0) return false;
    this.#table[at + 1] = REMOVED;
    this.#size--;
    return true;
  }

  clear(): void {
    this.#table = emptyTable(INITIAL_CAPACITY);
    this.#capacity = INITIAL_CAPACITY;
    this.#size = 0;
    this.#used = 0;
  }

  #find(id: string, hash: number): number {
    const table = this.#table;
    const mask = this.#capacity - 1;
    for (let e = hash & mask; ; e = (e + 1) & mask) {
      const at = e * STRIDE;
      const slot = table[at + 1] as number;
      if (slot === EMPTY) return -1;
      if (slot !== REMOVED && table[at] === hash && this.holds(slot, id)) return at;
    }
  }

  /** A table twice as large (or as large, when removals filled it), without the removed entries. */
  #grow(): void {
    const old = this.#table;
    const capacity = this.#size * 4 > this.#capacity ? this.#capacity * 2 : this.#capacity;
    const table = emptyTable(capacity);
    const mask = capacity - 1;
    for (let from = 0; from < old.length; from += STRIDE) {
      const slot = old[from + 1] as number;
      if (slot < 0) continue;
      const hash = old[from] as number;
      let e = hash & mask;
      while (table[e * STRIDE + 1] !== EMPTY) e = (e + 1) & mask;
      table[e * STRIDE] = hash;
      table[e * STRIDE + 1] = slot;
    }
    this.#table = table;
    this.#capacity = capacity;
    this.#used = this.#size;
  }
}
