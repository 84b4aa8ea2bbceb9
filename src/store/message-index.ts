// Which thread holds a message, and the highest IMAP uid seen per inbox: what the control plane
// needs to refuse a duplicate message_id and to give a new message the next uid of its inbox.
//
// Held in typed arrays, not as a Map of message ids: at 100,000 threads that Map held 250,000 id
// strings, each one more object for every mark-compact to mark (bench/README.md, issue 22). Each
// message is an entry of an open-addressing table: a 32-bit hash of its id, the thread (a number
// standing for the thread id) and the message's position in that thread. No id is kept: an entry
// whose hash matches is confirmed by reading the thread's record (`recordOf`), which for an id
// that is not held happens only on a hash collision (a few in a million).
import type { ThreadRecord } from '../model.js';

type RecordOf = (threadId: string) => ThreadRecord | undefined;

const EMPTY = -1;
const REMOVED = -2;
const INITIAL_CAPACITY = 1024;

/** FNV-1a over the UTF-16 units, then mixed. */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  return Math.imul(h, 0x45d9f3b) ^ (h >>> 13);
}

export class MessageIndex {
  readonly #recordOf: RecordOf;
  // The table: per entry the hash, the thread number (EMPTY, REMOVED) and the message's position.
  #hash = new Int32Array(INITIAL_CAPACITY);
  #thread = new Int32Array(INITIAL_CAPACITY).fill(EMPTY);
  #position = new Int32Array(INITIAL_CAPACITY);
  /** Entries held, and slots not EMPTY (held or REMOVED): the table grows on the second. */
  #size = 0;
  #used = 0;
  // Thread ids by number, with how many entries use each (a number is reused once unused).
  readonly #numberOf = new Map<string, number>();
  #threadIds: (string | undefined)[] = [];
  #uses = new Int32Array(256);
  #freeNumbers: number[] = [];
  /** The thread `add` is adding: its own entries are confirmed from it (it is not readable yet). */
  #adding: ThreadRecord | undefined;
  // Never lowered on delete: IMAP never reuses a uid within an inbox.
  readonly #maxUid = new Map<string, number>();

  readonly #hashOf: (id: string) => number;

  /** `recordOf` gives the record the thread index holds for a thread id; `hash` is for tests (collisions). */
  constructor(recordOf: RecordOf, hash: (id: string) => number = hashOf) {
    this.#recordOf = recordOf;
    this.#hashOf = hash;
  }

  /** Distinct message ids held. */
  get size(): number {
    return this.#size;
  }

  threadOf(messageId: string): string | undefined {
    const at = this.#find(messageId, this.#hashOf(messageId));
    return at < 0 ? undefined : this.#threadIds[this.#thread[at] as number];
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

  /** Adds the thread's messages; a message id another thread held is this thread's from now on. */
  add(thread: ThreadRecord): void {
    const { messages, thread_id } = thread;
    this.#adding = thread;
    // Looked up once per thread (a load adds 250,000 messages at 100,000 threads).
    const number = this.#numberFor(thread_id);
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
      if (this.#uses[number] === 0) this.#forget(number);
    }
  }

  /** Forgets the thread's messages (those another thread took since stay that thread's). */
  remove(thread: ThreadRecord): void {
    const number = this.#numberOf.get(thread.thread_id);
    if (number === undefined) return;
    const { messages } = thread;
    for (let i = 0; i < messages.length; i++) {
      const hash = this.#hashOf((messages[i] as ThreadRecord['messages'][number]).message_id);
      const mask = this.#hash.length - 1;
      for (let at = hash & mask; this.#thread[at] !== EMPTY; at = (at + 1) & mask) {
        if (this.#hash[at] === hash && this.#thread[at] === number && this.#position[at] === i) {
          this.#thread[at] = REMOVED;
          this.#size--;
          this.#release(number);
          break;
        }
      }
    }
  }

  clear(): void {
    this.#hash = new Int32Array(INITIAL_CAPACITY);
    this.#thread = new Int32Array(INITIAL_CAPACITY).fill(EMPTY);
    this.#position = new Int32Array(INITIAL_CAPACITY);
    this.#size = 0;
    this.#used = 0;
    this.#numberOf.clear();
    this.#threadIds = [];
    this.#uses = new Int32Array(256);
    this.#freeNumbers = [];
    this.#maxUid.clear();
  }

  /** The slot of the entry for this message id, or -1. */
  #find(messageId: string, hash: number): number {
    const mask = this.#hash.length - 1;
    for (let at = hash & mask; this.#thread[at] !== EMPTY; at = (at + 1) & mask) {
      if (this.#hash[at] === hash && this.#thread[at] !== REMOVED && this.#idAt(at) === messageId) return at;
    }
    return -1;
  }

  /** The message id an entry stands for, read from its thread's record. */
  #idAt(at: number): string | undefined {
    const threadId = this.#threadIds[this.#thread[at] as number] as string;
    const record = this.#adding?.thread_id === threadId ? this.#adding : this.#recordOf(threadId);
    return record?.messages[this.#position[at] as number]?.message_id;
  }

  #set(messageId: string, number: number, position: number): void {
    const hash = this.#hashOf(messageId);
    this.#uses[number] = (this.#uses[number] as number) + 1;
    const found = this.#find(messageId, hash);
    if (found >= 0) {
      this.#release(this.#thread[found] as number);
      this.#thread[found] = number;
      this.#position[found] = position;
      return;
    }
    if ((this.#used + 1) * 2 > this.#hash.length) this.#grow();
    const mask = this.#hash.length - 1;
    let at = hash & mask;
    while (this.#thread[at] !== EMPTY && this.#thread[at] !== REMOVED) at = (at + 1) & mask;
    if (this.#thread[at] === EMPTY) this.#used++;
    this.#hash[at] = hash;
    this.#thread[at] = number;
    this.#position[at] = position;
    this.#size++;
  }

  /** A table twice as large (or as large, when removals filled it), without the removed entries. */
  #grow(): void {
    const [hashes, threads, positions] = [this.#hash, this.#thread, this.#position];
    const capacity = this.#size * 4 > hashes.length ? hashes.length * 2 : hashes.length;
    this.#hash = new Int32Array(capacity);
    this.#thread = new Int32Array(capacity).fill(EMPTY);
    this.#position = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let i = 0; i < hashes.length; i++) {
      const thread = threads[i] as number;
      if (thread < 0) continue;
      let at = (hashes[i] as number) & mask;
      while (this.#thread[at] !== EMPTY) at = (at + 1) & mask;
      this.#hash[at] = hashes[i] as number;
      this.#thread[at] = thread;
      this.#position[at] = positions[i] as number;
    }
    this.#used = this.#size;
  }

  /** The thread id's number (a new one when it has none: unused until an entry counts it). */
  #numberFor(threadId: string): number {
    let number = this.#numberOf.get(threadId);
    if (number === undefined) {
      number = this.#freeNumbers.pop() ?? this.#threadIds.length;
      this.#numberOf.set(threadId, number);
      this.#threadIds[number] = threadId;
      if (number >= this.#uses.length) {
        const uses = new Int32Array(this.#uses.length * 2);
        uses.set(this.#uses);
        this.#uses = uses;
      }
    }
    return number;
  }

  #release(number: number): void {
    const left = (this.#uses[number] as number) - 1;
    this.#uses[number] = left;
    if (left === 0) this.#forget(number);
  }

  #forget(number: number): void {
    this.#numberOf.delete(this.#threadIds[number] as string);
    this.#threadIds[number] = undefined;
    this.#freeNumbers.push(number);
  }
}
