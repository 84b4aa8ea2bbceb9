// Picks the store engine: the one place that knows every engine. Today the file engine (with a
// data file) or the same engine in memory.
import type { Database } from '../model.js';
import type { SandboxStore } from './contract.js';
import type { FileLayer } from './file-layer.js';
import { Store } from './store.js';

export interface OpenStoreOptions {
  /** Where the data lives: a file path, or undefined to keep it in memory only. */
  location: string | undefined;
  /** The database to start from when there is nothing stored yet (and in memory). */
  initial: () => Database | Promise<Database>;
  /** The file operations the file engine writes through (tests fail them on purpose). */
  files?: FileLayer | undefined;
  /** Told what the store did on its own that a user should know. */
  warn?: (message: string) => void;
}

export async function openStore(options: OpenStoreOptions): Promise<SandboxStore> {
  const { location, files, ...rest } = options;
  return Store.open({ ...rest, file: location, ...(files ? { files } : {}) });
}
