// Where a PostgreSQL database keeps its counters (src/store/counters.ts): the highest execution
// thread id in sandbox_state, the highest uid per inbox in sandbox_highest_uids. Written inside the
// caller's transaction, with the records they count, so a commit never has one without the other.
import type pg from 'pg';
import type { Counters } from '../counters.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * The statement that raises the stored uids to those of a JSON object (inbox id: uid) given as
 * parameter `param`; never lowers them: a deleted message's uid stays used. A write runs it in the
 * same statement as its update of sandbox_state (commit-sql.ts): no round trip of its own.
 */
export const raiseUidsSql = (param: string): string =>
  `INSERT INTO sandbox_highest_uids (inbox_id, uid) SELECT key, value::bigint FROM json_each_text(${param}::json)
   ON CONFLICT (inbox_id) DO UPDATE SET uid = GREATEST(sandbox_highest_uids.uid, excluded.uid)`;

/** Sets the counters of a whole replace (a reset starts the counting over). */
export async function setStoredCounters(client: Queryable, counters: Counters): Promise<void> {
  await client.query('UPDATE sandbox_state SET highest_execution_thread_id = $1', [counters.highestExecutionThreadId]);
  await client.query('DELETE FROM sandbox_highest_uids');
  await client.query(raiseUidsSql('$1'), [JSON.stringify(counters.highestUidByInbox)]);
}

/** The stored counters (inside the caller's snapshot, with the records it reads). */
export async function readStoredCounters(client: Queryable): Promise<Counters> {
  const exec = await client.query<{ id: number }>('SELECT highest_execution_thread_id::float8 AS id FROM sandbox_state');
  const uids = await client.query<{ inbox_id: string; uid: number }>('SELECT inbox_id, uid::float8 AS uid FROM sandbox_highest_uids');
  return { highestExecutionThreadId: exec.rows[0]?.id ?? 0, highestUidByInbox: Object.fromEntries(uids.rows.map((r) => [r.inbox_id, r.uid])) };
}
