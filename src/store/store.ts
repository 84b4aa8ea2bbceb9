// The file engine (and the in-memory one, without a file): lowdb for the database file, a
// write-ahead log for durable writes, indexes for reads. Handlers ask it through the contract
// (contract.ts); they never see lowdb, the log or the file.
import { access, constants, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Low } from 'lowdb';
import { SCHEMA_VERSION, type Database, type ExecutionThreadRecord, type MessageRecord, type ThreadRecord } from '../model.js';
import { compareMessages } from '../thread-view.js';
import * as contract from './contract.js';
import { StoreRecordError, StoreWriteError, type Change, type SandboxStore, type StoreHealth, type Write, type WriteState } from './contract.js';
import { findChangeProblem, findDatabaseProblem, findDuplicateProblem, findShapeProblem } from './db-schema.js';
import { removeStaleTempFiles } from './atomic-file.js';
import { DataFileError, DurableJsonFile } from './durable-json-file.js';
import { ExecutionThreadIndex } from './execution-thread-index.js';
import { nodeFileLayer, type FileLayer } from './file-layer.js';
import { GroupCommit, type Outcome } from './group-commit.js';
import { applyOperation } from './operations.js';
import { PendingState } from './pending-state.js';
import { ThreadIndex } from './thread-index.js';
import { describeWriteFailure } from './write-failure.js';
import { WriteAheadLog, type LogLine } from './write-ahead-log.js';

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
}

export class Store implements SandboxStore {
  readonly #executionThreads = new ExecutionThreadIndex();
  readonly #threads = new ThreadIndex();
  readonly file: string | undefined;
  #generation = 0;
  #low: Low<Database> | undefined;
  #log: WriteAheadLog | undefined;
  #commit: GroupCommit<Write<unknown>> | undefined;
  #closed = false;
  /** Why the last durable write failed; cleared by the next one that succeeds. */
  #failure: string | undefined;
  readonly #checkpointEvery: number;
  readonly #files: FileLayer;

  private constructor(file: string | undefined, checkpointEvery: number, files: FileLayer) {
    this.file = file;
    this.#checkpointEvery = checkpointEvery;
    this.#files = files;
  }

