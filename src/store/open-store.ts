// Picks the store engine: the one place in the store that knows every engine. The file engine
// (with a data file), the same engine in memory, or PostgreSQL (a postgres:// URL), which also
// keeps the page-token secret shared by every replica on the database. What else an engine keeps
// (the control plane's journal and faults) is wired in src/wiring.ts: the store knows no control plane.
import type { Database } from '../model.js';
import type { SandboxStore } from './contract.js';
import type { FileLayer } from './file-layer.js';
import type { ReadModelKind } from './read-model/read-model.js';
import type { PostgresStore } from './postgres/postgres-store.js';
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
  /** The read model the engine keeps (the fast one unless given: tests may run the reference). */
  readModel?: ReadModelKind | undefined;
}

/** True for a location that names a PostgreSQL database. */
export function isPostgresUrl(location: string | undefined): location is string {
  return location !== undefined && /^postgres(ql)?:\/\//i.test(location);
}

export async function openStore(options: OpenStoreOptions): Promise<SandboxStore> {
  return (await openStoreEngine({ ...options, cursorSecret: 'thread-sandbox' })).store;
}

export interface StoreEngineOptions extends OpenStoreOptions {
  /** The page-token secret to start a new database with (an existing one keeps its own). */
  cursorSecret: string;
  /** Longest wait for the database, per connection and per statement (ms). */
  databaseTimeoutMs?: number | undefined;
}

interface OpenedEngine {
  /** The secret v0 page tokens are signed with (the same on every replica of a database). */
  cursorSecret: string;
  /**
   * Which replica this is among those sharing the data (0 alone): replicas draw the defaults of
   * created objects from different seeds, so two of them never generate the same id.
   */
  replica: number;
}

/** The engine a location names; `database` is set when the data lives in PostgreSQL. */
export type OpenedStore = OpenedEngine & ({ store: SandboxStore; database?: undefined } | { store: PostgresStore; database: PostgresStore });

export async function openStoreEngine(options: StoreEngineOptions): Promise<OpenedStore> {
  if (isPostgresUrl(options.location)) {
    // Loaded only for a database: pg and the engine are a good part of a start's module loading.
    const { PostgresStore } = await import('./postgres/postgres-store.js');
    const store = await PostgresStore.open({
      url: options.location,
      initial: options.initial,
      cursorSecret: options.cursorSecret,
      readModel: options.readModel,
      ...(options.databaseTimeoutMs ? { timeoutMs: options.databaseTimeoutMs } : {}),
    });
    return { store, database: store, cursorSecret: store.cursorSecret, replica: store.replicaNumber };
  }
  const { location, files, cursorSecret, databaseTimeoutMs: _timeout, ...rest } = options;
  const store = await Store.open({ ...rest, file: location, ...(files ? { files } : {}) });
  return { store, cursorSecret, replica: 0 };
}
