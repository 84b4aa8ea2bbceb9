// Everything one sandbox owns, built once and handed to the app: no module-level state, so many
// sandboxes can run side by side in one process.
import type { Logger } from 'pino';
import { Authenticator } from './auth.js';
import { FaultRegistry } from './control/faults.js';
import { Journal } from './control/journal.js';
import { ViolationLog, type Violation, type ViolationInput } from './control/violations.js';
import type { SandboxOptions } from './options.js';
import type { SandboxStore } from './store/contract.js';
import type { Database } from './model.js';

export interface Services {
  options: SandboxOptions;
  store: SandboxStore;
  auth: Authenticator;
  journal: Journal;
  faults: FaultRegistry;
  violations: ViolationLog;
  /** Records a request that broke the public APIs' contract (the APIs' lifecycle handlers call it). */
  reportViolation: (violation: ViolationInput) => Violation;
  log: Logger;
  /** The data a reset without arguments returns to (fixtures, or the configured seed). */
  initialData: () => Promise<Database>;
  /** A fresh seed for the defaults of a created object: reproducible within a run. */
  nextSeed: () => number;
}

export function createServices(parts: { options: SandboxOptions; store: SandboxStore; log: Logger; initialData: () => Promise<Database> }): Services {
  let seeds = parts.options.seed ?? 0;
  const violations = new ViolationLog(parts.options.journalSize);
  return {
    ...parts,
    violations,
    reportViolation: (violation) => violations.record(violation),
    auth: new Authenticator(parts.options.tenants),
    journal: new Journal(parts.options.journalSize),
    faults: new FaultRegistry(),
    nextSeed: () => ++seeds * 7919,
  };
}
