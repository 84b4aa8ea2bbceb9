// The only owner of the data: lowdb for the database file, a write-ahead log for durable writes,
// indexes for reads. Handlers ask it; they never see lowdb, the log or the file.
import { access, constants, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Low } from 'lowdb';
import { SCHEMA_VERSION, type Database, type ExecutionThreadRecord, type MessageRecord, type ThreadRecord } from '../model.js';
import { compareMessages } from '../thread-view.js';
import { findDatabaseProblem, findDuplicateProblem, findShapeProblem } from './db-schema.js';
import { removeStaleTempFiles } from './atomic-file.js';
import { DataFileError, DurableJsonFile } from './durable-json-file.js';
import { ExecutionThreadIndex } from './execution-thread-index.js';
import { GroupCommit } from './group-commit.js';
import { applyOperation, type Operation } from './operations.js';
import { ThreadIndex } from './thread-index.js';
import { WriteAheadLog } from './write-ahead-log.js';

export { DataFileError } from './durable-json-file.js';

export interface StoreOptions {
  /** The database file; without one the store lives in memory only. */
  file?: string | undefined;
  /** The database to start from when there is no file yet (and in memory). */
  initial: () => Database | Promise<Database>;
  /** Log entries after which the log is folded into the database file. */
  checkpointEvery?: number;
}

/** A message as the store takes it: without a uid, it gets the next one of its inbox. */
export type NewMessage = Omit<MessageRecord, 'uid'> & { uid?: number | undefined };

export class Store {
  readonly executionThreads = new ExecutionThreadIndex();
  readonly threads = new ThreadIndex();
  readonly file: string | undefined;
  #generation = 0;
  /** The generation the database file holds; log lines of a newer one must wait for a checkpoint. */
  #diskGeneration = 0;
  #low: Low<Database> | undefined;
  #log: WriteAheadLog | undefined;
  #commit: GroupCommit | undefined;
  #closed = false;
  readonly #checkpointEvery: number;

  private constructor(file: string | undefined, checkpointEvery: number) {
    this.file = file;
    this.#checkpointEvery = checkpointEvery;
  }

