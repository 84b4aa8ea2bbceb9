// Execution threads by workspace, in creation (id) order, with cached query views: a list request
// slices a prepared view instead of filtering and sorting the collection. A write invalidates only
// the views of the workspaces it touches.
//
// Records are held in columns, not as objects: each record has a slot, its JSON as bytes in a
// TextColumn, the fields that filters and sorts read in typed arrays, and a view is a typed array
// of slots. The collector then marks a few large arrays instead of an object and its fields, or a
// string, per record (bench/README.md). A record is parsed back when a get, a write or the control
// plane asks for it; a list page hands out stamps, and texts when asked.
import { EXECUTION_THREAD_TYPES, type ExecutionThreadRecord, type ExecutionThreadType } from '../model.js';
import { epochMs } from '../time.js';
import { sortInSlices, type Slicer } from '../slices.js';
import { boundedCache } from '../bounded-cache.js';
import type { ExecutionThreadModel, LoadTexts } from './read-model/read-model.js';
import { setText } from './load-texts.js';
import { newStamp } from './record-stamp.js';
import { TextColumn } from './text-column.js';
import { hashOf } from './string-hash.js';
import { compareSlots } from './execution-thread-order.js';
import { lowerBound } from './sorted.js';

export interface ExecutionThreadOrder {
  /** Identifies the order in the view cache, e.g. "createdat:desc". */
  key: string;
  compare: (a: ExecutionThreadRecord, b: ExecutionThreadRecord) => number;
  /**
   * The same order as fields to compare in turn (ties by id): when given, views are sorted on the
   * index's columns without parsing records. It must agree with `compare`.
   */
  terms?: readonly { field: 'createdAt' | 'threadToken' | 'type' | 'workspaceId'; descending: boolean }[];
}


export interface ExecutionThreadQuery {
  workspaceId: number;
  threadToken?: string | undefined;
  type?: ExecutionThreadType | undefined;
  order?: ExecutionThreadOrder | undefined;
}

/** A window of a query's list: its length and the records in the window. */
export interface ExecutionThreadWindow {
  totalCount: number;
  /** Records in the window. */
  length: number;
  /**
   * The stamp of the i-th record of the window, until the next write: a number new whenever the
   * record changes (record-stamp.ts), so callers may key caches of what they make from a record by it.
   */
  stamp(i: number): number;
  /** The JSON text of the i-th record of the window (what `records()` parses), until the next write. */
  text(i: number): string;
  /** The window's records (parsed when called, before the next write). */
  records(): ExecutionThreadRecord[];
}

interface View {
  version: number;
  slots: Int32Array;
}

const EMPTY_SLOTS = new Int32Array(0);
const MAX_VIEWS = 512;

export class ExecutionThreadIndex implements ExecutionThreadModel {
  /** id -> slot */
  readonly #byId = new Map<number, number>();
  /** Slots of each workspace, in id order. */
  readonly #byWorkspace = new Map<number, number[]>();
  readonly #versions = new Map<number, number>();
  readonly #views = boundedCache<string, View>(MAX_VIEWS);
  #maxId = 0;
  // The columns, by slot. A freed slot is reused by the next record.
  readonly #json = new TextColumn();
  #stamp = new Float64Array(1024);
  /** Thread tokens as bytes (no string per record), with a hash of each so that a filter decodes only its matches; a null token is no text. */
  readonly #token = new TextColumn();
  #tokenHash = new Int32Array(1024);
  #id = new Float64Array(1024);
  #workspaceId = new Float64Array(1024);
  #createdMs = new Float64Array(1024);
  #type = new Uint8Array(1024);
  #free: number[] = [];
  /** Slots ever taken (one past the highest): a new slot when none is free. */
  #slotCount = 0;
  /** Workspaces whose slot lists `load` appended to out of id order. */
  readonly #unsorted = new Set<number>();

  get size(): number {
    return this.#byId.size;
  }

  get nextId(): number {
    return this.#maxId + 1;
  }

