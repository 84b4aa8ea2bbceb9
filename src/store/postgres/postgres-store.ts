// The PostgreSQL engine: every replica keeps the same in-memory read model as the file engine and
// brings it up to date from the database. Per request, sync() asks one cheap question (the change
// counter) and replays the changes it has not seen. A write runs in one transaction that holds the
// counter row's lock, catches up with the log, computes the write from current state, writes the
// rows and the change, commits, and only then changes the read model and answers.
import type pg from 'pg';
import type { Database } from '../../model.js';
import type * as contract from '../contract.js';
import { StoreWriteError, type RecordScope, type SandboxStore, type ScopeClash, type StoreHealth, type Write } from '../contract.js';
import { scopedReplaceWrite } from '../scoped-replace.js';
import { countersOf, type Counters } from '../counters.js';
import { databaseOf } from '../database-of.js';
import { loadDatabase } from '../load-data-file.js';
import { findDatabaseProblemYielding } from '../db-schema.js';
import { FAST_READ_MODEL } from '../read-model/fast.js';
import type { LoadableReadModel, ReadModelKind } from '../read-model/read-model.js';
import { Slicer } from '../../slices.js';
import { applyOperation } from '../operations.js';
import { StoreUnavailableError } from '../store-unavailable.js';
import { checkChange } from '../change-rules.js';
import { createPool, describeUrl, unavailableOr, withClient, type ConnectionOptions } from './connection.js';
import { migrate } from './migrations.js';
import { checkSchema } from './schema-check.js';
import { startFailure, targetOf, type StartStep } from './start-errors.js';
import { seedOnce } from './seed-once.js';
import { GroupCommit } from '../group-commit.js';
import { prepareBatch, type Outcome } from '../write-batch.js';
import { commitChanges, commitReplacement } from './commit-sql.js';
import { readChangesAfter, readCounter, readEverything, type Counter, type LoggedChange } from './shared-state.js';

export interface PostgresStoreOptions extends ConnectionOptions {
  /** The data of a database that was never seeded (fixtures or the configured seed). */
  initial: () => Database | Promise<Database>;
  /** The v0 page-token secret to store when the database has none yet. */
  cursorSecret: string;
  /** Changes kept in the log for replicas that fell behind (older ones make them reload). */
  keepChanges?: number;
  /** The read model kept: the fast indexes unless told otherwise (tests run the reference). */
  readModel?: ReadModelKind | undefined;
}

const noop = () => undefined;

export class PostgresStore implements SandboxStore {
  readonly inMemory = false;
  // Not readonly: a replace builds new indexes beside these and swaps them in once committed.
  #executionThreads: LoadableReadModel['executionThreads'];
  #threads: LoadableReadModel['threads'];
  readonly #readModel: ReadModelKind;
  readonly #pool: pg.Pool;
  readonly #where: string;
  readonly #keepChanges: number;
  /** Where the read model stands: the generation and the last change applied (-1: nothing loaded). */
  #generation = -1;
  #seq = -1;
  #faultsVersion = -1;
  #cursorSecret = '';
  #replicaNumber = 0;
  #failure: string | undefined;
  #closed = false;
  #inFlight: Promise<void> | undefined;
  #queuedSync: Promise<void> | undefined;
  // The file engine's group commit; PostgreSQL has no checkpoint (its change log is pruned in the writes).
  readonly #queue = new GroupCommit<Write<unknown>>({ commit: (writes) => this.#commitBatch(writes), checkpoint: async () => undefined, wantsCheckpoint: () => false });
  #writesSincePrune = 0;
  readonly #faultsListeners: (() => Promise<void>)[] = [];

