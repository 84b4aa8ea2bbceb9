// Refuses tables changed by hand at the migration version they claim: a dropped constraint or a
// changed column would pass the start and /ready, then fail requests with 500s. What the tables
// should be is what the migrations make, not a second copy of the schema: they are run in the
// session's temporary schema inside a transaction that is rolled back (once per process and
// server version), and the catalogs of both are compared.
import type pg from 'pg';
import { MIGRATIONS } from './migrations.js';

export class SchemaChangedError extends Error {
  override readonly name = 'SchemaChangedError';
}

/** Each table's columns, constraints and indexes as comparable lines; sequences under '(sequences)'. */
type Structure = Map<string, string[]>;

const SEQUENCES = '(sequences)';

/** Throws a SchemaChangedError naming the differences between the live tables and the migrations'. */
export async function checkSchema(client: pg.ClientBase): Promise<void> {
  const live = await structureOf(client, `(SELECT oid FROM pg_namespace WHERE nspname = current_schema())`);
  const schema = (await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s ?? 'public';
  const differences = compare(await expectedStructure(client), live);
  if (differences.length === 0) return;
  const shown = differences.slice(0, 6).join('; ');
  const more = differences.length > 6 ? `; and ${differences.length - 6} more` : '';
  throw new SchemaChangedError(
    `the tables in schema "${schema}" differ from what the migrations make (changed by hand?): ${shown}${more}. ` +
      'Undo the change, or point thread-sandbox at a new database or schema (it creates the tables itself)',
  );
}

/** What the migrations make, per server version (how the catalogs print a type may differ between versions). */
const madeByMigrations = new Map<string, Promise<Structure>>();

async function expectedStructure(client: pg.ClientBase): Promise<Structure> {
  const version = (await client.query<{ v: string }>('SELECT current_setting(\'server_version_num\') AS v')).rows[0]?.v ?? '';
  let made = madeByMigrations.get(version);
  if (!made) {
    made = migratedInTemporarySchema(client);
    madeByMigrations.set(version, made);
    made.catch(() => madeByMigrations.delete(version));
  }
  return made;
}

async function migratedInTemporarySchema(client: pg.ClientBase): Promise<Structure> {
  await client.query('BEGIN');
  try {
    // Unqualified names in the migrations land in the first schema of the path: the temporary one.
    await client.query('SET LOCAL search_path = pg_temp');
    for (const m of MIGRATIONS) await client.query(m.sql);
    return await structureOf(client, 'pg_my_temp_schema()');
  } finally {
    await client.query('ROLLBACK');
  }
}

function compare(expected: Structure, live: Structure): string[] {
  const out: string[] = [];
  for (const [table, lines] of expected) {
    const have = live.get(table);
    if (!have) {
      if (table !== SEQUENCES) out.push(`table ${table} is missing`);
      continue;
    }
    for (const line of lines) if (!have.includes(line)) out.push(`${table}: ${line} is missing or different`);
    for (const line of have) if (!lines.includes(line)) out.push(`${table}: unexpected ${line}`);
  }
  // Sequences may be added beside ours; ours must be there.
  return out.filter((d) => !d.startsWith(`${SEQUENCES}: unexpected`));
}

async function structureOf(client: pg.ClientBase, namespace: string): Promise<Structure> {
  const { rows } = await client.query<{ table: string; line: string }>(
    `WITH ns AS (SELECT ${namespace} AS oid),
     tables AS (SELECT c.oid, c.relname FROM pg_class c, ns WHERE c.relnamespace = ns.oid AND c.relkind = 'r')
     SELECT t.relname AS table,
            'column ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
              || COALESCE(' default ' || pg_get_expr(d.adbin, d.adrelid), '') AS line
       FROM tables t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_attrdef d ON d.adrelid = t.oid AND d.adnum = a.attnum
     UNION ALL
     SELECT t.relname, 'constraint ' || pg_get_constraintdef(k.oid) FROM tables t JOIN pg_constraint k ON k.conrelid = t.oid
     UNION ALL
     SELECT t.relname, 'index ' || pg_get_indexdef(i.indexrelid) FROM tables t JOIN pg_index i ON i.indrelid = t.oid
     UNION ALL
     SELECT '${SEQUENCES}', 'sequence ' || c.relname FROM pg_class c, ns WHERE c.relnamespace = ns.oid AND c.relkind = 'S'`,
  );
  const out: Structure = new Map();
  for (const { table, line } of rows) {
    const lines = out.get(table) ?? [];
    lines.push(normalized(line));
    out.set(table, lines);
  }
  return out;
}

/** The schema's name (temporary or not) and an index's own name say nothing about its shape. */
function normalized(line: string): string {
  return line
    .replace(/^index CREATE (UNIQUE )?INDEX \S+ ON \S+ /, (_m, unique: string | undefined) => `index ${unique ? 'unique ' : ''}`)
    .replace(/nextval\('(?:[^'.]+\.)?([^']+)'::regclass\)/g, "nextval('$1'::regclass)");
}
