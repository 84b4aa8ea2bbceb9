// The in-process handle the package exports: what a test suite needs of a sandbox, and nothing of
// express, the HTTP server or the store. Their types would make users install our dependencies'
// type packages, and their objects invite writes that skip the store's rules.
import type { SandboxControl } from './control/sandbox-control.js';
import type { Database } from './model.js';
import { startSandbox as startWholeSandbox } from './sandbox.js';
import type { StartOptions } from './start-options.js';

export type { StartOptions } from './start-options.js';

/** A running sandbox. */
export interface Sandbox extends SandboxControl {
  /** Base URL, e.g. http://127.0.0.1:8160 */
  readonly url: string;
  readonly port: number;
  /** The whole database, in the format of the snapshot export and of fixture files. */
  snapshot(): Promise<Database>;
  /** Closes the server after in-flight requests, then flushes pending writes. */
  stop(): Promise<void>;
}

/**
 * Starts a sandbox in this process: in memory (unless `data` names a file), on a free port, silent.
 * Options are checked like the CLI's flags; a bad one rejects with an OptionsError.
 * @example
 * const sandbox = await startSandbox({ seed: 1, executionThreads: 30, threads: 20 });
 * await sandbox.seed({ executionThreads: [{ workspaceId: 1, threadToken: 'tok-1' }] });
 * await sandbox.addFault({ operationId: 'listExecutionThreads', kind: 'status', status: 500, times: 1 });
 * await fetch(`${sandbox.url}/v1/threads`, { headers: { 'Api-Token': 'any' } }); // 500
 * await sandbox.journal({ operationId: 'listExecutionThreads' }); // [{ status: 500, ... }]
 * await sandbox.reset();
 * await sandbox.stop();
 */
export async function startSandbox(options: StartOptions = {}): Promise<Sandbox> {
  const whole = await startWholeSandbox(options);
  return {
    url: whole.url,
    port: whole.port,
    reset: whole.reset,
    seed: whole.seed,
    journal: whole.journal,
    addFault: whole.addFault,
    clearFaults: whole.clearFaults,
    findRequests: whole.findRequests,
    countRequests: whole.countRequests,
    verify: whole.verify,
    waitForRequest: whole.waitForRequest,
    violations: whole.violations,
    assertNoViolations: whole.assertNoViolations,
    snapshot: whole.snapshot,
    stop: whole.stop,
  };
}