  private constructor(pool: pg.Pool, where: string, options: PostgresStoreOptions) {
    this.#pool = pool;
    this.#where = where;
    this.#keepChanges = options.keepChanges ?? 10_000;
    this.#readModel = options.readModel ?? FAST_READ_MODEL;
    ({ executionThreads: this.#executionThreads, threads: this.#threads } = this.#readModel.empty());
  }

  /**
   * Connects, migrates the schema, seeds a database that never was, and loads the read model.
   * Throws when the database cannot be reached or its schema is newer than this code.
   */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const pool = createPool(options);
    const store = new PostgresStore(pool, describeUrl(options.url), options);
    // Named in the error: where a start failed says what to fix.
    let step: StartStep = 'connecting';
    try {
      await withClient(pool, async (client) => {
        step = 'creating the tables';
        await migrate(client);
        step = 'checking the tables';
        await checkSchema(client);
        step = 'seeding the data';
        const started = await seedOnce(client, options);
        store.#cursorSecret = started.cursorSecret;
        store.#replicaNumber = started.replicaNumber;
      });
      step = 'loading the data';
      await store.#reload();
    } catch (error) {
      await pool.end().catch(noop);
      throw startFailure(error, step, targetOf(options.url, store.#where));
    }
    return store;
  }

  get executionThreads(): contract.ExecutionThreadReader {
    return this.#executionThreads;
  }

  /** The database's data generation as of the last sync: bumped by every replace (reset, seed, import). */
  get generation(): number {
    return this.#generation;
  }

  get threads(): contract.ThreadReader {
    return this.#threads;
  }

  /** The v0 page-token secret every replica of this database signs with. */
  get cursorSecret(): string {
    return this.#cursorSecret;
  }

  /** This replica's start among all starts on this database (0 for the first). */
  get replicaNumber(): number {
    return this.#replicaNumber;
  }

  /** One statement on the pool; a lost database becomes a StoreUnavailableError. */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.#contact(() => this.#pool.query<R>(text, values));
  }

  /** Where the database is, for messages (no password). */
  get where(): string {
    return this.#where;
  }

  /** Called after a sync saw the faults change (another replica added, removed or used one up). */
  onFaultsChanged(listener: () => Promise<void>): void {
    this.#faultsListeners.push(listener);
  }

  health(): StoreHealth {
    if (this.#closed) return { ready: false, reason: 'The store is closed' };
    if (this.#failure !== undefined) return { ready: false, reason: this.#failure };
    return { ready: true };
  }

  snapshot(): Database {
    return databaseOf(this.#indexes, this.#generation);
  }

  counters(): Counters {
    return countersOf(this.#indexes);
  }

  // ---- sync -----------------------------------------------------------------------------------

  /**
   * Brings the read model up to what the database holds now. Concurrent callers share queries: a
   * caller that arrives while one is in flight waits for the next one, which starts after it
   * arrived and so sees every write acknowledged before it.
   */
  sync(): Promise<void> {
    if (this.#closed) return Promise.reject(new StoreUnavailableError('The store is closed'));
    if (this.#inFlight === undefined) return this.#startSync();
    this.#queuedSync ??= this.#inFlight.then(noop, noop).then(() => {
      this.#queuedSync = undefined;
      return this.#inFlight ?? this.#startSync();
    });
    return this.#queuedSync;
  }

  #startSync(): Promise<void> {
    const run = this.#contact(async () => {
      const counter = await readCounter(this.#pool);
      await this.#catchUp(this.#pool, counter);
    }).finally(() => {
      if (this.#inFlight === run) this.#inFlight = undefined;
    });
    this.#inFlight = run;
    return run;
  }

  /** Applies what the counter says is new: the changes after ours, or everything after a reset. */
  async #catchUp(db: pg.Pool | pg.PoolClient, counter: Counter): Promise<void> {
    if (counter.faultsVersion !== this.#faultsVersion) {
      for (const listener of this.#faultsListeners) await listener();
      this.#faultsVersion = counter.faultsVersion;
    }
    if (counter.generation === this.#generation && counter.seq <= this.#seq) return;
    if (counter.generation !== this.#generation) return this.#reload(db);
    const changes = await readChangesAfter(db, this.#seq);
    // A gap means the log was pruned past us, or a reset happened in between: load everything.
    if (!this.#applyChanges(changes)) await this.#reload(db);
  }

  /** Applies logged changes in order; false when they do not follow on from the read model. */
  #applyChanges(changes: readonly LoggedChange[]): boolean {
    for (const { seq, change } of changes) {
      if (seq <= this.#seq) continue;
      if (seq !== this.#seq + 1) return false;
      applyOperation(this.#indexes, change);
      this.#seq = seq;
    }
    return true;
  }

  async #reload(db?: pg.Pool | pg.PoolClient): Promise<void> {
    if (db && 'release' in db) {
      // Inside the writer's transaction, on the connection holding its lock: it already sees the
      // latest committed state.
      this.#load(await readEverything(db, false));
      return;
    }
    // A transaction needs a connection of its own.
    const { counter, db: data } = await withClient(this.#pool, (client) => readEverything(client));
    // A reload that started before a newer state was applied here must not roll it back. The
    // sequence only grows (a reset takes a number too), so it alone says which is newer.
    if (counter.seq > this.#seq) this.#load({ counter, db: data });
  }

  #load({ counter, db }: { counter: Counter; db: Database }): void {
    // From empty indexes, counting on from the stored counters, not the rows: a deleted record's id
    // or uid stays used. The generation is the counter's, not the rows'.
    loadDatabase({ ...this.#indexes, generation: 0 }, db);
    this.#generation = counter.generation;
    this.#seq = counter.seq;
  }

  get #indexes() {
    return { executionThreads: this.#executionThreads, threads: this.#threads };
  }

  // ---- writes ---------------------------------------------------------------------------------

  write<T>(write: Write<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreWriteError('The store is closed', undefined, true));
    return this.#queue.write(write);
  }

  async #commitBatch(writes: readonly Write<unknown>[]): Promise<Outcome[]> {
    return this.#transaction(async (client, counter) => {
      const { outcomes, changes } = prepareBatch(this.#indexes, writes, checkChange);
      if (changes.length === 0) return { outcomes, commit: false };
      const prune = ++this.#writesSincePrune >= 1000;
      if (prune) this.#writesSincePrune = 0;
      const seq = await commitChanges(client, changes, counter, (id) => this.#threads.get(id) !== undefined, prune ? this.#keepChanges : undefined);
      return {
        outcomes,
        commit: true,
        // Committed: now the read model, unless a sync already fetched these very changes.
        after: () => {
          if (this.#seq !== counter.seq || this.#generation !== counter.generation) return;
          for (const c of changes) applyOperation(this.#indexes, c);
          this.#seq = seq;
        },
      };
    });
  }

  /** See the contract: one transaction deleting and putting the scope's rows, logged as changes other replicas replay. */
  async replaceScoped(scope: RecordScope, data: Database, onClash: (clash: ScopeClash) => void): Promise<void> {
    if (this.#closed) throw new StoreWriteError('The store is closed', undefined, true);
    // Computed inside the transaction, after the read model caught up under the counter row's lock.
    const write = scopedReplaceWrite(() => this.#indexes, scope, data, onClash);
    let done: Outcome | undefined;
    // A transaction of its own, after the writes queued before it and before those after it.
    await this.#queue.exclusive(async () => void ([done] = await this.#commitBatch([write])));
    if (done && !done.ok) throw done.error;
  }

  /** Replaces everything in one transaction: a new generation that every replica loads whole. */
  replace(data: Database): Promise<void> {
    if (this.#closed) return Promise.reject(new StoreWriteError('The store is closed', undefined, true));
    // Queued at once, checked in turn (in slices, so the server keeps answering): a write made
    // after this call comes after the replacement.
    return this.#queue.exclusive(() => this.#replaceNow(data));
  }

  async #replaceNow(data: Database): Promise<void> {
    const slicer = new Slicer();
    const problem = await findDatabaseProblemYielding(data, slicer);
    if (problem) throw new Error(`the new data is not a valid thread-sandbox database: ${problem}`);
    // Built before the transaction, beside the served read model: the lock is held only for the rows.
    const indexes = await this.#readModel.build(data, slicer);
    return this.#transaction(async (client, counter) => {
      const { generation, seq } = await commitReplacement(client, data, counter);
      return {
        outcomes: undefined,
        commit: true,
        after: () => {
          this.#executionThreads = indexes.executionThreads;
          this.#threads = indexes.threads;
          this.#generation = generation;
          this.#seq = seq;
        },
      };
    });
  }

  /**
   * Runs work in a transaction holding the counter row's lock (all writers of this database take
   * turns on it), after catching the read model up. `after` runs once the commit is acknowledged.
   */
  async #transaction<R>(work: (client: pg.PoolClient, counter: Counter) => Promise<{ outcomes: R; commit: boolean; after?: () => void }>): Promise<R> {
    return this.#contact(() =>
      withClient(this.#pool, async (client) => {
        try {
          await client.query('BEGIN');
          // The row lock is the write lock: one statement both waits for it and reads the latest counter.
          const counter = await readCounter(client, true);
          await this.#catchUp(client, counter);
          const done = await work(client, counter);
          await client.query(done.commit ? 'COMMIT' : 'ROLLBACK');
          done.after?.();
          return done.outcomes;
        } catch (error) {
          await client.query('ROLLBACK').catch(noop);
          throw error;
        }
      }),
    );
  }

  /** Runs database work: a lost database becomes a StoreUnavailableError and marks the store not ready. */
  async #contact<T>(work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.#failure = undefined;
      return result;
    } catch (error) {
      const e = unavailableOr(error, this.#where);
      if (e instanceof StoreUnavailableError) this.#failure = e.message;
      throw e;
    }
  }

  /** Waits for queued writes, then lets the connections go; later writes are refused. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#queue.drain();
    this.#closed = true;
    await this.#inFlight?.catch(noop);
    await this.#pool.end().catch(noop);
  }
}
