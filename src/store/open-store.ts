// Picks the store engine: the one place that knows every engine. The file engine (with a data
// file), the same engine in memory, or PostgreSQL (a postgres:// URL), which also keeps the request
// journal, the faults and the page-token secret, shared by every replica on the database.
import { FaultRegistry } from '../control/faults.js';
import { Journal } from '../control/journal.js';
import type { FaultBook, RequestJournal } from '../control/shared-books.js';
import type { Database } from '../model.js';
import type { SandboxStore } from './contract.js';
import type { FileLayer } from './file-layer.js';
import { Store } from './store.js';

export interface OpenStoreOptions {
  /** Where the data lives: a file path, a postgres:// URL, or undefined to keep it in memory only. */
  location: string | undefined;
  /** The database to start from when there is nothing stored yet (and in memory). */
  initial: () => Database | Promise<Database>;
  /** The file operations the file engine writes through (tests fail them on purpose). */
  files?: FileLayer | undefined;
  /** Told what the store did on its own that a user should know. */
  warn?: (message: string) => void;
}

/** True for a location that names a PostgreSQL database. */
export function isPostgresUrl(location: string | undefined): location is string {
  return location !== undefined && /^postgres(ql)?:\/\//i.test(location);
}

export async function openStore(options: OpenStoreOptions): Promise<SandboxStore> {
  return (await openEngine({ ...options, cursorSecret: 'thread-sandbox', journalSize: 0 })).store;
}

export interface EngineOptions extends OpenStoreOptions {
  /** The page-token secret to start a new database with (an existing one keeps its own). */
  cursorSecret: string;
  journalSize: number;
  /** Longest wait for the database, per connection and per statement (ms). */
  databaseTimeoutMs?: number | undefined;
}

export interface Engine {
  store: SandboxStore;
  journal: RequestJournal;
  faults: FaultBook;
  /** The secret v0 page tokens are signed with (the same on every replica of a database). */
  cursorSecret: string;
  /**
   * Which replica this is among those sharing the data (0 alone): replicas draw the defaults of
   * created objects from different seeds, so two of them never generate the same id.
   */
  replica: number;
}

export async function openEngine(options: EngineOptions): Promise<Engine> {
  if (isPostgresUrl(options.location)) {
    // Loaded only for a database: pg and the engine are a good part of a start's module loading.
    const [{ PostgresStore }, { PostgresJournal }, { PostgresFaults }] = await Promise.all([
      import('./postgres/postgres-store.js'),
      import('../control/postgres/postgres-journal.js'),
      import('../control/postgres/postgres-faults.js'),
    ]);
    const store = await PostgresStore.open({
      url: options.location,
      initial: options.initial,
      cursorSecret: options.cursorSecret,
      ...(options.databaseTimeoutMs ? { timeoutMs: options.databaseTimeoutMs } : {}),
    });
    try {
      return { store, journal: new PostgresJournal(store, options.journalSize), faults: await PostgresFaults.open(store), cursorSecret: store.cursorSecret, replica: store.replicaNumber };
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  const { location, files, cursorSecret: _secret, journalSize: _size, databaseTimeoutMs: _timeout, ...rest } = options;
  const store = await Store.open({ ...rest, file: location, ...(files ? { files } : {}) });
  return { store, journal: new Journal(options.journalSize), faults: new FaultRegistry(), cursorSecret: options.cursorSecret, replica: 0 };
}
