// The control plane as methods, for test suites that run a sandbox in-process: the same rules as
// the admin API (defaults, conflicts, reset semantics), without HTTP. Every method returns a
// promise, whatever the engine: the journal and faults answer at once in this process but live in
// the database with --store postgres://, and a test written against one must run on the other.
import type { ExecutionThreadRecord, ThreadView } from '../model.js';
import type { Services } from '../services.js';
import { threadView } from '../thread-view.js';
import { createExecutionThread, type ExecutionThreadInput } from './arrange-execution-threads.js';
import { createThread, type ThreadInput } from './arrange-threads.js';
import { addFault } from './fault-input.js';
import type { Fault, FaultInput } from './faults.js';
import type { JournalEntry, JournalFilter } from './journal.js';
import { checkRecordCount, resetSandbox, type ResetInput, type ResetResult } from './reset.js';
import { assertNoViolations, verifyRequests, waitForRequest, type VerifyCount, type WaitOptions } from './assertions.js';
import { toEntry } from './journal.js';
import { countRequests, findRequests, type NearMiss, type RequestMatcher } from './request-matcher.js';
import type { Violation } from './violations.js';

/** Objects to add, in the admin API's body format; omitted fields get the same defaults. */
export interface SeedInput {
  executionThreads?: ExecutionThreadInput[];
  threads?: ThreadInput[];
}

/** What `seed()` created, in full. */
export interface Seeded {
  executionThreads: ExecutionThreadRecord[];
  threads: ThreadView[];
}

export interface SandboxControl {
  /**
   * Back to the starting data (fixtures or the configured seed), or to `{ seed, executionThreads,
   * threads }` generated; clears the journal and the faults.
   */
  reset(input?: ResetInput): Promise<ResetResult>;
  /**
   * Adds execution threads and threads (with their messages). Rejects with a ControlError (409)
   * for an id in use, objects created before the refusal staying; (400) for more than
   * --max-records of one kind, before anything is created.
   */
  seed(input: SeedInput): Promise<Seeded>;
  /** The request journal, oldest first, optionally filtered. */
  journal(filter?: JournalFilter): Promise<JournalEntry[]>;
  /** Registers a fault on the public APIs; rejects with a ControlError (400) when it is not valid. */
  addFault(input: FaultInput): Promise<Fault>;
  /** Removes every fault. */
  clearFaults(): Promise<void>;
  /** The journaled requests that match, oldest first; when none does, the closest few and what differed. */
  findRequests(matcher: RequestMatcher): Promise<{ requests: JournalEntry[]; nearMisses?: NearMiss<JournalEntry>[] }>;
  /** How many journaled requests match. */
  countRequests(matcher: RequestMatcher): Promise<number>;
  /**
   * Rejects with a node:assert AssertionError, listing the near misses, unless the journal holds
   * the expected number of matching requests (`{ atLeast: 1 }` by default).
   * @example await sandbox.verify({ operationId: 'listThreads', query: { inbox_id: 'inbox-support' } }, { times: 1 });
   */
  verify(matcher: RequestMatcher, count?: VerifyCount): Promise<void>;
  /**
   * Resolves with the first matching request, journaled already or to come; rejects with an
   * AssertionError naming the near misses after `timeout` ms (5000 by default).
   * @example const entry = await sandbox.waitForRequest({ pathTemplate: '/human/v0/threads/{thread_id}' }, { timeout: 1000 });
   */
  waitForRequest(matcher: RequestMatcher, options?: WaitOptions): Promise<JournalEntry>;
  /** Requests that broke the public APIs' contract, with the rule each broke. */
  violations(): Promise<Violation[]>;
  /** Rejects with a node:assert AssertionError listing the contract violations, if there are any. */
  assertNoViolations(): Promise<void>;
}

export function sandboxControl(services: Services): SandboxControl {
  // The in-process handle acts for the admin: every live page hears of its changes.
  const told = <T>(what: string, result: T, reload = false): T => {
    services.live.changed({ what, reload }, null);
    return result;
  };
  return {
    reset: async (input) => told('resetSandbox', await resetSandbox(services, input), true),
    seed: async (input) => told('seed', await seed(input)),
    journal: async (filter) => services.journal.list(filter),
    addFault: async (input) => told('createFault', await addFault(services, input)),
    clearFaults: async () => told('clearFaults', await services.faults.clear()),
    findRequests: async (matcher) => findRequests(await services.journal.records(), matcher, toEntry),
    countRequests: async (matcher) => countRequests(await services.journal.records(), matcher),
    verify: (matcher, count) => verifyRequests(services, matcher, count),
    waitForRequest: (matcher, options) => waitForRequest(services, matcher, options),
    violations: async () => services.violations.list(),
    assertNoViolations: async () => assertNoViolations(services),
  };

  async function seed(input: SeedInput): Promise<Seeded> {
    checkRecordCount(services, 'executionThreads', input.executionThreads?.length ?? 0);
    checkRecordCount(services, 'threads', input.threads?.length ?? 0);
    // Started together so that a file-backed store writes them in one group commit.
    const executionThreads = (input.executionThreads ?? []).map((e) => createExecutionThread(services, e));
    const threads = (input.threads ?? []).map((t) => createThread(services, t));
    return {
      executionThreads: await Promise.all(executionThreads),
      threads: (await Promise.all(threads)).map(threadView),
    };
  }
}
