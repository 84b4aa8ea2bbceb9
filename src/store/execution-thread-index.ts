// Execution threads by workspace, in creation (id) order, with cached query views: a list request
// slices a prepared view instead of filtering and sorting the collection. A write invalidates only
// the views of the workspaces it touches.
import type { ExecutionThreadRecord, ExecutionThreadType } from '../model.js';
import { lowerBound } from './sorted.js';

export interface ExecutionThreadOrder {
  /** Identifies the order in the view cache, e.g. "createdat:desc". */
  key: string;
  compare: (a: ExecutionThreadRecord, b: ExecutionThreadRecord) => number;
}

export interface ExecutionThreadQuery {
  workspaceId: number;
  threadToken?: string | undefined;
  type?: ExecutionThreadType | undefined;
  order?: ExecutionThreadOrder | undefined;
}

interface View {
  version: number;
  items: readonly ExecutionThreadRecord[];
}

const EMPTY: readonly ExecutionThreadRecord[] = Object.freeze([]);
const MAX_VIEWS = 512;

export class ExecutionThreadIndex {
  readonly #byId = new Map<number, ExecutionThreadRecord>();
  readonly #byWorkspace = new Map<number, ExecutionThreadRecord[]>();
  readonly #versions = new Map<number, number>();
  readonly #views = new Map<string, View>();
  #maxId = 0;

  get size(): number {
    return this.#byId.size;
  }

  get nextId(): number {
    return this.#maxId + 1;
  }

  get(id: number): ExecutionThreadRecord | undefined {
    return this.#byId.get(id);
  }

  /** Every record in creation (id) order. */
  all(): ExecutionThreadRecord[] {
    return [...this.#byId.values()].sort((a, b) => a.id - b.id);
  }

  workspaces(): number[] {
    return [...this.#byWorkspace.keys()].sort((a, b) => a - b);
  }

  put(record: ExecutionThreadRecord): void {
    this.delete(record.id);
    this.#byId.set(record.id, record);
    if (record.id > this.#maxId) this.#maxId = record.id;
    let list = this.#byWorkspace.get(record.workspaceId);
    if (!list) this.#byWorkspace.set(record.workspaceId, (list = []));
    list.splice(lowerBound(list, (r) => r.id < record.id), 0, record);
    this.#touch(record.workspaceId);
  }

  /**
   * Adds these records (a later duplicate id wins, as with put); may be called again with the next
   * slice of a file. Records out of id order cost one sort of their workspace, not a sorted insert each.
   */
  load(records: Iterable<ExecutionThreadRecord>): void {
    const touched = new Set<number>();
    const unsorted = new Set<number>();
    for (const r of records) {
      if (this.#byId.has(r.id)) this.delete(r.id);
      this.#byId.set(r.id, r);
      if (r.id > this.#maxId) this.#maxId = r.id;
      let list = this.#byWorkspace.get(r.workspaceId);
      if (!list) this.#byWorkspace.set(r.workspaceId, (list = []));
      // A file this sandbox wrote is in id order: then nothing needs sorting.
      if (list.length > 0 && (list[list.length - 1] as ExecutionThreadRecord).id > r.id) unsorted.add(r.workspaceId);
      list.push(r);
      touched.add(r.workspaceId);
    }
    for (const workspaceId of unsorted) (this.#byWorkspace.get(workspaceId) as ExecutionThreadRecord[]).sort((a, b) => a.id - b.id);
    for (const workspaceId of touched) this.#touch(workspaceId);
  }

  /** Ends a load made in slices (each load leaves the lists in order already). */
  finish(): void {}

  delete(id: number): boolean {
    const old = this.#byId.get(id);
    if (!old) return false;
    this.#byId.delete(id);
    const list = this.#byWorkspace.get(old.workspaceId);
    if (list) {
      const at = lowerBound(list, (r) => r.id < id);
      if (list[at]?.id === id) list.splice(at, 1);
      if (list.length === 0) this.#byWorkspace.delete(old.workspaceId);
    }
    this.#touch(old.workspaceId);
    return true;
  }

  clear(): void {
    this.#byId.clear();
    this.#byWorkspace.clear();
    this.#views.clear();
    for (const w of this.#versions.keys()) this.#touch(w);
    this.#maxId = 0;
  }

  /** The filtered, ordered list for a query. Callers must not mutate it. */
  query(q: ExecutionThreadQuery): readonly ExecutionThreadRecord[] {
    const base = this.#byWorkspace.get(q.workspaceId);
    if (!base) return EMPTY;
    if (q.threadToken === undefined && q.type === undefined && !q.order) return base;
    const key = `${q.workspaceId}\u0000${q.threadToken ?? '\u0001'}\u0000${q.type ?? ''}\u0000${q.order?.key ?? ''}`;
    const version = this.#versions.get(q.workspaceId) ?? 0;
    const cached = this.#views.get(key);
    if (cached && cached.version === version) {
      // Refresh its place in the LRU order.
      this.#views.delete(key);
      this.#views.set(key, cached);
      return cached.items;
    }
    let items = base.filter(
      (r) => (q.threadToken === undefined || r.threadToken === q.threadToken) && (q.type === undefined || r.type === q.type),
    );
    if (q.order) items = items.sort(q.order.compare);
    this.#views.delete(key);
    this.#views.set(key, { version, items });
    if (this.#views.size > MAX_VIEWS) {
      const oldest = this.#views.keys().next().value;
      if (oldest !== undefined) this.#views.delete(oldest);
    }
    return items;
  }

  #touch(workspaceId: number): void {
    this.#versions.set(workspaceId, (this.#versions.get(workspaceId) ?? 0) + 1);
  }
}