  /**
   * Opens (or creates) the store. A file that is not a valid database throws a DataFileError naming
   * the file and the first problem; such a file is never written to.
   */
  static async open(options: StoreOptions): Promise<Store> {
    const file = options.file === undefined ? undefined : resolve(options.file);
    const files = options.files ?? nodeFileLayer;
    const store = new Store(file, options.checkpointEvery ?? 50_000, files);
    if (!file) {
      store.#load(await validated(await options.initial(), 'the initial data'));
      return store;
    }
    const adapter = new DurableJsonFile<Database>(file, files);
    const low = new Low<Database>(adapter, null as unknown as Database);
    await low.read();
    const log = new WriteAheadLog(`${file}.wal`, files);
    let created = false;
    if (low.data === null) {
      await mkdir(dirname(file), { recursive: true }).catch((error: Error) => {
        throw new DataFileError(file, `its folder cannot be created (${error.message})`);
      });
      store.#load(await validated(await options.initial(), 'the initial data'));
      created = true;
    } else {
      const problem = findShapeProblem(low.data);
      if (problem) throw new DataFileError(file, `is not a valid thread-sandbox database: ${problem}`);
      store.#load(low.data);
      // The indexes are keyed by id: fewer entries than records means an id is used twice, and only
      // then does the slower pass run, for the message. The store is thrown away with the error.
      if (!store.#holdsEveryRecordOf(low.data)) {
        // Named from the file as it is: loading sorted messages in place, so positions moved.
        const asInFile = (await adapter.read()) ?? low.data;
        throw new DataFileError(file, `is not a valid thread-sandbox database: ${findDuplicateProblem(asInFile) ?? 'an id is used twice'}`);
      }
      store.#replay(log.file, await log.readLines());
    }
    try {
      await access(dirname(file), constants.W_OK);
      await log.openForAppend();
      await removeStaleTempFiles(file);
    } catch (error) {
      throw new DataFileError(file, `its folder is not writable (${(error as Error).message})`);
    }
    store.#low = low;
    store.#log = log;
    store.#commit = new GroupCommit<Write<unknown>>({
      commit: (writes) => store.#commitBatch(writes),
      checkpoint: () => store.#durably(() => store.#checkpoint(store.snapshot())),
      wantsCheckpoint: () => log.entries >= store.#checkpointEvery,
    });
    if (created) await store.#commit.checkpoint();
    return store;
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

  get commitStats(): { batches: number; writes: number } {
    return this.#commit?.stats ?? { batches: 0, writes: 0 };
  }

  health(): StoreHealth {
    if (this.#closed) return { ready: false, reason: 'The store is closed' };
    if (this.#failure !== undefined) return { ready: false, reason: this.#failure };
    return { ready: true };
  }

  sync(): Promise<void> {
    return Promise.resolve();
  }

  // ---- reads ----------------------------------------------------------------------------------

  /** The whole database, in file order. */
  snapshot(): Database {
    return {
      schemaVersion: SCHEMA_VERSION,
      generation: this.#generation,
      executionThreads: this.#executionThreads.all(),
      threads: this.#threads.all(),
    };
  }

  // ---- writes: each resolves once durable -----------------------------------------------------

  write<T>(write: Write<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreWriteError('The store is closed', undefined, true));
    if (this.#commit) return this.#commit.write<T>(write as Write<unknown>);
    // In memory: nothing to wait for, so the write is computed and applied at once.
    const [outcome] = this.#prepare([write as Write<unknown>]).outcomes;
    if (!outcome?.ok) return Promise.reject(outcome?.error);
    return Promise.resolve(outcome.value as T);
  }

  putExecutionThread(record: ExecutionThreadRecord): Promise<void> {
    return contract.putExecutionThread(this, record);
  }

  deleteExecutionThread(id: number): Promise<boolean> {
    return contract.deleteExecutionThread(this, id);
  }

  /** Inserts or replaces a thread; its messages are put in order (oldest first). */
  putThread(thread: ThreadRecord): Promise<void> {
    return contract.putThread(this, thread);
  }

  deleteThread(id: string): Promise<boolean> {
    return contract.deleteThread(this, id);
  }

  /** Replaces everything (reset, import). Throws an Error naming the problem when invalid. */
  async replace(data: Database): Promise<void> {
    const problem = findDatabaseProblem(data);
    if (problem) throw new Error(`the new data is not a valid thread-sandbox database: ${problem}`);
    if (this.#closed) throw new StoreWriteError('The store is closed', undefined, true);
    const next: Database = { ...data, generation: this.#generation + 1 };
    if (!this.#commit) return this.#load(next);
    // The new file first: until it is on disk, memory and the log keep the old state.
    await this.#commit.exclusive(() =>
      this.#durably(async () => {
        await this.#checkpoint(next, () => this.#load(next));
      }),
    );
  }

  /** Resolves when every acknowledged write is on disk and the log is folded into the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      if (this.#commit) {
        await this.#commit.drain();
        if ((this.#log?.entries ?? 0) > 0) await this.#commit.checkpoint();
      }
    } finally {
      this.#closed = true;
      await this.#log?.close();
    }
  }

  // ---- internals ------------------------------------------------------------------------------

  /** Computes a batch of writes in order; each sees the changes of those before it. */
  #prepare(writes: readonly Write<unknown>[], apply = true): { outcomes: Outcome[]; changes: Change[] } {
    const state = new PendingState({ executionThreads: this.#executionThreads, threads: this.#threads });
    const outcomes: Outcome[] = [];
    const changes: Change[] = [];
    for (const write of writes) {
      try {
        const plan = write(state);
        const own = plan.changes.map(stored);
        for (const c of own) checkChange(c, state);
        state.add(own);
        changes.push(...own);
        outcomes.push({ ok: true, value: plan.result });
      } catch (error) {
        outcomes.push({ ok: false, error: error as Error });
      }
    }
    if (apply) for (const c of changes) applyOperation(this.#indexes, c);
    return { outcomes, changes };
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

  /** Writes a whole database to the file, then (once it is there) empties the log. */
  async #checkpoint(db: Database, onWritten?: () => void): Promise<void> {
    if (!this.#low || !this.#log) return;
    this.#low.data = db;
    await this.#low.write();
    onWritten?.();
    // The file holds every logged change now: a log that cannot be emptied is replayed onto it
    // harmlessly (same changes, same end state, or an older generation that is skipped).
    await this.#log.truncate().catch(() => undefined);
  }

  #load(db: Database): void {
    this.#executionThreads.clear();
    this.#threads.clear();
    this.#generation = db.generation ?? 0;
    this.#executionThreads.load(db.executionThreads);
    // Files this sandbox wrote are in order already: checking is cheaper than sorting.
    for (const t of db.threads) if (!inOrder(t.messages)) t.messages.sort(compareMessages);
    this.#threads.load(db.threads);
  }

  #holdsEveryRecordOf(db: Database): boolean {
    let messages = 0;
    for (const t of db.threads) messages += t.messages.length;
    return this.#executionThreads.size === db.executionThreads.length && this.#threads.size === db.threads.length && this.#threads.messages.size === messages;
  }

  /** Applies the log's lines of this generation; any line that is not a valid change stops the start. */
  #replay(file: string, lines: readonly LogLine[]): void {
    const state = new PendingState(this.#indexes);
    for (const { line, value } of lines) {
      const g = (value as { g?: unknown } | null)?.g;
      let problem = typeof g === 'number' && Number.isInteger(g) && g >= 0 ? findChangeProblem(value) : "has no generation ('g', an integer from 0)";
      const { g: _g, ...change } = (problem === null ? value : {}) as Change & { g: number };
      if (problem === null && g !== this.#generation) continue;
      if (problem === null) {
        try {
          checkChange(change as Change, state);
        } catch (error) {
          problem = (error as Error).message;
        }
      }
      if (problem !== null) throw new DataFileError(file, `line ${line} is not a valid log record: ${problem}`);
      const stable = stored(change as Change);
      state.add([stable]);
      applyOperation(this.#indexes, stable);
    }
  }
}

/** The record as the store keeps it: a copy (stored records are never edited in place), messages in order. */
export function stored(c: Change): Change {
  if (c.op === 'putExecutionThread') return { op: c.op, record: { ...c.record } };
  if (c.op === 'putThread') return { op: c.op, thread: { ...c.thread, messages: [...c.thread.messages].sort(compareMessages) } };
  return c;
}

/** Refuses a change that would make the database fail to load: the same rules as the file. */
export function checkChange(c: Change, state: WriteState): void {
  const problem = findChangeProblem(c);
  if (problem) throw new StoreRecordError(`${c.op} ${problem}`);
  if (c.op !== 'putThread') return;
  const seen = new Set<string>();
  for (const m of c.thread.messages) {
    const holder = state.threadOfMessage(m.message_id);
    if ((holder !== undefined && holder !== c.thread.thread_id) || seen.has(m.message_id)) {
      throw new StoreRecordError(`putThread: message_id '${m.message_id}' is used twice${holder && holder !== c.thread.thread_id ? ` (thread '${holder}' holds it)` : ''}`);
    }
    seen.add(m.message_id);
  }
}

function inOrder(messages: readonly MessageRecord[]): boolean {
  for (let i = 1; i < messages.length; i++) if (compareMessages(messages[i - 1] as MessageRecord, messages[i] as MessageRecord) > 0) return false;
  return true;
}

async function validated(data: Database, what: string): Promise<Database> {
  const problem = findDatabaseProblem(data);
  if (problem) throw new Error(`${what} is not a valid thread-sandbox database: ${problem}`);
  return data;
}
