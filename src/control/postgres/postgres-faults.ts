// Faults kept in the database, so that every replica acts on the same ones and a fault with
// `times: N` fires N times in total: each use is one atomic decrement. Each replica keeps the list
// in memory to match requests without a query, refreshed by sync() whenever the faults' version
// in the counter row moved (a fault added, removed or used up anywhere).
import type { Fault, FaultInput, FaultTarget } from '../faults.js';
import { mulberry32 } from '../../random.js';
import type { PostgresStore } from '../../store/postgres/postgres-store.js';

interface Row {
  id: string;
  fault: FaultInput;
  hits: number;
  remaining: number | null;
  /** The tenant that registered it (null: the admin, for every request). */
  tenant: string | null;
}

const COLUMNS = 'id, fault, hits::float8 AS hits, remaining::float8 AS remaining, tenant';
const LIVE = `SELECT ${COLUMNS} FROM sandbox_faults WHERE remaining IS NULL OR remaining > 0 ORDER BY position`;
/** With a tenant ($n), only the faults it registered. */
const mine = (n: number) => `($${n}::text IS NULL OR tenant = $${n})`;
const BUMP = 'UPDATE sandbox_state SET faults_version = faults_version + 1';

function toFault(row: Row): Fault {
  const fault: Fault = { ...row.fault, id: row.id, hits: row.hits };
  if (row.remaining !== null) fault.remaining = row.remaining;
  return fault;
}

function matches(row: Row, target: FaultTarget & { statuses?: readonly number[] }): boolean {
  const f = row.fault;
  if (row.tenant !== null && row.tenant !== target.tenant) return false;
  if (f.operationId !== undefined && f.operationId !== target.operationId) return false;
  if (f.method !== undefined && f.method !== target.method) return false;
  if (f.path !== undefined && f.path !== target.path && f.path !== target.template) return false;
  if (f.kind === 'status' && target.statuses && !target.statuses.includes(f.status as number)) return false;
  return true;
}

export class PostgresFaults {
  readonly #store: PostgresStore;
  #cached: Row[] = [];
  /** Probability rolls per fault: reproducible per replica (each replica rolls its own sequence). */
  readonly #rolls = new Map<string, () => number>();

  private constructor(store: PostgresStore) {
    this.#store = store;
  }

  static async open(store: PostgresStore): Promise<PostgresFaults> {
    const faults = new PostgresFaults(store);
    await faults.#refresh();
    store.onFaultsChanged(() => faults.#refresh());
    return faults;
  }

  /** Faults this replica knows of (as of the last sync): 0 means no request needs a query. */
  get size(): number {
    return this.#cached.length;
  }

  /** With a tenant, the fault acts only on that tenant's requests. */
  async add(input: FaultInput, tenant: string | null = null): Promise<Fault> {
    const stored: FaultInput = { ...input };
    if (input.method) stored.method = input.method.toUpperCase();
    const { rows } = await this.#store.query<Row>(
      `WITH added AS (
         INSERT INTO sandbox_faults (id, fault, remaining, tenant) VALUES ('fault-' || nextval('sandbox_fault_ids'), $1::json, $2, $3)
         RETURNING ${COLUMNS}),
       bumped AS (${BUMP})
       SELECT * FROM added`,
      [JSON.stringify(stored), input.times ?? null, tenant],
    );
    await this.#refresh();
    return toFault(rows[0] as Row);
  }

  /** Active faults; with a tenant, only those it registered. */
  async list(tenant?: string | null): Promise<Fault[]> {
    const { rows } = await this.#store.query<Row>(LIVE);
    return rows.filter((r) => tenant == null || r.tenant === tenant).map(toFault);
  }

  /** Removes a fault (with a tenant, only one it registered). */
  async remove(id: string, tenant?: string | null): Promise<boolean> {
    const { rows } = await this.#store.query(
      `WITH gone AS (DELETE FROM sandbox_faults WHERE id = $1 AND ${mine(2)} RETURNING id), bumped AS (${BUMP} WHERE EXISTS (SELECT 1 FROM gone)) SELECT id FROM gone`,
      [id, tenant ?? null],
    );
    await this.#refresh();
    return rows.length > 0;
  }

  /** Removes every fault, or with a tenant every fault it registered. */
  async clear(tenant?: string | null): Promise<void> {
    await this.#store.query(`WITH gone AS (DELETE FROM sandbox_faults WHERE ${mine(1)}), bumped AS (${BUMP}) SELECT 1`, [tenant ?? null]);
    await this.#refresh();
  }

  /** The first fault that acts on this request, used up atomically across replicas. */
  async take(target: FaultTarget): Promise<Fault | undefined> {
    for (const row of this.#cached) {
      if (!matches(row, target)) continue;
      if (row.fault.probability !== undefined && this.#roll(row)() >= row.fault.probability) continue;
      // One statement: use one of its times if any are left; the last use bumps the version so
      // that every replica drops it at its next request.
      const { rows } = await this.#store.query<Row>(
        `WITH hit AS (
           UPDATE sandbox_faults SET hits = hits + 1, remaining = remaining - 1
           WHERE id = $1 AND (remaining IS NULL OR remaining > 0)
           RETURNING ${COLUMNS}),
         bumped AS (${BUMP} WHERE EXISTS (SELECT 1 FROM hit WHERE remaining = 0))
         SELECT * FROM hit`,
        [row.id],
      );
      const hit = rows[0];
      if (!hit) {
        // Used up by another replica since our last sync.
        this.#cached = this.#cached.filter((r) => r.id !== row.id);
        continue;
      }
      if (hit.remaining === 0) this.#cached = this.#cached.filter((r) => r.id !== row.id);
      return toFault(hit);
    }
    return undefined;
  }

  #roll(row: Row): () => number {
    let roll = this.#rolls.get(row.id);
    if (!roll) this.#rolls.set(row.id, (roll = mulberry32(row.fault.seed ?? 0)));
    return roll;
  }

  async #refresh(): Promise<void> {
    const { rows } = await this.#store.query<Row>(LIVE);
    this.#cached = rows;
  }
}
