// What the pipeline and the control plane ask of the request journal and the faults, whichever
// engine keeps them: in this process (Journal, FaultRegistry: answers at once) or in a database
// shared by replicas (answers are promises). Callers await every answer.
import type { Fault, FaultInput, FaultTarget } from './faults.js';
import type { JournalEntry, JournalFilter, JournalRecord } from './journal.js';

export type MaybePromise<T> = T | Promise<T>;

export interface RequestJournal {
  readonly capacity: number;
  /** Recorded before the response is written: a promise when the entry goes to a database. */
  record(entry: JournalRecord): MaybePromise<void>;
  list(filter?: JournalFilter): MaybePromise<JournalEntry[]>;
  clear(): MaybePromise<void>;
}

export interface FaultBook {
  /** Faults known here; 0 means no request needs to look. */
  readonly size: number;
  add(input: FaultInput): MaybePromise<Fault>;
  list(): MaybePromise<Fault[]>;
  remove(id: string): MaybePromise<boolean>;
  clear(): MaybePromise<void>;
  /** The first fault that acts on this request (using up one of its `times`), if any. */
  take(target: FaultTarget): MaybePromise<Fault | undefined>;
}

/** An answer the in-process API needs at once: a database-backed book is read over HTTP instead. */
export function answeredNow<T>(value: MaybePromise<T>, what: string): T {
  if (value instanceof Promise) {
    value.catch(() => undefined);
    throw new Error(`${what} lives in the database with --store postgres://...: use the control plane over HTTP (/__sandbox/requests, /__sandbox/faults)`);
  }
  return value;
}
