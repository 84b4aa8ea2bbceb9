// The package's public API. No side effects on import.
export { startSandbox, createSandboxApp, type Sandbox, type StartOptions } from './sandbox.js';
export { createApp } from './app.js';
export { resolveOptions, DEFAULTS, OPTION_TABLE, type SandboxOptions } from './options.js';
export { generateDatabase, type GenerateCounts } from './fake.js';
export { Store, DataFileError } from './store/store.js';
export type { Database, ExecutionThreadRecord, ThreadRecord, MessageRecord, ThreadView } from './model.js';
export type { TenantConfig, Principal } from './auth.js';
export type { FaultInput, Fault } from './control/faults.js';
export type { JournalEntry, JournalFilter } from './control/journal.js';
export { ControlError, type ControlErrorName } from './control/control-error.js';
export type { SandboxControl, SeedInput, Seeded } from './control/sandbox-control.js';
export type { ExecutionThreadInput } from './control/arrange-execution-threads.js';
export type { ThreadInput, MessageInput } from './control/arrange-threads.js';
export type { ResetInput, ResetResult } from './control/reset.js';
export { runVerification, exitCodeOf, VERIFY_DEFAULTS, TargetError as VerifyTargetError, type VerifyOptions, type VerifyRun } from './verify/runner.js';
export { formatReport } from './verify/report-text.js';
export { formatJunit } from './verify/report-junit.js';
export type { CheckResult } from './verify/verifier.js';
