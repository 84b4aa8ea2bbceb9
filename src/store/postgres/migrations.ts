// The PostgreSQL schema as numbered migrations, applied at start inside one transaction under an
// advisory lock: replicas starting together take turns, and the second finds nothing left to do.
// A database migrated by a newer thread-sandbox is refused rather than misread.
import type pg from 'pg';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'records, change log, faults, journal',
    sql: `
      -- One row: the data generation (bumped by reset, seed and import), the last change's
      -- sequence number (what every request compares with its own), the faults' version, the
      -- next file-order position of a thread, and the v0 page-token signing secret.
      CREATE TABLE sandbox_state (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        generation bigint NOT NULL DEFAULT 0,
        seq bigint NOT NULL DEFAULT 0,
        faults_version bigint NOT NULL DEFAULT 0,
        next_position bigint NOT NULL DEFAULT 1,
        seeded boolean NOT NULL DEFAULT false,
        cursor_secret text
      );
      INSERT INTO sandbox_state DEFAULT VALUES;

      -- Records are kept as the JSON the API was given (json, not jsonb: key order and number
      -- text survive, so snapshots are byte for byte those of the file engine).
      CREATE TABLE execution_threads (
        id bigint PRIMARY KEY,
        workspace_id bigint NOT NULL,
        record json NOT NULL
      );
      CREATE TABLE threads (
        thread_id text PRIMARY KEY,
        inbox_id text NOT NULL,
        position bigint NOT NULL,
        record json NOT NULL
      );
      CREATE INDEX threads_by_position ON threads (position);

      -- Every change since the last reset, in order: replicas replay what they have not seen.
      CREATE TABLE sandbox_changes (
        seq bigint PRIMARY KEY,
        generation bigint NOT NULL,
        change json NOT NULL
      );

      -- Each start of a replica takes a number: replicas generate different defaults (ids, tokens).
      CREATE SEQUENCE sandbox_replica_numbers MINVALUE 0 START 0;

      CREATE SEQUENCE sandbox_fault_ids;
      CREATE TABLE sandbox_faults (
        id text PRIMARY KEY,
        position bigserial NOT NULL,
        fault json NOT NULL,
        hits bigint NOT NULL DEFAULT 0,
        remaining bigint
      );

      CREATE TABLE sandbox_journal (
        id bigserial PRIMARY KEY,
        entry json NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'tenants of journal entries and faults, request headers for matchers',
    sql: `
      -- The tenant whose token a request carried, and the tenant that registered a fault (null:
      -- none, or the admin's fault, which acts on every request).
      ALTER TABLE sandbox_journal ADD COLUMN tenant text;
      ALTER TABLE sandbox_faults ADD COLUMN tenant text;
      -- The request's headers as sent: find/count/verify compare credential headers by value (the
      -- entry keeps them redacted, and only the entry is ever shown).
      ALTER TABLE sandbox_journal ADD COLUMN headers json;
    `,
  },
  {
    version: 3,
    name: 'the highest execution thread id and uid per inbox handed out',
    sql: `
      -- The counters (src/store/counters.ts): the highest execution thread id and uid per inbox
      -- handed out since the last whole replace, deleted records included. A replica that starts
      -- counts on from these, not from the rows, so no id or uid is handed out twice (issue 21).
      -- Raised in the transaction of every write that puts a record; set by a replace.
      ALTER TABLE sandbox_state ADD COLUMN highest_execution_thread_id bigint NOT NULL DEFAULT 0;
      CREATE TABLE sandbox_highest_uids (
        inbox_id text PRIMARY KEY,
        uid bigint NOT NULL
      );
      -- A database written before this knew no counters: the best it has are the rows and the
      -- puts still in the change log of its generation.
      UPDATE sandbox_state SET highest_execution_thread_id = GREATEST(
        COALESCE((SELECT max(id) FROM execution_threads), 0),
        COALESCE((SELECT max((c.change->'record'->>'id')::bigint) FROM sandbox_changes c, sandbox_state s
                  WHERE c.generation = s.generation AND c.change->>'op' = 'putExecutionThread'), 0));
      INSERT INTO sandbox_highest_uids (inbox_id, uid)
        SELECT inbox_id, max(uid) FROM (
          SELECT t.inbox_id, (m->>'uid')::bigint AS uid FROM threads t, json_array_elements(t.record->'messages') AS m
          UNION ALL
          SELECT c.change->'thread'->>'inbox_id', (m->>'uid')::bigint FROM sandbox_changes c, sandbox_state s,
                 json_array_elements(c.change->'thread'->'messages') AS m
          WHERE c.generation = s.generation AND c.change->>'op' = 'putThread'
        ) AS held
        GROUP BY inbox_id;
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError';
}

/**
 * Brings the schema (the connection's current schema) up to LATEST_VERSION. Idempotent; concurrent
 * callers wait for each other on the advisory lock.
 */
export async function migrate(client: pg.ClientBase): Promise<{ from: number; to: number }> {
  await client.query('BEGIN');
  try {
    // Keyed by the schema: sandboxes in different schemas of one database do not wait for each other.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('thread-sandbox migrate ' || current_schema()))`);
    await client.query(`CREATE TABLE IF NOT EXISTS sandbox_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM sandbox_migrations');
    const from = rows[0]?.version ?? 0;
    if (from > LATEST_VERSION) {
      throw new SchemaTooNewError(
        `the database schema is at version ${from}, newer than this thread-sandbox understands (up to ${LATEST_VERSION}): upgrade thread-sandbox, or point it at another database`,
      );
    }
    for (const m of MIGRATIONS) {
      if (m.version <= from) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO sandbox_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    await client.query('COMMIT');
    return { from, to: Math.max(from, LATEST_VERSION) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
