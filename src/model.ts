// Storage records. Their shape is the data file's JSON Schema (fixtures/database.schema.json), from
// which src/generated/database.ts is made; the public shapes come from the specs (src/generated).
import type { components as V0 } from './generated/agentry-threads.v0.js';
import type { components as V1 } from './generated/execution-threads.v1.js';
import type { ThreadSandboxDatabase } from './generated/database.js';

export type { ExecutionThreadRecord, ExecutionThreadType, MessageRecord, ThreadRecord } from './generated/database.js';
export type Database = ThreadSandboxDatabase;

export type ExecutionThreadItem = V1['schemas']['ExecutionThread'];
export type MessageView = V0['schemas']['Message'];
export type ThreadSummary = V0['schemas']['ThreadSummary'];
export type ThreadView = V0['schemas']['Thread'];

export const SCHEMA_VERSION = 1;

export const EXECUTION_THREAD_TYPES: readonly import('./generated/database.js').ExecutionThreadType[] = ['Manual', 'BrowserInstance'];
