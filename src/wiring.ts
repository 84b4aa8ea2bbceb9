// The wiring: which engine keeps the data, and which request journal and fault book go with it.
// The control plane says what it needs (RequestJournal, FaultBook: control/shared-books.ts) and the
// store knows nothing of it; here each engine gets its own: in this process for the file engine
// and memory, in the database (shared by replicas) for PostgreSQL.
import { FaultRegistry } from './control/faults.js';
import { Journal } from './control/journal.js';
import type { FaultBook, RequestJournal } from './control/shared-books.js';
import type { SandboxStore } from './store/contract.js';
import { openStoreEngine, type StoreEngineOptions } from './store/open-store.js';
import type { ReadModelKind } from './store/read-model/read-model.js';
import { REFERENCE_READ_MODEL } from './store/read-model/reference.js';

/**
 * The read model every engine keeps: the fast one, or with SANDBOX_READ_MODEL=reference the naive
 * reference, so that the API suites can run on both (for tests; the reference sorts every list).
 */
export function readModelFromEnvironment(env: NodeJS.ProcessEnv = process.env): ReadModelKind | undefined {
  return env.SANDBOX_READ_MODEL === 'reference' ? REFERENCE_READ_MODEL : undefined;
}

export interface EngineOptions extends StoreEngineOptions {
  journalSize: number;
}

export interface Engine {
  store: SandboxStore;
  journal: RequestJournal;
  faults: FaultBook;
  /** The secret v0 page tokens are signed with (the same on every replica of a database). */
  cursorSecret: string;
  /** Which replica this is among those sharing the data (0 alone): see Services' seeds. */
  replica: number;
}

export async function openEngine(options: EngineOptions): Promise<Engine> {
  const { journalSize, ...storeOptions } = options;
  const opened = await openStoreEngine(storeOptions);
  const { store, database, cursorSecret, replica } = opened;
  if (!database) return { store, journal: new Journal(journalSize), faults: new FaultRegistry(), cursorSecret, replica };
  try {
    const [{ PostgresJournal }, { PostgresFaults }] = await Promise.all([import('./control/postgres/postgres-journal.js'), import('./control/postgres/postgres-faults.js')]);
    return { store, journal: new PostgresJournal(database, journalSize), faults: await PostgresFaults.open(database), cursorSecret, replica };
  } catch (error) {
    await store.close();
    throw error;
  }
}
