// Everything one sandbox owns, built once and handed to the app: no module-level state, so many
// sandboxes can run side by side in one process.
import type { Logger } from 'pino';
import { Authenticator } from './auth.js';
import { FaultRegistry } from './control/faults.js';
import { Journal } from './control/journal.js';
import type { FaultBook, RequestJournal } from './control/shared-books.js';
import type { SandboxOptions } from './options.js';
import type { SandboxStore } from './store/contract.js';
import type { Database } from './model.js';

export interface Services {
  options: SandboxOptions;
  store: SandboxStore;
  auth: Authenticator;
  journal: RequestJournal;
  faults: FaultBook;
  log: Logger;
  /** The data a reset without arguments returns to (fixtures, or the configured seed). */
  initialData: () => Promise<Database>;
  /** A fresh seed for the defaults of a created object: reproducible within a run. */
  nextSeed: () => number;
}

export function createServices(parts: {
  options: SandboxOptions;
  store: SandboxStore;
  log: Logger;
  initialData: () => Promise<Database>;
  /** Kept by the store's engine when it shares them between replicas; in this process otherwise. */
  journal?: RequestJournal;
  faults?: FaultBook;
  /** Replicas sharing a database take seeds a million apart (see Engine.replica). */
  replica?: number;
}): Services {
  let seeds = (parts.options.seed ?? 0) + (parts.replica ?? 0) * 1_000_003;
  return {
    ...parts,
    auth: new Authenticator(parts.options.tenants),
    journal: parts.journal ?? new Journal(parts.options.journalSize),
    faults: parts.faults ?? new FaultRegistry(),
    nextSeed: () => ++seeds * 7919,
  };
}
