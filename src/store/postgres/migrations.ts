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
