// The package's public API: startSandbox and the types its handle speaks. No side effects on
// import. Record and spec types are in `thread-sandbox/types`. test/package/exports.test.ts pins
// this list: anything added here is a promise to users.
export { startSandbox, type Sandbox, type StartOptions } from './public-sandbox.js';
export { OptionsError } from './options.js';
export { ControlError, type ControlErrorName } from './control/control-error.js';
export type { SeedInput, Seeded } from './control/sandbox-control.js';
export type { RequestMatcher, ValueMatcher, NearMiss, Difference } from './control/request-matcher.js';
export type { VerifyCount, WaitOptions } from './control/assertions.js';
export { connectSandbox, type RemoteSandbox, type ConnectOptions } from './control/remote-sandbox.js';
export type { Violation, ViolationKind, ContractRule } from './control/violations.js';
export type { ExecutionThreadInput } from './control/arrange-execution-threads.js';
export type { ThreadInput, MessageInput } from './control/arrange-threads.js';
export type { ResetInput, ResetResult } from './control/reset.js';
export type { FaultInput, Fault } from './control/faults.js';
export type { JournalEntry, JournalFilter } from './control/journal.js';
export type { TenantConfig } from './auth.js';
