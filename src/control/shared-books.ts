// What the pipeline and the control plane ask of the request journal and the faults, whichever
// engine keeps them: in this process (Journal, FaultRegistry: answers at once) or in a database
// shared by replicas (answers are promises). Callers await every answer.
import type { Fault, FaultInput, FaultTarget } from './faults.js';
import type { JournalEntry, JournalFilter, JournalRecord, StoredRecord } from './journal.js';

export type MaybePromise<T> = T | Promise<T>;

export interface RequestJournal {
  readonly capacity: number;
  /** Recorded before the response is written: a promise when the entry goes to a database. */
  record(entry: JournalRecord): MaybePromise<void>;
  /** With a tenant, only the requests that carried its token (null/undefined: every request). */
  list(filter?: JournalFilter, tenant?: string | null): MaybePromise<JournalEntry[]>;
  /** The records oldest first, for matchers (find, count, verify); with a tenant, only its own. */
  records(tenant?: string | null): MaybePromise<StoredRecord[]>;
  /** Forgets every request, or with a tenant only that tenant's. */
  clear(tenant?: string | null): MaybePromise<void>;
  /** Calls `listener` with each request recorded here from now on (the in-process journal only). */
  subscribe?(listener: (record: StoredRecord) => void): () => void;
}

export interface FaultBook {
  /** Faults known here; 0 means no request needs to look. */
  readonly size: number;
  /** With a tenant, the fault acts only on that tenant's requests (null: the admin's, on every one). */
  add(input: FaultInput, tenant?: string | null): MaybePromise<Fault>;
  /** With a tenant, only the faults it registered. */
  list(tenant?: string | null): MaybePromise<Fault[]>;
  remove(id: string, tenant?: string | null): MaybePromise<boolean>;
  clear(tenant?: string | null): MaybePromise<void>;
  /** The first fault that acts on this request (using up one of its `times`), if any. */
  take(target: FaultTarget): MaybePromise<Fault | undefined>;
}
