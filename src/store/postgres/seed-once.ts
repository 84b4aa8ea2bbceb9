// The first start on a database: seed it with the initial data (once, whichever replica gets the
// lock first), store the page-token secret, and give this start its replica number.
import type pg from 'pg';
import type { Database } from '../../model.js';
import { findDatabaseProblem } from '../db-schema.js';
import { countersOfDatabase } from '../counters.js';
import { setStoredCounters } from './counter-rows.js';
import { writeDatabase } from './record-rows.js';

export interface Started {
  cursorSecret: string;
  replicaNumber: number;
}

export async function seedOnce(client: pg.PoolClient, options: { initial: () => Database | Promise<Database>; cursorSecret: string }): Promise<Started> {
  await client.query('BEGIN');
  try {
    const { rows } = await client.query<{ seeded: boolean; cursor_secret: string | null }>('SELECT seeded, cursor_secret FROM sandbox_state FOR UPDATE');
    const row = rows[0];
    if (!row) throw new Error('the sandbox_state row is missing: the database was changed by hand');
    if (!row.seeded) {
      const data = await options.initial();
      const problem = findDatabaseProblem(data);
      if (problem) throw new Error(`the initial data is not a valid thread-sandbox database: ${problem}`);
      const nextPosition = await writeDatabase(client, data);
      await setStoredCounters(client, countersOfDatabase(data));
      await client.query('UPDATE sandbox_state SET seeded = true, generation = $1, seq = seq + 1, next_position = $2', [data.generation ?? 0, nextPosition]);
    }
    if (row.cursor_secret === null) await client.query('UPDATE sandbox_state SET cursor_secret = $1', [options.cursorSecret]);
    const replica = await client.query<{ n: number }>(`SELECT nextval('sandbox_replica_numbers')::float8 AS n`);
    await client.query('COMMIT');
    return { cursorSecret: row.cursor_secret ?? options.cursorSecret, replicaNumber: replica.rows[0]?.n ?? 0 };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
