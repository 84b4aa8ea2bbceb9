// Storage records. The public shapes come from the specs (src/generated); a record is what the
// store keeps: execution threads gain a numeric id for the control plane, and a thread keeps its
// messages, from which every derived field is computed on the way out.
import type { components as V1 } from './generated/execution-threads.v1.js';
import type { components as V0 } from './generated/agentry-threads.v0.js';

export type ExecutionThreadType = V1['schemas']['ExecutionThreadType'];
export type ExecutionThreadItem = V1['schemas']['ExecutionThread'];
export type ExecutionThreadRecord = ExecutionThreadItem & { id: number };

export type MessageView = V0['schemas']['Message'];
export type MessageRecord = Required<Omit<MessageView, 'inbox_id'>>;
export type ThreadSummary = V0['schemas']['ThreadSummary'];
export type ThreadView = V0['schemas']['Thread'];

export interface ThreadRecord {
  thread_id: string;
  inbox_id: string;
  /** Oldest first (received_at, then uid); never empty. */
  messages: MessageRecord[];
}

export const SCHEMA_VERSION = 1;

export interface Database {
  schemaVersion: number;
  /** Bumped by every reset or import, so that a write-ahead log of an older state is never replayed onto it. */
  generation?: number;
  executionThreads: ExecutionThreadRecord[];
  threads: ThreadRecord[];
}

export const EXECUTION_THREAD_TYPES: readonly ExecutionThreadType[] = ['Manual', 'BrowserInstance'];
