// The rules every change meets before it is written or replayed: the same schema as the data file
// (db-schema.ts) and message ids unique across the database. A change that passes them leaves a
// database that loads.
import type { Change, WriteState } from './contract.js';
import { StoreRecordError } from './contract.js';
import { findChangeProblem } from './db-schema.js';
import { compareMessages } from './message-order.js';

/** The record as the store keeps it: a copy (stored records are never edited in place), messages in order. */
export function storedForm(c: Change): Change {
  if (c.op === 'putExecutionThread') return { op: c.op, record: { ...c.record } };
  if (c.op === 'putThread') return { op: c.op, thread: { ...c.thread, messages: [...c.thread.messages].sort(compareMessages) } };
  return c;
}

/** Refuses a change that would make the database fail to load: the same rules as the file. */
export function checkChange(c: Change, state: WriteState): void {
  const problem = findChangeProblem(c);
  if (problem) throw new StoreRecordError(`${c.op} ${problem}`);
  if (c.op !== 'putThread') return;
  const seen = new Set<string>();
  for (const m of c.thread.messages) {
    const holder = state.threadOfMessage(m.message_id);
    if ((holder !== undefined && holder !== c.thread.thread_id) || seen.has(m.message_id)) {
      throw new StoreRecordError(`putThread: message_id '${m.message_id}' is used twice${holder && holder !== c.thread.thread_id ? ` (thread '${holder}' holds it)` : ''}`);
    }
    seen.add(m.message_id);
  }
}


/**
 * The change a log line holds, when it belongs to this generation (undefined for an older one,
 * which a reset made obsolete). A line that is not a valid change throws what `fail` makes of the
 * problem, whatever its generation.
 */
export function acceptedLogLine(value: unknown, generation: number, state: WriteState, fail: (problem: string) => Error): Change | undefined {
  const g = (value as { g?: unknown } | null)?.g;
  if (typeof g !== 'number' || !Number.isInteger(g) || g < 0) throw fail("has no generation ('g', an integer from 0)");
  const problem = findChangeProblem(value);
  if (problem !== null) throw fail(problem);
  if (g !== generation) return undefined;
  const { g: _g, ...change } = value as Change & { g: number };
  try {
    checkChange(change, state);
  } catch (error) {
    throw fail((error as Error).message);
  }
  return storedForm(change);
}
