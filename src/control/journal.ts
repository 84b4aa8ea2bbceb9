// The request journal: what was called, with which parameters, and what was answered. A bounded
// ring buffer, newest last. Recording is on every request's path, so an entry keeps what the
// request already had (its headers object, a timestamp) and is turned into its public form, with
// credentials redacted, only when someone reads the journal: most entries are never read.
import type { IncomingHttpHeaders } from 'node:http';

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
}

interface StoredRecord extends JournalRecord {
  id: number;
}

export interface JournalFilter {
  operationId?: string | undefined;
  path?: string | undefined;
  method?: string | undefined;
  /** ISO time; entries at or after it. */
  since?: string | undefined;
}

const SECRET_HEADERS = new Set(['authorization', 'api-token', 'cookie', 'proxy-authorization', 'x-admin-token']);
export const REDACTED = '[REDACTED]';

export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function toEntry(r: StoredRecord): JournalEntry {
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
  readonly #ring: (StoredRecord | undefined)[];
  #next = 0;
  #count = 0;
  #ids = 0;

  constructor(readonly capacity = 1000) {
    this.#ring = new Array<StoredRecord | undefined>(Math.max(0, capacity));
  }

  record(entry: JournalRecord): void {
    if (this.capacity === 0) return;
    this.#ring[this.#next] = { id: ++this.#ids, ...entry };
    this.#next = (this.#next + 1) % this.capacity;
    this.#count = Math.min(this.#count + 1, this.capacity);
  }

  /** Entries oldest first (newest last), filtered. */
  list(filter: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    const since = filter.since === undefined ? undefined : Date.parse(filter.since);
    const method = filter.method?.toUpperCase();
    for (let i = 0; i < this.#count; i++) {
      const e = this.#ring[(this.#next - this.#count + i + this.capacity) % this.capacity];
      if (!e) continue;
      if (filter.operationId !== undefined && e.operationId !== filter.operationId) continue;
      if (filter.path !== undefined && e.path !== filter.path) continue;
      if (method !== undefined && e.method !== method) continue;
      if (since !== undefined && e.timeMs < since) continue;
      out.push(toEntry(e));
    }
    return out;
  }

  clear(): void {
    this.#ring.fill(undefined);
    this.#next = 0;
    this.#count = 0;
  }
}
