// The operations of the two public APIs by their specs' operationId: what faults, the journal and
// request matchers name. A literal union so an editor completes it and a typo fails to compile.
import type { operations as AgentryThreadsV0 } from '../generated/agentry-threads.v0.js';
import type { operations as ExecutionThreadsV1 } from '../generated/execution-threads.v1.js';

export type OperationId = 'listExecutionThreads' | 'listThreads' | 'getThread';

// Fails to compile when the specs gain or lose an operation this list does not follow.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const FOLLOWS_THE_SPECS: Same<OperationId, keyof ExecutionThreadsV1 | keyof AgentryThreadsV0> = true;
void FOLLOWS_THE_SPECS;
