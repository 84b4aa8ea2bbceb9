// What the live page listens to: requests as they are journaled, violations as they are recorded,
// and "changed" when faults, the journal or the data changed. A bounded set of listeners, each
// with its scope (a tenant sees its own requests and violations only). The request path pays
// nothing while no page listens: the feed subscribes to the journal with its first listener and
// lets go with its last.
import { toEntry, type StoredRecord } from './journal.js';
import type { RequestJournal } from './shared-books.js';
import type { Violation } from './violations.js';

export type LiveEvent = 'request' | 'violation' | 'changed';

export interface LiveListener {
  /** null: sees everything (admin token, open control plane); a tenant name: its own only. */
  readonly tenant: string | null;
  /** `data` is already JSON: serialized once, whatever the number of listeners. */
  send(event: LiveEvent, data: string): void;
  /** The feed is closing (the sandbox stops): end the stream. */
  close(): void;
}

/** What a change touched: `reload` when the journal or the violations were cleared (a reset, an import). */
export interface LiveChange {
  what: string;
  reload: boolean;
}

/** Open streams at most: each holds a socket, and a page opened in many tabs must not exhaust them. */
export const MAX_LIVE_LISTENERS = 16;
/** What a new listener is sent of the past, at most, of each kind. */
export const LIVE_BACKLOG = 200;

/** A journal record as the page shows it: the public entry without headers, with its tenant. */
export function liveRequest(r: StoredRecord): Record<string, unknown> {
  const { headers: _headers, ...entry } = toEntry(r);
  return { ...entry, tenant: r.tenant ?? null };
}

export class LiveFeed {
  readonly #listeners = new Set<LiveListener>();
  readonly #journal: RequestJournal;
  #unsubscribe: (() => void) | undefined;
  #closed = false;

  constructor(journal: RequestJournal, readonly maxListeners = MAX_LIVE_LISTENERS) {
    this.#journal = journal;
  }

  get listening(): boolean {
    return this.#listeners.size > 0;
  }

  /** Adds a listener; returns its removal, or undefined when the feed is full or closed. */
  add(listener: LiveListener): (() => void) | undefined {
    if (this.#closed || this.#listeners.size >= this.maxListeners) return undefined;
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) this.#unsubscribe = this.#journal.subscribe?.((r) => this.#emit('request', liveRequest(r), r.tenant ?? null, false));
    return () => {
      if (this.#listeners.delete(listener) && this.#listeners.size === 0) {
        this.#unsubscribe?.();
        this.#unsubscribe = undefined;
      }
    };
  }

  /** A violation was recorded, made by `tenant`'s request (null: no tenant's). */
  violation(violation: Violation, tenant: string | null): void {
    if (this.#listeners.size > 0) this.#emit('violation', violation, tenant, false);
  }

  /** Something the page shows changed; by `tenant` (null: the admin or the in-process handle, seen by all). */
  changed(change: LiveChange, tenant: string | null): void {
    if (this.#listeners.size > 0) this.#emit('changed', change, tenant, true);
  }

  /** Ends every stream and refuses new ones (the sandbox stops: open streams must not hold it up). */
  close(): void {
    this.#closed = true;
    for (const listener of [...this.#listeners]) listener.close();
    this.#listeners.clear();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #emit(event: LiveEvent, data: unknown, tenant: string | null, nullMeansEveryone: boolean): void {
    const json = JSON.stringify(data);
    for (const listener of this.#listeners) {
      if (listener.tenant === null || listener.tenant === tenant || (nullMeansEveryone && tenant === null)) listener.send(event, json);
    }
  }
}
