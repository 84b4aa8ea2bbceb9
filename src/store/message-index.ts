// Which thread holds a message, and the highest IMAP uid seen per inbox: what the control plane
// needs to refuse a duplicate message_id and to give a new message the next uid of its inbox.
//
// Held in typed arrays, not as a Map of message ids: at 100,000 threads that Map held 250,000 id
// strings, each one more object for every mark-compact to mark (bench/README.md, issue 22). Each
// message is an entry of an open-addressing table: a 32-bit hash of its id, the thread (the number
// the thread index gives it: its slot) and the message's position in that thread. No id is kept:
// an entry whose hash matches is confirmed by reading the thread's record, which for an id that is
// not held happens only on a hash collision (a few in a million).
import type { ThreadRecord } from '../model.js';
import { hashOf } from './string-hash.js';
import { EMPTY, emptyTable, grownCapacity, HASH, HOLDER, rehashed, REMOVED } from './open-table.js';

/**
 * The threads as their holder numbers them (the thread index: by slot). A number stands for one
 * thread from the `add` that gives it until the `remove` of that thread; the holder may give it to
 * another thread after that.
 */
export interface NumberedThreads {
  idOf(number: number): string | undefined;
  recordOf(number: number): ThreadRecord | undefined;
}

const INITIAL_CAPACITY = 1024;
/**
 * Int32s per entry in the table: the hash, the thread number (EMPTY, REMOVED) and the message's
 * position, side by side, so that a probe reads one cache line rather than one per field (a load
 * probes a table of a few MB at random, once per message).
 */
const STRIDE = 3;
const THREAD = HOLDER;
const POSITION = 2;


export class MessageIndex {
  readonly #threads: NumberedThreads;
  /** The table: `#capacity` entries of STRIDE int32s each. */
  #table = emptyTable(INITIAL_CAPACITY, STRIDE);
  #capacity = INITIAL_CAPACITY;
  /** Entries held, and slots not EMPTY (held or REMOVED): the table grows on the second. */
  #size = 0;
  #used = 0;
  /** The thread `add` is adding and its number: its own entries are confirmed from it (it may not be readable yet). */
  #adding: ThreadRecord | undefined;
  #addingNumber = -1;
  // Never lowered on delete: IMAP never reuses a uid within an inbox.
  readonly #maxUid = new Map<string, number>();

  readonly #hashOf: (id: string) => number;

  /** `hash` is for tests (collisions). */
  constructor(threads: NumberedThreads, hash: (id: string) => number = hashOf) {
    this.#threads = threads;
    this.#hashOf = hash;
  }

  /** Distinct message ids held. */
  get size(): number {
    return this.#size;
  }

  threadOf(messageId: string): string | undefined {
    const at = this.#find(messageId, this.#hashOf(messageId));
    return at < 0 ? undefined : this.#threads.idOf(this.#table[at + THREAD] as number);
  }

  nextUid(inboxId: string): number {
    return (this.#maxUid.get(inboxId) ?? 0) + 1;
  }

  /** The highest uid seen per inbox (a copy). */
  highestUids(): Map<string, number> {
    return new Map(this.#maxUid);
  }

  raiseHighestUid(inboxId: string, uid: number): void {
    if (uid > (this.#maxUid.get(inboxId) ?? 0)) this.#maxUid.set(inboxId, uid);
  }

  /** Adds the thread's messages under its number; a message id another thread held is this thread's from now on. */
  add(thread: ThreadRecord, number: number): void {
    const { messages } = thread;
    this.#adding = thread;
    this.#addingNumber = number;
    try {
      let max = 0;
      for (let i = 0; i < messages.length; i++) {
        const m = messages[i] as ThreadRecord['messages'][number];
        this.#set(m.message_id, number, i);
        if (m.uid > max) max = m.uid;
      }
      // Only raised, and only when this thread raises it: a load calls this once per thread.
      if (max > (this.#maxUid.get(thread.inbox_id) ?? 0)) this.#maxUid.set(thread.inbox_id, max);
    } finally {
      this.#adding = undefined;
      this.#addingNumber = -1;
    }
  }

  /** Forgets the messages of the thread `add` gave this number (those another thread took since stay that thread's). */
  remove(thread: ThreadRecord, number: number): void {
    const { messages } = thread;
    const table = this.#table;
    const mask = this.#capacity - 1;
    for (let i = 0; i < messages.length; i++) {
      const hash = this.#hashOf((messages[i] as ThreadRecord['messages'][number]).message_id);
      for (let e = hash & mask; ; e = (e + 1) & mask) {
        const at = e * STRIDE;
        const thread = table[at + THREAD];
        if (thread === EMPTY) break;
        if (table[at + HASH] === hash && thread === number && table[at + POSITION] === i) {
          table[at + THREAD] = REMOVED;
          this.#size--;
          break;
        }
      }
    }
  }

  clear(): void {
    this.#table = emptyTable(INITIAL_CAPACITY, STRIDE);
    this.#capacity = INITIAL_CAPACITY;
    this.#size = 0;
    this.#used = 0;
    this.#maxUid.clear();
  }

  /** The table offset of the entry for this message id, or -1. */
  #find(messageId: string, hash: number): number {
    const table = this.#table;
    const mask = this.#capacity - 1;
    for (let e = hash & mask; ; e = (e + 1) & mask) {
      const at = e * STRIDE;
      const thread = table[at + THREAD];
      if (thread === EMPTY) return -1;
      if (table[at + HASH] === hash && thread !== REMOVED && this.#idAt(at) === messageId) return at;
    }
  }

  /** The message id the entry at a table offset stands for, read from its thread's record. */
  #idAt(at: number): string | undefined {
    const number = this.#table[at + THREAD] as number;
    const record = number === this.#addingNumber ? this.#adding : this.#threads.recordOf(number);
    return record?.messages[this.#table[at + POSITION] as number]?.message_id;
  }

  #set(messageId: string, number: number, position: number): void {
    const hash = this.#hashOf(messageId);
    if ((this.#used + 1) * 2 > this.#capacity) this.#grow();
    // One probe: the entry for the id when held (taken over), else the first free slot met, a
    // removed entry's included.
    const table = this.#table;
    const mask = this.#capacity - 1;
    let free = -1;
    let at: number;
    for (let e = hash & mask; ; e = (e + 1) & mask) {
      at = e * STRIDE;
      const thread = table[at + THREAD] as number;
      if (thread === EMPTY) break;
      if (thread === REMOVED) {
        if (free < 0) free = at;
      } else if (table[at + HASH] === hash && this.#idAt(at) === messageId) {
        table[at + THREAD] = number;
        table[at + POSITION] = position;
        return;
      }
    }
    if (free < 0) {
      free = at;
      this.#used++;
    }
    table[free + HASH] = hash;
    table[free + THREAD] = number;
    table[free + POSITION] = position;
    this.#size++;
  }

  /** A table twice as large (or as large, when removals filled it), without the removed entries. */
  #grow(): void {
    this.#capacity = grownCapacity(this.#size, this.#capacity);
    this.#table = rehashed(this.#table, STRIDE, this.#capacity);
    this.#used = this.#size;
  }

}
