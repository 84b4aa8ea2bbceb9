// Writing records to their tables. A batch of changes is folded per record first (the last change
// of a record wins), so each table takes one DELETE and one upsert per batch, whatever its size.
// A thread keeps its file-order position across updates; a new one (or one deleted and put again
// in the batch, which the read model also moves to the end) takes the next position.
import type pg from 'pg';
import type { Database, ExecutionThreadRecord, ThreadRecord } from '../../model.js';
import type { Change } from '../contract.js';

interface Folded {
  executionThreads: Map<number, ExecutionThreadRecord | null>;
  deletedExecutionThreads: Set<number>;
  threads: Map<string, { thread: ThreadRecord; position: number | undefined } | null>;
  deletedThreads: Set<string>;
  nextPosition: number;
}

/** Folds a batch; `held` says whether a thread exists before the batch. */
export function foldChanges(changes: readonly Change[], held: (threadId: string) => boolean, nextPosition: number): Folded {
  const out: Folded = { executionThreads: new Map(), deletedExecutionThreads: new Set(), threads: new Map(), deletedThreads: new Set(), nextPosition };
  const present = new Map<string, boolean>();
  const isPresent = (id: string) => present.get(id) ?? held(id);
  for (const c of changes) {
    switch (c.op) {
      case 'putExecutionThread':
        out.executionThreads.set(c.record.id, c.record);
        break;
      case 'deleteExecutionThread':
        out.executionThreads.set(c.id, null);
        out.deletedExecutionThreads.add(c.id);
        break;
      case 'putThread': {
        const before = out.threads.get(c.thread.thread_id);
        // A thread already present keeps its position (the row's, or the one given earlier in the batch).
        const position = isPresent(c.thread.thread_id) ? before?.position : out.nextPosition++;
        out.threads.set(c.thread.thread_id, { thread: c.thread, position });
        present.set(c.thread.thread_id, true);
        break;
      }
      case 'deleteThread':
        out.threads.set(c.id, null);
        out.deletedThreads.add(c.id);
        present.set(c.id, false);
        break;
    }
  }
  return out;
}

// Large writes go in slices: one statement per slice keeps each parameter a few MB.
export const SLICE = 5000;

/** Writes a folded batch to the tables (inside the caller's transaction). */
export async function writeFolded(client: pg.ClientBase, folded: Folded): Promise<void> {
  // Deleted first: a record deleted and put again in the batch is inserted anew.
  const deletedThreads = [...folded.deletedThreads];
  if (deletedThreads.length) await client.query('DELETE FROM threads WHERE thread_id = ANY($1::text[])', [deletedThreads]);
  const deletedIds = [...folded.deletedExecutionThreads];
  if (deletedIds.length) await client.query('DELETE FROM execution_threads WHERE id = ANY($1::bigint[])', [deletedIds]);

  // In slices: a tenant's reset is one batch of up to --max-records records of each kind.
  const records = [...folded.executionThreads.values()].filter((r): r is ExecutionThreadRecord => r !== null);
  for (let i = 0; i < records.length; i += SLICE) await upsertExecutionThreads(client, records.slice(i, i + SLICE));
  const threads = [...folded.threads.values()].filter((t) => t !== null);
  for (let i = 0; i < threads.length; i += SLICE) {
    const slice = threads.slice(i, i + SLICE);
    await client.query(
      `INSERT INTO threads (thread_id, inbox_id, position, record)
       SELECT t.value->>'thread_id', t.value->>'inbox_id', p.position, t.value
       FROM json_array_elements($1::json) WITH ORDINALITY AS t(value, n)
       JOIN unnest($2::bigint[]) WITH ORDINALITY AS p(position, n) USING (n)
       ON CONFLICT (thread_id) DO UPDATE SET inbox_id = excluded.inbox_id, record = excluded.record`,
      // A position of 0 is never used: the row exists and keeps its own (ON CONFLICT leaves it).
      [JSON.stringify(slice.map((t) => t.thread)), slice.map((t) => t.position ?? 0)],
    );
  }
}

function upsertExecutionThreads(client: pg.ClientBase, records: readonly ExecutionThreadRecord[]): Promise<unknown> {
  return client.query(
    `INSERT INTO execution_threads (id, workspace_id, record)
     SELECT (value->>'id')::bigint, (value->>'workspaceId')::bigint, value FROM json_array_elements($1::json)
     ON CONFLICT (id) DO UPDATE SET workspace_id = excluded.workspace_id, record = excluded.record`,
    [JSON.stringify(records)],
  );
}

/** Replaces every record (inside the caller's transaction); returns the next thread position. */
export async function writeDatabase(client: pg.ClientBase, db: Database): Promise<number> {
  // DELETE, not TRUNCATE: TRUNCATE would show an empty table to a replica reading an older snapshot.
  await client.query('DELETE FROM execution_threads');
  await client.query('DELETE FROM threads');
  await client.query('DELETE FROM sandbox_changes');
  for (let i = 0; i < db.executionThreads.length; i += SLICE) await upsertExecutionThreads(client, db.executionThreads.slice(i, i + SLICE));
  for (let i = 0; i < db.threads.length; i += SLICE) {
    await client.query(
      `INSERT INTO threads (thread_id, inbox_id, position, record)
       SELECT value->>'thread_id', value->>'inbox_id', $2::bigint + n, value FROM json_array_elements($1::json) WITH ORDINALITY AS t(value, n)
       ON CONFLICT (thread_id) DO UPDATE SET inbox_id = excluded.inbox_id, record = excluded.record`,
      [JSON.stringify(db.threads.slice(i, i + SLICE)), i],
    );
  }
  return db.threads.length + 1;
}
