// Everything one sandbox owns, built once and handed to the app: no module-level state, so many
// sandboxes can run side by side in one process.
import type { Logger } from 'pino';
import { Authenticator } from './auth.js';
import { FaultRegistry } from './control/faults.js';
import { Journal } from './control/journal.js';
import { LiveFeed } from './control/live-feed.js';
import type { FaultBook, RequestJournal } from './control/shared-books.js';
import { ViolationLog, type Violation, type ViolationInput } from './control/violations.js';
import type { SandboxOptions } from './options.js';
import type { SandboxStore } from './store/contract.js';
import type { Database } from './model.js';
import type { DataSummary } from './open-data.js';

export interface Services {
  options: SandboxOptions;
  store: SandboxStore;
  auth: Authenticator;
  journal: RequestJournal;
  faults: FaultBook;
  violations: ViolationLog;
  /** What the live page listens to (requests, violations, changes); closed when the sandbox stops. */
  live: LiveFeed;
  /** What the sandbox served at start (the banner's data line), when known. */
  data?: DataSummary | undefined;
  /** The store's generation at start: a reset or an import since changes it. */
  startGeneration: number;
  /** Records a request that broke the public APIs' contract (the APIs' lifecycle handlers call it). */
  reportViolation: (violation: ViolationInput) => Violation;
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
  data?: DataSummary;
}): Services {
  let seeds = (parts.options.seed ?? 0) + (parts.replica ?? 0) * 1_000_003;
  const violations = new ViolationLog(parts.options.journalSize);
  const journal = parts.journal ?? new Journal(parts.options.journalSize);
  const live = new LiveFeed(journal);
  return {
    ...parts,
    violations,
    live,
    startGeneration: parts.store.generation,
    reportViolation: (violation) => {
      const recorded = violations.record(violation);
      live.violation(recorded, violation.tenant ?? null);
      return recorded;
    },
    auth: new Authenticator(parts.options.tenants),
    journal,
    faults: parts.faults ?? new FaultRegistry(),
    nextSeed: () => ++seeds * 7919,
  };
}
