// The request journal kept in the database, so that every replica's calls are visible, in order,
// from any replica. Entries are redacted before they are stored (credentials never reach the
// database). Requests recorded while an insert is in flight go together in the next one; each
// request's answer waits for its own row.
import { redactHeaders, type JournalEntry, type JournalFilter, type JournalRecord } from '../../control/journal.js';
import type { PostgresStore } from './postgres-store.js';

type Stored = Omit<JournalEntry, 'id'>;

interface Pending {
  entry: Stored;
  done: () => void;
}

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
      this.#pending.push({ entry, done });
      this.#flushing ??= this.#flush();
    });
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      try {
        await this.#store.query('INSERT INTO sandbox_journal (entry) SELECT value FROM json_array_elements($1::json)', [JSON.stringify(batch.map((p) => p.entry))]);
        for (const p of batch) p.done();
        if (++this.#inserts % 200 === 0) await this.#trim().catch(() => undefined);
      } catch {
        for (const p of batch) p.done();
      }
    }
    this.#flushing = undefined;
  }

  /** The newest `capacity` entries, oldest first, filtered (as the in-memory ring buffer does). */
  async list(filter: JournalFilter = {}): Promise<JournalEntry[]> {
    const { rows } = await this.#store.query<{ id: number; entry: Stored }>(
      'SELECT id::float8 AS id, entry FROM (SELECT id, entry FROM sandbox_journal ORDER BY id DESC LIMIT $1) newest ORDER BY id',
      [this.capacity],
    );
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

  async clear(): Promise<void> {
    await this.#flushing;
    await this.#store.query('DELETE FROM sandbox_journal');
  }

  #trim(): Promise<unknown> {
    return this.#store.query('DELETE FROM sandbox_journal WHERE id <= (SELECT max(id) FROM sandbox_journal) - $1', [this.capacity]);
  }
}
