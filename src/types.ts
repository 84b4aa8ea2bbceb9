// `thread-sandbox/types`: the records the sandbox keeps and the types generated from its specs
// (openapi-typescript), for clients written against the sandbox. Types only: nothing to load.
export type { Database, ExecutionThreadRecord, ExecutionThreadType, MessageRecord, ThreadRecord, ThreadSummary, ThreadView, MessageView } from './model.js';
/** Execution Threads v1: `paths`, `components`, `operations` of specs/execution-threads.v1.yaml. */
export type * as ExecutionThreadsV1 from './generated/execution-threads.v1.js';
/** Agentry Threads v0: `paths`, `components`, `operations` of specs/agentry-threads.v0.yaml. */
export type * as AgentryThreadsV0 from './generated/agentry-threads.v0.js';
/** The control plane: `paths`, `components`, `operations` of specs/sandbox-admin.yaml. */
export type * as SandboxAdmin from './generated/sandbox-admin.js';
