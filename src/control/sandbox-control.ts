// The control plane as methods, for test suites that run a sandbox in-process: the same rules as
// the admin API (defaults, conflicts, reset semantics), without HTTP.
import type { ExecutionThreadRecord, ThreadView } from '../model.js';
import type { Services } from '../services.js';
import { threadView } from '../thread-view.js';
import { createExecutionThread, type ExecutionThreadInput } from './arrange-execution-threads.js';
import { createThread, type ThreadInput } from './arrange-threads.js';
import { addFault } from './fault-input.js';
import { answeredNow } from './shared-books.js';
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
  journal(filter?: JournalFilter): JournalEntry[];
  /** Registers a fault on the public APIs; throws a ControlError (400) when it is not valid. */
  addFault(input: FaultInput): Fault;
  /** Removes every fault. */
  clearFaults(): void;
  /** The journaled requests that match, oldest first; when none does, the closest few and what differed. */
  findRequests(matcher: RequestMatcher): { requests: JournalEntry[]; nearMisses?: NearMiss<JournalEntry>[] };
  /** How many journaled requests match. */
  countRequests(matcher: RequestMatcher): number;
  /**
   * Throws a node:assert AssertionError, listing the near misses, unless the journal holds the
   * expected number of matching requests (`{ atLeast: 1 }` by default).
   * @example sandbox.verify({ operationId: 'listThreads', query: { inbox_id: 'inbox-support' } }, { times: 1 });
   */
  verify(matcher: RequestMatcher, count?: VerifyCount): void;
  /**
   * Resolves with the first matching request, journaled already or to come; rejects with an
   * AssertionError naming the near misses after `timeout` ms (5000 by default).
   * @example const entry = await sandbox.waitForRequest({ pathTemplate: '/human/v0/threads/{thread_id}' }, { timeout: 1000 });
   */
  waitForRequest(matcher: RequestMatcher, options?: WaitOptions): Promise<JournalEntry>;
  /** Requests that broke the public APIs' contract, with the rule each broke. */
  violations(): Violation[];
  /** Throws a node:assert AssertionError listing the contract violations, if there are any. */
  assertNoViolations(): void;
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
    journal: (filter) => answeredNow(services.journal.list(filter), 'The request journal'),
    addFault: (input) => told('createFault', answeredNow(addFault(services, input), 'A fault')),
    clearFaults: () => told('clearFaults', answeredNow(services.faults.clear(), 'The faults')),
    findRequests: (matcher) => findRequests(answeredNow(services.journal.records(), 'The request journal'), matcher, toEntry),
    countRequests: (matcher) => countRequests(answeredNow(services.journal.records(), 'The request journal'), matcher),
    verify: (matcher, count) => verifyRequests(services, matcher, count),
    waitForRequest: (matcher, options) => waitForRequest(services, matcher, options),
    violations: () => services.violations.list(),
    assertNoViolations: () => assertNoViolations(services),
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
