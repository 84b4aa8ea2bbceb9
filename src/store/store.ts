// The file engine (and the in-memory one, without a file): the database file through its lowdb
// adapter (durable-json-file.ts), a write-ahead log for durable writes, indexes for reads. Handlers
// ask it through the contract (contract.ts); they never see the adapter, the log or the file.
import { access, constants, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { SCHEMA_VERSION, type Database } from '../model.js';
import type * as contract from './contract.js';
import { StoreWriteError, type Change, type RecordScope, type SandboxStore, type ScopeClash, type StoreHealth, type Write } from './contract.js';
import { scopedReplaceWrite } from './scoped-replace.js';
import { countersOf, type Counters } from './counters.js';
import { databaseOf } from './database-of.js';
import { checkChange } from './change-rules.js';
import { diskIdentity, keepCopyChangedElsewhere, type DiskIdentity } from './changed-elsewhere.js';
import { findDatabaseProblemYielding } from './db-schema.js';
import { removeStaleTempFiles } from './atomic-file.js';
import { lockDataFile, type ReleaseLock } from './data-file-lock.js';
import { RecordTexts, type DatabaseToWrite } from './database-json.js';
import { loadDatabase, loadDataFile, validated } from './load-data-file.js';
import type { LoadTarget } from './load-by-record.js';
import type { TextKeepingJsonFile } from './text-keeping-json-file.js';
import type { WriteAheadLog } from './write-ahead-log.js';
import { DataFileError } from './durable-json-file.js';
import { nodeFileLayer, type FileLayer } from './file-layer.js';
import { GroupCommit, type Outcome } from './group-commit.js';
import { prepareBatch } from './write-batch.js';
import { applyOperation } from './operations.js';
import { Slicer } from '../slices.js';
import { FAST_READ_MODEL } from './read-model/fast.js';
import type { LoadableReadModel, ReadModelKind } from './read-model/read-model.js';
import { describeWriteFailure } from './write-failure.js';
import { assertWritable } from './writable-check.js';

export { DataFileError } from './durable-json-file.js';

export interface StoreOptions {
  /** The database file; without one the store lives in memory only. */
  file?: string | undefined;
  /** The database to start from when there is no file yet (and in memory). */
  initial: () => Database | Promise<Database>;
  /** Log entries after which the log is folded into the database file. */
  checkpointEvery?: number;
  /** The file operations writes go through (tests pass one that fails like a full disk). */
  files?: FileLayer;
  /** Told about what the store did on its own that a user should know (a data file changed by someone else). */
  warn?: (message: string) => void;
  /** The read model kept: the fast indexes unless told otherwise (tests run the reference). */
  readModel?: ReadModelKind | undefined;
}

export class Store implements SandboxStore {
  // Not readonly: a replace builds new indexes beside these and swaps them in once durable.
  #executionThreads: LoadableReadModel['executionThreads'];
  #threads: LoadableReadModel['threads'];
  readonly #readModel: ReadModelKind;
  readonly file: string | undefined;
  #generation = 0;
  #dataFile: TextKeepingJsonFile<DatabaseToWrite> | undefined;
  #log: WriteAheadLog | undefined;
  #commit: GroupCommit<Write<unknown>> | undefined;
  #closed = false;
  /** Why the last durable write failed; cleared by the next one that succeeds. */
  #failure: string | undefined;
  /** Set when the lock on the data file was taken away: no write is safe after that. */
  #lockLost: string | undefined;
  #releaseLock: ReleaseLock | undefined;
  #onDisk: DiskIdentity | undefined;
  /** In memory: the replace under way (writes wait for it; with a file, the commit queue orders them). */
  #replacing: Promise<void> | undefined;
  readonly #checkpointEvery: number;
  readonly #warn: (message: string) => void;

  private constructor(file: string | undefined, checkpointEvery: number, warn: (message: string) => void, readModel: ReadModelKind) {
    this.#readModel = readModel;
    ({ executionThreads: this.#executionThreads, threads: this.#threads } = readModel.empty());
    this.file = file;
    this.#checkpointEvery = checkpointEvery;
    this.#warn = warn;
  }

  /**
   * Opens (or creates) the store. A file that is not a valid database throws a DataFileError naming
   * the file and the first problem; such a file is never written to.
   */
  static async open(options: StoreOptions): Promise<Store> {
    const file = options.file === undefined ? undefined : resolve(options.file);
    const files = options.files ?? nodeFileLayer;
    const store = new Store(file, options.checkpointEvery ?? 50_000, options.warn ?? (() => undefined), options.readModel ?? FAST_READ_MODEL);
    if (!file) {
      const into = store.#loadTarget();
      loadDatabase(into, await validated(await options.initial(), 'the initial data'));
      store.#generation = into.generation;
      return store;
    }
    await assertWritable(file);
    await mkdir(dirname(file), { recursive: true }).catch((error: Error) => {
      throw new DataFileError(file, `its folder cannot be created (${error.message})`);
    });
    // Before the first read: what is read must be what no other process changes meanwhile.
    const release = await lockDataFile(file, (error) => {
      store.#lockLost = `The lock on ${file} was lost (${error.message}); restart thread-sandbox`;
      store.#warn(store.#lockLost);
    });
    try {
      await store.#openFile(file, files, options);
    } catch (error) {
      await release();
      throw error;
    }
    store.#releaseLock = release;
    return store;
  }

  async #openFile(file: string, files: FileLayer, options: StoreOptions): Promise<void> {
    const store = this;
    const into = store.#loadTarget();
    const { adapter, log, onDisk, created } = await loadDataFile(file, files, options.initial, into);
    store.#generation = into.generation;
    store.#onDisk = onDisk;
    try {
      await access(dirname(file), constants.W_OK);
      await log.openForAppend();
      await removeStaleTempFiles(file);
    } catch (error) {
      throw new DataFileError(file, `its folder is not writable (${(error as Error).message})`);
    }
    store.#dataFile = adapter;
    store.#log = log;
    store.#commit = new GroupCommit<Write<unknown>>({
      commit: (writes) => store.#commitBatch(writes),
      checkpoint: () => store.#durably(() => store.#checkpoint(store.#snapshotTexts())),
      wantsCheckpoint: () => log.entries >= store.#checkpointEvery,
    });
    if (created) await store.#commit.checkpoint();
  }

  get inMemory(): boolean {
    return this.file === undefined;
  }

  get executionThreads(): contract.ExecutionThreadReader {
    return this.#executionThreads;
  }

  get threads(): contract.ThreadReader {
    return this.#threads;
  }

  /** Writes can be made durable (false once closed). */
  get writable(): boolean {
    return !this.#closed;
  }

  /** Bumped by every replace (reset, snapshot import): tells whether the data is still what was loaded or created. */
  get generation(): number {
    return this.#generation;
  }

  get commitStats(): { batches: number; writes: number } {
    return this.#commit?.stats ?? { batches: 0, writes: 0 };
  }

  health(): StoreHealth {
    if (this.#closed) return { ready: false, reason: 'The store is closed' };
    if (this.#lockLost !== undefined) return { ready: false, reason: this.#lockLost };
    if (this.#failure !== undefined) return { ready: false, reason: this.#failure };
    return { ready: true };
  }

  sync(): Promise<void> {
    return Promise.resolve();
  }

  // ---- reads ----------------------------------------------------------------------------------

  /** The whole database, in file order. */
  snapshot(): Database {
    return databaseOf(this.#indexes, this.#generation);
  }

  counters(): Counters {
    return countersOf(this.#indexes);
  }

  // ---- writes: each resolves once durable -----------------------------------------------------

  write<T>(write: Write<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreWriteError('The store is closed', undefined, true));
    if (this.#lockLost !== undefined) return Promise.reject(new StoreWriteError(this.#lockLost, undefined, true));
    if (this.#commit) return this.#commit.write<T>(write as Write<unknown>);
    // In memory, during a replace: after it, as the file engine's queue does (applied to the
    // indexes being replaced, it would be acknowledged and then lost).
    if (this.#replacing) return this.#replacing.then(() => this.write(write));
    // In memory: nothing to wait for, so the write is computed and applied at once.
    const [outcome] = this.#prepare([write as Write<unknown>]).outcomes;
    if (!outcome?.ok) return Promise.reject(outcome?.error);
    return Promise.resolve(outcome.value as T);
  }

  /**
   * Replaces everything (reset, import). Throws an Error naming the problem when invalid. The work
   * (checking, writing the file, indexing) runs in slices with turns of the event loop between
   * them, so the server keeps answering meanwhile; reads see the old data until the new file is
   * durable, then the new data at once. A failure changes nothing.
   */
  async replace(data: Database): Promise<void> {
    if (this.#closed) throw new StoreWriteError('The store is closed', undefined, true);
    const slicer = new Slicer();
    const check = async () => {
      const problem = await findDatabaseProblemYielding(data, slicer);
      if (problem) throw new Error(`the new data is not a valid thread-sandbox database: ${problem}`);
    };
    if (!this.#commit) {
      const previous = this.#replacing;
      const replacing = (async () => {
        await previous?.catch(() => undefined);
        await check();
        this.#swapIn(await this.#readModel.build(data, slicer), this.#generation + 1);
      })();
      const settled = replacing.catch(() => undefined);
      this.#replacing = settled;
      void settled.then(() => {
        if (this.#replacing === settled) this.#replacing = undefined;
      });
      return replacing;
    }
    // Queued at once, checked in turn: a write made after this call comes after the reset, even
    // though checking takes many turns of the event loop. The new file first: until it is on disk,
    // memory and the log keep the old state. The generation is taken in turn, so two resets
    // queued together get two generations.
    await this.#commit.exclusive(async () => {
      await check();
      await this.#durably(async () => {
        const indexes = await this.#readModel.build(data, slicer);
        // A whole replace starts the counting over from its data (and the counters it brings).
        const db: Database = { ...data, generation: this.#generation + 1, counters: countersOf(indexes) };
        await this.#checkpoint(db, () => this.#swapIn(indexes, db.generation as number));
      });
    });
  }

  /** See the contract; with a file it runs alone in the commit queue, its changes logged before applied. */
  replaceScoped(scope: RecordScope, data: Database, onClash: (clash: ScopeClash) => void): Promise<void> {
    const write = scopedReplaceWrite(() => this.#indexes, scope, data, onClash);
    // In memory a write is computed and applied at once: alone by nature.
    if (!this.#commit || this.#closed || this.#lockLost !== undefined) return this.write(write);
    return this.#commit.exclusive(async () => {
      const [outcome] = await this.#commitBatch([write]);
      if (outcome && !outcome.ok) throw outcome.error;
      // A large tenant's reset may fill the log at once; a failed checkpoint loses nothing (the log has it all).
      if ((this.#log?.entries ?? 0) >= this.#checkpointEvery) await this.#durably(() => this.#checkpoint(this.#snapshotTexts())).catch(() => undefined);
    });
  }

  #swapIn(indexes: LoadableReadModel, generation: number): void {
    this.#executionThreads = indexes.executionThreads;
    this.#threads = indexes.threads;
    this.#generation = generation;
  }

  /** Resolves when every acknowledged write is on disk and the log is folded into the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      if (this.#commit) {
        await this.#commit.drain();
        if ((this.#log?.entries ?? 0) > 0) {
          // Every acknowledged write is in the log already: a data file that cannot be rewritten
          // now (a full disk) loses nothing, the next start replays the log.
          await this.#commit.checkpoint().catch((error: Error) => {
            this.#warn(`${error.message}; ${this.#log?.file} keeps every write and the next start replays it`);
          });
        }
      }
    } finally {
      this.#closed = true;
      await this.#log?.close();
      await this.#releaseLock?.();
    }
  }

  // ---- internals ------------------------------------------------------------------------------

  /** Computes a batch of writes in order; each sees the changes of those before it. */
  #prepare(writes: readonly Write<unknown>[], apply = true): { outcomes: Outcome[]; changes: Change[] } {
    const prepared = prepareBatch(this.#indexes, writes, checkChange);
    if (apply) for (const c of prepared.changes) applyOperation(this.#indexes, c);
    return prepared;
  }

  async #commitBatch(writes: readonly Write<unknown>[]): Promise<Outcome[]> {
    const { outcomes, changes } = this.#prepare(writes, false);
    if (changes.length > 0) {
      const log = this.#log as WriteAheadLog;
      const g = this.#generation;
      await this.#durably(() => log.append(changes.map((c) => JSON.stringify({ g, ...c }))));
      // Durable: only now does the read model change.
      for (const c of changes) applyOperation(this.#indexes, c);
    }
    return outcomes;
  }

  /** Runs durable work; a failure marks the store not ready and becomes a StoreWriteError. */
  async #durably(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      const failure = describeWriteFailure(error);
      this.#failure = `The last write failed: ${failure.message}`;
      throw new StoreWriteError(`The write was not saved: ${failure.message}`, failure.code);
    }
    this.#failure = undefined;
  }

  get #indexes() {
    return { executionThreads: this.#executionThreads, threads: this.#threads };
  }

  /**
   * snapshot() with each record given as the read model's JSON of it, which is JSON.stringify of
   * the record (compactElement keeps a file's text only when it is): written, it is the same bytes
   * as JSON.stringify(snapshot()) without parsing every record back and serializing it again.
   */
  #snapshotTexts(): DatabaseToWrite {
    return {
      schemaVersion: SCHEMA_VERSION,
      generation: this.#generation,
      counters: this.counters(),
      executionThreads: new RecordTexts(this.#executionThreads.allJson()),
      threads: new RecordTexts(this.#threads.allJson()),
    };
  }

  /** Writes a whole database to the file through its adapter, then (once it is there) empties the log. */
  async #checkpoint(db: DatabaseToWrite, onWritten?: () => void): Promise<void> {
    if (!this.#dataFile || !this.#log || !this.file) return;
    await keepCopyChangedElsewhere(this.file, this.#onDisk, this.#warn);
    await this.#dataFile.write(db);
    this.#onDisk = await diskIdentity(this.file);
    onWritten?.();
    // The file holds every logged change now: a log that cannot be emptied is replayed onto it
    // harmlessly (same changes, same end state, or an older generation that is skipped).
    await this.#log.truncate().catch(() => undefined);
  }

  /** The read model as a load fills it (the caller takes the generation back). */
  #loadTarget(): LoadTarget {
    return { executionThreads: this.#executionThreads, threads: this.#threads, generation: this.#generation };
  }
}
