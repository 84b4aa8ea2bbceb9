// The request journal kept in the database, so that every replica's calls are visible, in order,
// from any replica. Entries are redacted before they are stored; the headers as sent are kept
// beside them for matchers only (find/count compare credentials by value), never shown. Requests recorded while an insert is in flight go together in the next one; each
// request's answer waits for its own row.
import { redactHeaders, type JournalEntry, type JournalFilter, type JournalRecord, type StoredRecord } from '../journal.js';
import type { PostgresStore } from '../../store/postgres/postgres-store.js';

type Stored = Omit<JournalEntry, 'id'>;

interface Pending {
  entry: Stored;
  headers: JournalRecord['headers'];
  tenant: string | null;
  done: () => void;
}

interface Row {
  id: number;
  entry: Stored;
  headers: JournalRecord['headers'] | null;
  tenant: string | null;
}

// Each tenant's journal is its own: the newest `capacity` entries per tenant (requests without a
// tenant count as one more), as the in-memory TenantRings keep them. A tenant reads its own; the
// admin reads every tenant's, merged in id order.
const NEWEST_OF_EACH = `SELECT id::float8 AS id, entry, headers, tenant FROM (
    SELECT id, entry, headers, tenant, row_number() OVER (PARTITION BY tenant ORDER BY id DESC) AS age FROM sandbox_journal
  ) ranked WHERE age <= $1 ORDER BY id`;
const NEWEST_OF_ONE = `SELECT id::float8 AS id, entry, headers, tenant FROM (
    SELECT id, entry, headers, tenant FROM sandbox_journal WHERE tenant = $2 ORDER BY id DESC LIMIT $1
  ) newest ORDER BY id`;
const TRIM = `DELETE FROM sandbox_journal WHERE id IN (
    SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY tenant ORDER BY id DESC) AS age FROM sandbox_journal) ranked WHERE age > $1
  )`;

export class PostgresJournal {
  readonly #store: PostgresStore;
  readonly capacity: number;
  #pending: Pending[] = [];
  #flushing: Promise<void> | undefined;
  #inserts = 0;

  constructor(store: PostgresStore, capacity = 1000) {
    this.#store = store;
    this.capacity = capacity;
  }

  /**
   * Resolves once the entry is in the database, or once it could not be stored (the database is
   * away: the store's health says so); never rejects, so an unheeded promise cannot end the process.
   */
  record(r: JournalRecord): Promise<void> {
    if (this.capacity === 0) return Promise.resolve();
    const entry: Stored = {
      time: new Date(r.timeMs).toISOString(),
      api: r.api,
      method: r.method,
      path: r.path,
      query: { ...r.query },
      headers: redactHeaders(r.headers as Record<string, string | string[] | undefined>),
      operationId: r.operationId,
      status: r.status,
      durationMs: r.durationMs,
      validationErrors: r.validationErrors,
      fault: r.fault,
    };
    return new Promise((done) => {
      this.#pending.push({ entry, headers: r.headers, tenant: r.tenant ?? null, done });
      this.#flushing ??= this.#flush();
    });
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      try {
        await this.#store.query(
          `INSERT INTO sandbox_journal (entry, headers, tenant)
           SELECT value->'entry', value->'headers', value->>'tenant' FROM json_array_elements($1::json) WITH ORDINALITY AS e(value, n) ORDER BY n`,
          [JSON.stringify(batch.map((p) => ({ entry: p.entry, headers: p.headers, tenant: p.tenant })))],
        );
        for (const p of batch) p.done();
        if (++this.#inserts % 200 === 0) await this.#trim().catch(() => undefined);
      } catch {
        for (const p of batch) p.done();
      }
    }
    this.#flushing = undefined;
  }

  /** A tenant's newest `capacity` entries (every tenant's without one), oldest first, filtered. */
  async list(filter: JournalFilter = {}, tenant?: string | null): Promise<JournalEntry[]> {
    const rows = await this.#newest(tenant);
    const since = filter.since === undefined ? undefined : Date.parse(filter.since);
    const method = filter.method?.toUpperCase();
    return rows
      .filter(({ entry: e }) => {
        if (filter.operationId !== undefined && e.operationId !== filter.operationId) return false;
        if (filter.path !== undefined && e.path !== filter.path) return false;
        if (method !== undefined && e.method !== method) return false;
        return since === undefined || Date.parse(e.time) >= since;
      })
      .map(({ id, entry }) => ({ id, ...entry }));
  }

  /** The records for matchers (find, count): the headers as sent, redacted only when shown. */
  async records(tenant?: string | null): Promise<StoredRecord[]> {
    return (await this.#newest(tenant)).map(({ id, entry: e, headers, tenant: t }) => {
      const { time, ...rest } = e;
      return { ...rest, headers: headers ?? e.headers, id, timeMs: Date.parse(time), tenant: t };
    });
  }

  /** Forgets every request, or with a tenant only that tenant's. */
  async clear(tenant?: string | null): Promise<void> {
    await this.#flushing;
    if (tenant == null) await this.#store.query('DELETE FROM sandbox_journal');
    else await this.#store.query('DELETE FROM sandbox_journal WHERE tenant = $1', [tenant]);
  }

  async #newest(tenant: string | null | undefined): Promise<Row[]> {
    // Entries being inserted are part of the journal already (their requests' answers wait for them).
    await this.#flushing;
    const { rows } = tenant == null ? await this.#store.query<Row>(NEWEST_OF_EACH, [this.capacity]) : await this.#store.query<Row>(NEWEST_OF_ONE, [this.capacity, tenant]);
    return rows;
  }

  #trim(): Promise<unknown> {
    return this.#store.query(TRIM, [this.capacity]);
  }
}
