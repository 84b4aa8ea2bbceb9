// Which slot holds a record of a given string id, without a Map of id strings: at 100,000 threads
// that Map held 100,000 strings, each one more object for every mark-compact to mark (issue 22).
// An open-addressing table in one Int32Array (open-table.ts): per entry a hash of the id and the
// slot. No id is kept here: an entry whose hash matches is confirmed by the holder (`holds`), which
// keeps the ids as bytes (text-column.ts).
import { hashOf } from './string-hash.js';
import { EMPTY, emptyTable, grownCapacity, HASH, HOLDER, rehashed, REMOVED } from './open-table.js';

const INITIAL_CAPACITY = 1024;
/** Int32s per entry: the hash, then the slot (the holder). */
const STRIDE = 2;

export class IdSlots {
  #table = emptyTable(INITIAL_CAPACITY, STRIDE);
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
    return at < 0 ? -1 : (this.#table[at + HOLDER] as number);
  }

  /** Files the id under `slot`; the id must not be held (delete it first). */
  add(id: string, slot: number): void {
    if ((this.#used + 1) * 2 > this.#capacity) this.#grow();
    const hash = this.hash(id);
    const table = this.#table;
    const mask = this.#capacity - 1;
    for (let e = hash & mask; ; e = (e + 1) & mask) {
      const at = e * STRIDE;
      const held = table[at + HOLDER] as number;
      if (held === EMPTY || held === REMOVED) {
        if (held === EMPTY) this.#used++;
        table[at + HASH] = hash;
        table[at + HOLDER] = slot;
        this.#size++;
        return;
      }
    }
  }

  /** False when the id was not held. Call it while the slot still holds the id (it confirms by it). */
  delete(id: string): boolean {
    const at = this.#find(id, this.hash(id));
    if (at < 0) return false;
    this.#table[at + HOLDER] = REMOVED;
    this.#size--;
    return true;
  }

  clear(): void {
    this.#table = emptyTable(INITIAL_CAPACITY, STRIDE);
    this.#capacity = INITIAL_CAPACITY;
    this.#size = 0;
    this.#used = 0;
  }

  #find(id: string, hash: number): number {
    const table = this.#table;
    const mask = this.#capacity - 1;
    for (let e = hash & mask; ; e = (e + 1) & mask) {
      const at = e * STRIDE;
      const slot = table[at + HOLDER] as number;
      if (slot === EMPTY) return -1;
      if (slot !== REMOVED && table[at + HASH] === hash && this.holds(slot, id)) return at;
    }
  }

  #grow(): void {
    this.#capacity = grownCapacity(this.#size, this.#capacity);
    this.#table = rehashed(this.#table, STRIDE, this.#capacity);
    this.#used = this.#size;
  }

}
