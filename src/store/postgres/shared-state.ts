// Reading shared state: the one-row counter every request checks, the changes since a sequence
// number, and a whole consistent copy of the records (one REPEATABLE READ snapshot).
import type pg from 'pg';
import { SCHEMA_VERSION, type Database, type ExecutionThreadRecord, type ThreadRecord } from '../../model.js';
import type { Change } from '../contract.js';
import { readStoredCounters } from './counter-rows.js';

export interface Counter {
  generation: number;
  seq: number;
  faultsVersion: number;
  nextPosition: number;
}

type Queryable = Pick<pg.ClientBase, 'query'>;

// bigint columns are sent as float8: pg hands int8 over as strings, and these stay far below 2^53.
const COUNTER = 'SELECT generation::float8 AS generation, seq::float8 AS seq, faults_version::float8 AS "faultsVersion", next_position::float8 AS "nextPosition" FROM sandbox_state';

export async function readCounter(db: Queryable, forUpdate = false): Promise<Counter> {
  const { rows } = await db.query<Counter>(forUpdate ? `${COUNTER} FOR UPDATE` : COUNTER);
  const row = rows[0];
  if (!row) throw new Error('the sandbox_state row is missing: the database was changed by hand');
  return row;
}

export interface LoggedChange {
  seq: number;
  change: Change;
}

/** Changes after `seq`, oldest first. */
export async function readChangesAfter(db: Queryable, seq: number): Promise<LoggedChange[]> {
  const { rows } = await db.query<LoggedChange>('SELECT seq::float8 AS seq, change FROM sandbox_changes WHERE seq > $1 ORDER BY seq', [seq]);
  return rows;
}

export interface Loaded {
  counter: Counter;
  db: Database;
}

/**
 * Every record as of one moment, in file order: in a snapshot of its own, or (`ownSnapshot` false)
 * inside a writer's transaction, whose lock already keeps the records still.
 */
export async function readEverything(client: pg.ClientBase, ownSnapshot = true): Promise<Loaded> {
  if (ownSnapshot) await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const counter = await readCounter(client);
    const executionThreads = await client.query<{ record: ExecutionThreadRecord }>('SELECT record FROM execution_threads ORDER BY id');
    const threads = await client.query<{ record: ThreadRecord }>('SELECT record FROM threads ORDER BY position');
    const counters = await readStoredCounters(client);
    if (ownSnapshot) await client.query('COMMIT');
    return {
      counter,
      db: {
        schemaVersion: SCHEMA_VERSION,
        generation: counter.generation,
        counters,
        executionThreads: executionThreads.rows.map((r) => r.record),
        threads: threads.rows.map((r) => r.record),
      },
    };
  } catch (error) {
    if (ownSnapshot) await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