  /**
   * Opens (or creates) the store. A file that is not a valid database throws a DataFileError naming
   * the file and the first problem; such a file is never written to.
   */
  static async open(options: StoreOptions): Promise<Store> {
    const file = options.file === undefined ? undefined : resolve(options.file);
    const store = new Store(file, options.checkpointEvery ?? 50_000);
    if (!file) {
      store.#load(await validated(await options.initial(), 'the initial data'));
      return store;
    }
    const adapter = new DurableJsonFile<Database>(file);
    const low = new Low<Database>(adapter, null as unknown as Database);
    await low.read();
    const log = new WriteAheadLog(`${file}.wal`);
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
      store.#diskGeneration = store.#generation;
      store.#replay(await log.readLines());
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
    store.#commit = new GroupCommit({
      appendLog: async (lines) => {
        // After a reset whose checkpoint failed, the file still holds the old generation and a
        // replay would skip these lines: write the new state first, or fail this batch.
        if (store.#diskGeneration !== store.#generation) await store.#checkpoint();
        await log.append(lines);
      },
      checkpoint: () => store.#checkpoint(),
      wantsCheckpoint: () => log.entries >= store.#checkpointEvery,
    });
    if (created) await store.#commit.checkpoint();
    return store;
  }

  get inMemory(): boolean {
    return this.file === undefined;
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

  // ---- reads ----------------------------------------------------------------------------------

  /** The whole database, in file order. */
  snapshot(): Database {
    return {
      schemaVersion: SCHEMA_VERSION,
      generation: this.#generation,
      executionThreads: this.executionThreads.all(),
      threads: this.threads.all(),
    };
  }

  // ---- writes: each resolves once durable -----------------------------------------------------

  // Puts store a copy: a stored record is never edited in place (list pages cache each record's
  // JSON by object, src/apis/record-json.ts), even when a caller changes an object it got from
  // the store and puts it back.
  putExecutionThread(record: ExecutionThreadRecord): Promise<void> {
    return this.#apply({ op: 'putExecutionThread', record: { ...record } });
  }

  async deleteExecutionThread(id: number): Promise<boolean> {
    if (!this.executionThreads.get(id)) return false;
    await this.#apply({ op: 'deleteExecutionThread', id });
    return true;
  }

  /** Inserts or replaces a thread; its messages are put in order (oldest first). */
  putThread(thread: ThreadRecord): Promise<void> {
    return this.#apply({ op: 'putThread', thread: { ...thread, messages: [...thread.messages].sort(compareMessages) } });
  }

  async deleteThread(id: string): Promise<boolean> {
    if (!this.threads.get(id)) return false;
    await this.#apply({ op: 'deleteThread', id });
    return true;
  }

  /**
   * Adds a message to a thread, or replaces the message with the same message_id. A message without
   * a uid gets the next uid of the thread's inbox. Resolves to the stored message once durable.
   */
  async putMessage(threadId: string, message: NewMessage): Promise<MessageRecord> {
    const thread = this.threads.get(threadId);
    if (!thread) throw new Error(`thread '${threadId}' does not exist`);
    const stored: MessageRecord = { ...message, uid: message.uid ?? this.threads.messages.nextUid(thread.inbox_id) };
    const messages = thread.messages.filter((m) => m.message_id !== stored.message_id);
    messages.push(stored);
    // A new record rather than an edit in place: the indexes compare the old one with the new.
    await this.putThread({ ...thread, messages });
    return stored;
  }

  /** Removes one message of a thread; a thread's last message cannot be removed (delete the thread). */
  async deleteMessage(threadId: string, messageId: string): Promise<boolean> {
    const thread = this.threads.get(threadId);
    if (!thread || !thread.messages.some((m) => m.message_id === messageId)) return false;
    if (thread.messages.length === 1) throw new Error(`message '${messageId}' is the last one of thread '${threadId}'`);
    await this.putThread({ ...thread, messages: thread.messages.filter((m) => m.message_id !== messageId) });
    return true;
  }

  /** Replaces everything (reset, import). Throws a DataFileError-free Error with the problem when invalid. */
  async replace(data: Database): Promise<void> {
    // Synchronous up to the load, so that a write made right after this call lands after the reset.
    const problem = findDatabaseProblem(data);
    if (problem) throw new Error(`the new data is not a valid thread-sandbox database: ${problem}`);
    this.#load(data, this.#generation + 1);
    await this.#commit?.checkpoint();
  }

  /** Resolves when every acknowledged write is on disk and the log is folded into the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#commit) {
      await this.#commit.drain();
      if ((this.#log?.entries ?? 0) > 0) await this.#commit.checkpoint();
    }
    this.#closed = true;
    await this.#log?.close();
  }

  // ---- internals ------------------------------------------------------------------------------

  #apply(o: Operation): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the store is closed'));
    applyOperation(this, o);
    if (!this.#commit) return Promise.resolve();
    return this.#commit.log(JSON.stringify({ g: this.#generation, ...o }));
  }

  #load(db: Database, generation = db.generation ?? 0): void {
    this.executionThreads.clear();
    this.threads.clear();
    this.#generation = generation;
    this.executionThreads.load(db.executionThreads);
    // Files this sandbox wrote are in order already: checking is cheaper than sorting.
    for (const t of db.threads) if (!inOrder(t.messages)) t.messages.sort(compareMessages);
    this.threads.load(db.threads);
  }

  #holdsEveryRecordOf(db: Database): boolean {
    let messages = 0;
    for (const t of db.threads) messages += t.messages.length;
    return this.executionThreads.size === db.executionThreads.length && this.threads.size === db.threads.length && this.threads.messages.size === messages;
  }

  #replay(lines: unknown[]): void {
    for (const line of lines) {
      const { g, ...o } = line as Operation & { g: number };
      if (g === this.#generation) applyOperation(this, o as Operation);
    }
  }

  async #checkpoint(): Promise<void> {
    if (!this.#low || !this.#log) return;
    const snapshot = this.snapshot();
    this.#low.data = snapshot;
    await this.#low.write();
    this.#diskGeneration = snapshot.generation ?? 0;
    await this.#log.truncate();
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
