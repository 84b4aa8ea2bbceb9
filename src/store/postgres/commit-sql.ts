// What a write transaction writes, besides the records' rows (record-rows.ts): the changes other
// replicas replay, the counter every request reads, and the highest id and uids handed out
// (counter-rows.ts). Runs inside the caller's transaction, which holds the counter row's lock.
import type pg from 'pg';
import type { Database } from '../../model.js';
import type { Change } from '../contract.js';
import { countersOfDatabase, highestPutBy } from '../counters.js';
import { raiseUidsSql, setStoredCounters } from './counter-rows.js';
import { foldChanges, SLICE, writeDatabase, writeFolded } from './record-rows.js';
import type { Counter } from './shared-state.js';

/** Writes a batch's changes (rows, log, counter); returns the sequence number of its last change. `pruneKeeping`: the log is pruned to that many changes. */
export async function commitChanges(client: pg.ClientBase, changes: readonly Change[], counter: Counter, held: (threadId: string) => boolean, pruneKeeping: number | undefined): Promise<number> {
  const folded = foldChanges(changes, held, counter.nextPosition);
  await writeFolded(client, folded);
  for (let i = 0; i < changes.length; i += SLICE) {
    await client.query(
      `INSERT INTO sandbox_changes (seq, generation, change)
       SELECT $1::bigint + n, $2::bigint, value FROM json_array_elements($3::json) WITH ORDINALITY AS t(value, n)`,
      [counter.seq + i, counter.generation, JSON.stringify(changes.slice(i, i + SLICE))],
    );
  }
  const seq = counter.seq + changes.length;
  const highest = highestPutBy(changes);
  await client.query(
    `WITH uids AS (${raiseUidsSql('$4')})
     UPDATE sandbox_state SET seq = $1, next_position = $2, highest_execution_thread_id = GREATEST(highest_execution_thread_id, $3)`,
    [seq, folded.nextPosition, highest.highestExecutionThreadId, JSON.stringify(highest.highestUidByInbox)],
  );
  if (pruneKeeping !== undefined) await client.query('DELETE FROM sandbox_changes WHERE seq <= $1', [seq - pruneKeeping]);
  return seq;
}

/** Writes a whole database as a new generation; returns its generation and sequence number. */
export async function commitReplacement(client: pg.ClientBase, data: Database, counter: Counter): Promise<{ generation: number; seq: number }> {
  const generation = counter.generation + 1;
  const nextPosition = await writeDatabase(client, data);
  await setStoredCounters(client, countersOfDatabase(data));
  const seq = counter.seq + 1;
  await client.query('UPDATE sandbox_state SET generation = $1, seq = $2, next_position = $3, seeded = true', [generation, seq, nextPosition]);
  return { generation, seq };
}
