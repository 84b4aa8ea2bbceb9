// The request journal: what was called, with which parameters, and what was answered. A bounded
// ring buffer per tenant (see tenant-rings.ts), newest last. Recording is on every request's path, so an entry keeps what the
// request already had (its headers object, a timestamp) and is turned into its public form, with
// credentials redacted, only when someone reads the journal: most entries are never read.
import type { OperationId } from './operation-id.js';
import type { IncomingHttpHeaders } from 'node:http';
import { parseQuery } from '../openapi/query.js';
import { TenantRings } from './tenant-rings.js';

export interface JournalEntry {
  id: number;
  time: string;
  api: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  operationId: string | null;
  status: number;
  durationMs: number;
  validationErrors: string[];
  fault: string | null;
}

/** What a request leaves in the ring: cheap to record. */
export interface JournalRecord extends Omit<JournalEntry, 'id' | 'time' | 'headers'> {
  timeMs: number;
  /** The request's own headers, redacted when read. */
  headers: IncomingHttpHeaders;
  /** The tenant whose token the request carried (null: none, or no tenants configured). */
  tenant?: string | null;
  /**
   * The query string `query` was parsed from (parseQuery). When given, the in-memory journal keeps
   * this string instead of the parsed object and parses it again when read.
   */
  rawQuery?: string;
}

/** A record as kept: matchers read it (real header values), readers get toEntry() of it. */
export interface StoredRecord extends JournalRecord {
  readonly id: number;
}

type Listener = (record: StoredRecord) => void;

/** No validation errors: one array for every record that has none. */
export const NO_ERRORS: string[] = Object.freeze([]) as unknown as string[];

/**
 * A record as the in-memory journal keeps it: every entry survives into the old generation (the
 * ring holds the last thousand requests), so it holds the query string rather than its parsed,
 * prototype-less object (a dictionary: the largest part of an entry), and nothing else extra.
 */
class CompactRecord implements StoredRecord {
  readonly id: number;
  readonly timeMs: number;
  readonly api: string;
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly headers: IncomingHttpHeaders;
  readonly operationId: string | null;
  readonly status: number;
  readonly durationMs: number;
  readonly validationErrors: string[];
  readonly fault: string | null;
  readonly tenant: string | null;

  constructor(id: number, r: JournalRecord & { rawQuery: string }) {
    this.id = id;
    this.timeMs = r.timeMs;
    this.api = r.api;
    this.method = r.method;
    this.path = r.path;
    this.rawQuery = r.rawQuery;
    this.headers = r.headers;
    this.operationId = r.operationId;
    this.status = r.status;
    this.durationMs = r.durationMs;
    this.validationErrors = r.validationErrors.length === 0 ? NO_ERRORS : r.validationErrors;
    this.fault = r.fault;
    this.tenant = r.tenant ?? null;
  }

  get query(): Record<string, string | string[]> {
    return parseQuery(this.rawQuery);
  }
}

export interface JournalFilter {
  operationId?: OperationId | undefined;
  path?: string | undefined;
  method?: string | undefined;
  /** ISO time; entries at or after it. */
  since?: string | undefined;
}

/** Headers whose values are credentials: never shown. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set(['authorization', 'api-token', 'cookie', 'proxy-authorization', 'x-admin-token']);
export const REDACTED = '[REDACTED]';

export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** A record as readers see it: a plain object, credentials redacted. */
export function toEntry(r: StoredRecord): JournalEntry {
  return {
    id: r.id,
    time: new Date(r.timeMs).toISOString(),
    api: r.api,
    method: r.method,
    path: r.path,
    // The parsed query has no prototype (so that `__proto__` is just a name); entries are plain objects.
    query: { ...r.query },
    headers: redactHeaders(r.headers),
    operationId: r.operationId,
    status: r.status,
    durationMs: r.durationMs,
    validationErrors: r.validationErrors,
    fault: r.fault,
  };
}

export class Journal {
  readonly #rings: TenantRings<StoredRecord>;
  #ids = 0;
  readonly #listeners = new Set<Listener>();

  /** `capacity` requests kept per tenant (and as many for requests without one). */
  constructor(readonly capacity = 1000) {
    this.#rings = new TenantRings<StoredRecord>(Math.max(0, capacity));
  }

  record(entry: JournalRecord): void {
    const stored: StoredRecord = entry.rawQuery === undefined ? { id: ++this.#ids, ...entry } : new CompactRecord(++this.#ids, entry as JournalRecord & { rawQuery: string });
    if (this.#listeners.size > 0) for (const listener of this.#listeners) listener(stored);
    this.#rings.push(stored.tenant ?? null, stored);
  }

  /** Calls `listener` with each request recorded from now on; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The records oldest first; with a tenant, only its own requests. */
  records(tenant?: string | null): StoredRecord[] {
    return this.#rings.items(tenant);
  }

  /** Entries oldest first (newest last), filtered; with a tenant, only its own requests. */
  list(filter: JournalFilter = {}, tenant?: string | null): JournalEntry[] {
    const since = filter.since === undefined ? undefined : Date.parse(filter.since);
    const method = filter.method?.toUpperCase();
    const out: JournalEntry[] = [];
    for (const e of this.#rings.items(tenant)) {
      if (filter.operationId !== undefined && e.operationId !== filter.operationId) continue;
      if (filter.path !== undefined && e.path !== filter.path) continue;
      if (method !== undefined && e.method !== method) continue;
      if (since !== undefined && e.timeMs < since) continue;
      out.push(toEntry(e));
    }
    return out;
  }

  /** Forgets every request, or with a tenant only that tenant's. */
  clear(tenant?: string | null): void {
    this.#rings.clear(tenant);
  }
}