  raiseHighestId(id: number): void {
    if (id > this.#maxId) this.#maxId = id;
  }

  get(id: number): ExecutionThreadRecord | undefined {
    const slot = this.#byId.get(id);
    return slot === undefined ? undefined : this.#record(slot);
  }

  /** Every record in creation (id) order. */
  all(): ExecutionThreadRecord[] {
    return this.#slotsInIdOrder().map((slot) => this.#record(slot));
  }

  /**
   * The JSON of every record in creation (id) order (as `all()`, unparsed: JSON.stringify of each
   * record), or of those in the workspaces `keep` accepts: a snapshot can be written from these
   * without building the records.
   */
  allJson(keep?: (workspaceId: number) => boolean): string[] {
    const out: string[] = [];
    for (const slot of this.#slotsInIdOrder()) if (!keep || keep(this.#workspaceId[slot] as number)) out.push(this.#json.get(slot));
    return out;
  }

  #slotsInIdOrder(): number[] {
    // A typed array sorts numbers natively, several times faster than a compare function.
    const ids = new Float64Array(this.#byId.size);
    let i = 0;
    for (const id of this.#byId.keys()) ids[i++] = id;
    ids.sort();
    const slots: number[] = new Array(ids.length);
    for (let j = 0; j < ids.length; j++) slots[j] = this.#byId.get(ids[j] as number) as number;
    return slots;
  }

  workspaces(): number[] {
    return [...this.#byWorkspace.keys()].sort((a, b) => a - b);
  }

  put(record: ExecutionThreadRecord): void {
    this.finish();
    this.delete(record.id);
    const slot = this.#store(record);
    let list = this.#byWorkspace.get(record.workspaceId);
    if (!list) this.#byWorkspace.set(record.workspaceId, (list = []));
    const ids = this.#id;
    list.splice(
      lowerBound(list, (s) => (ids[s] as number) < record.id),
      0,
      slot,
    );
    this.#touch(record.workspaceId);
  }

  /**
   * Adds these records, in file order; may be called again with the next slice (a later duplicate
   * id wins, as with put). Each workspace's list is sorted once, by `finish` or the first read.
   * The records are not kept: the caller may drop them. `texts[i]`, when given, is the JSON text
   * the i-th record was parsed from (kept instead of serializing the record).
   */
  load(records: Iterable<ExecutionThreadRecord>, texts?: LoadTexts): void {
    let i = 0;
    for (const r of records) {
      const old = this.#byId.get(r.id);
      if (old !== undefined) this.#unlink(r.id, old);
      const slot = this.#store(r, texts, i++);
      let list = this.#byWorkspace.get(r.workspaceId);
      if (!list) this.#byWorkspace.set(r.workspaceId, (list = []));
      if (list.length > 0 && (this.#id[list[list.length - 1] as number] as number) > r.id) this.#unsorted.add(r.workspaceId);
      list.push(slot);
      this.#touch(r.workspaceId);
    }
  }

  /** Puts what `load` added into id order. Reads and writes call it; calling it early moves the sort off the first read. */
  finish(): void {
    if (this.#unsorted.size === 0) return;
    const byId = this.#byIdOrder();
    for (const w of this.#unsorted) this.#byWorkspace.get(w)?.sort(byId);
    this.#unsorted.clear();
  }

  /**
   * finish() in slices with turns of the event loop (slices.ts), to the same lists: for an index
   * built beside the one being served (build-indexes.ts), which nobody reads or writes until this
   * resolves.
   */
  async finishInSlices(slicer: Slicer): Promise<void> {
    const byId = this.#byIdOrder();
    for (const w of this.#unsorted) {
      const list = this.#byWorkspace.get(w);
      if (list) this.#byWorkspace.set(w, await sortInSlices(list, byId, slicer));
    }
    this.#unsorted.clear();
  }

  #byIdOrder(): (a: number, b: number) => number {
    const ids = this.#id;
    return (a, b) => (ids[a] as number) - (ids[b] as number);
  }

  delete(id: number): boolean {
    const slot = this.#byId.get(id);
    if (slot === undefined) return false;
    this.finish();
    this.#unlink(id, slot);
    return true;
  }

  clear(): void {
    this.#byId.clear();
    this.#byWorkspace.clear();
    this.#views.clear();
    for (const w of this.#versions.keys()) this.#touch(w);
    this.#maxId = 0;
    this.#json.clear();
    this.#slotCount = 0;
    this.#token.clear();
    this.#free = [];
    this.#unsorted.clear();
  }

  /** The filtered, ordered list for a query (records parsed from the read model: a new array each call). */
  query(q: ExecutionThreadQuery): readonly ExecutionThreadRecord[] {
    const slots = this.#slots(q);
    const out: ExecutionThreadRecord[] = new Array(slots.length);
    for (let i = 0; i < slots.length; i++) out[i] = this.#record(slots[i] as number);
    return out;
  }

  /** The records [start, start + total) of a query's list (stamps, texts when asked), and the list's length. */
  window(q: ExecutionThreadQuery, start: number, total: number): ExecutionThreadWindow {
    const slots = this.#slots(q);
    // Array.prototype.slice(start, start + total)'s bounds.
    const end = start + total;
    const from = start < 0 ? Math.max(slots.length + start, 0) : Math.min(start, slots.length);
    const to = Math.max(from, end < 0 ? Math.max(slots.length + end, 0) : Math.min(end, slots.length));
    const index = this;
    return {
      totalCount: slots.length,
      length: to - from,
      stamp: (i) => index.#stamp[slots[from + i] as number] as number,
      text: (i) => index.#json.get(slots[from + i] as number),
      records: () => {
        const out: ExecutionThreadRecord[] = [];
        for (let i = from; i < to; i++) out.push(index.#record(slots[i] as number));
        return out;
      },
    };
  }

  #slots(q: ExecutionThreadQuery): ArrayLike<number> {
    this.finish();
    const base = this.#byWorkspace.get(q.workspaceId);
    if (!base) return EMPTY_SLOTS;
    if (q.threadToken === undefined && q.type === undefined && !q.order) return base;
    const key = `${q.workspaceId}\u0000${q.threadToken ?? '\u0001'}\u0000${q.type ?? ''}\u0000${q.order?.key ?? ''}`;
    const version = this.#versions.get(q.workspaceId) ?? 0;
    const cached = this.#views.get(key);
    if (cached && cached.version === version) return cached.slots;
    const type = q.type === undefined ? -1 : EXECUTION_THREAD_TYPES.indexOf(q.type);
    const token = q.threadToken;
    const tokenHash = token === undefined ? 0 : hashOf(token);
    let kept = base.filter((s) => (token === undefined || (this.#tokenHash[s] === tokenHash && this.#token.equals(s, token))) && (type < 0 || this.#type[s] === type));
    if (q.order?.terms) {
      kept.sort(compareSlots(q.order.terms, kept, { id: this.#id, workspaceId: this.#workspaceId, createdMs: this.#createdMs, type: this.#type, token: (slot) => (this.#token.has(slot) ? this.#token.get(slot) : null) }));
    } else if (q.order) {
      const compare = q.order.compare;
      kept = kept
        .map((s) => ({ ...this.#record(s), slot: s }))
        .sort(compare)
        .map((p) => p.slot);
    }
    const slots = Int32Array.from(kept);
    this.#views.set(key, { version, slots });
    return slots;
  }

  #record(slot: number): ExecutionThreadRecord {
    return JSON.parse(this.#json.get(slot)) as ExecutionThreadRecord;
  }

  /** Takes a slot for the record and fills its columns. */
  #store(r: ExecutionThreadRecord, texts?: LoadTexts, i = 0): number {
    let slot = this.#free.pop();
    if (slot === undefined) {
      slot = this.#slotCount++;
      if (slot === this.#id.length) this.#grow();
    }
    setText(this.#json, slot, r, texts, i);
    this.#stamp[slot] = newStamp();
    if (r.threadToken === null) this.#token.delete(slot);
    else {
      this.#token.set(slot, r.threadToken);
      this.#tokenHash[slot] = hashOf(r.threadToken);
    }
    this.#id[slot] = r.id;
    this.#workspaceId[slot] = r.workspaceId;
    this.#createdMs[slot] = epochMs(r.createdAt);
    this.#type[slot] = EXECUTION_THREAD_TYPES.indexOf(r.type);
    this.#byId.set(r.id, slot);
    if (r.id > this.#maxId) this.#maxId = r.id;
    return slot;
  }

  #unlink(id: number, slot: number): void {
    this.#byId.delete(id);
    const workspaceId = this.#workspaceId[slot] as number;
    const list = this.#byWorkspace.get(workspaceId);
    if (list) {
      const ids = this.#id;
      const at = this.#unsorted.has(workspaceId) ? list.indexOf(slot) : lowerBound(list, (s) => (ids[s] as number) < id);
      if (list[at] === slot) list.splice(at, 1);
      if (list.length === 0) this.#byWorkspace.delete(workspaceId);
    }
    this.#json.delete(slot);
    this.#token.delete(slot);
    this.#free.push(slot);
    this.#touch(workspaceId);
  }

  #grow(): void {
    const grown = <T extends Float64Array | Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    this.#id = grown(this.#id, (n) => new Float64Array(n));
    this.#stamp = grown(this.#stamp, (n) => new Float64Array(n));
    this.#tokenHash = grown(this.#tokenHash, (n) => new Int32Array(n));
    this.#workspaceId = grown(this.#workspaceId, (n) => new Float64Array(n));
    this.#createdMs = grown(this.#createdMs, (n) => new Float64Array(n));
    this.#type = grown(this.#type, (n) => new Uint8Array(n));
  }

  #touch(workspaceId: number): void {
    this.#versions.set(workspaceId, (this.#versions.get(workspaceId) ?? 0) + 1);
  }
}
