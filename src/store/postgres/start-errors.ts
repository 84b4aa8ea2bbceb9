// What a start on PostgreSQL that failed says: where (host, port, database and user, never the
// password), at which step, what PostgreSQL said, and for the usual causes what to do about it.
// docs/postgres.md lists each of these messages.
import { userInfo } from 'node:os';
import { StoreUnavailableError } from '../store-unavailable.js';
import { isUnavailable } from './connection.js';
import { SchemaChangedError } from './schema-check.js';
import { SchemaTooNewError } from './migrations.js';

/** The steps of a start, as the messages name them. */
export type StartStep = 'connecting' | 'creating the tables' | 'checking the tables' | 'seeding the data' | 'loading the data';

export class DatabaseStartError extends Error {
  override readonly name = 'DatabaseStartError';
}

/** Who connects where, from the URL (as pg reads it: PGUSER and the OS user stand in for a missing user). */
export interface Target {
  /** e.g. "PostgreSQL at 127.0.0.1:5432/postgres" */
  where: string;
  user: string;
  database: string;
  /** Kept only to make sure no message ever shows it. */
  password: string;
}

export function targetOf(url: string, where: string): Target {
  let user = '';
  let database = '';
  let password = '';
  try {
    const u = new URL(url);
    user = decodeURIComponent(u.username);
    password = decodeURIComponent(u.password);
    database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  } catch {
    // describeUrl said "PostgreSQL" already
  }
  user ||= process.env.PGUSER ?? userInfo().username;
  return { where, user, database: database || process.env.PGDATABASE || user, password };
}

/** The error a failed start throws: a StoreUnavailableError when the database is away, a DatabaseStartError otherwise. */
export function startFailure(error: unknown, step: StartStep, target: Target): Error {
  const e = error as { code?: string; message?: string };
  const said = hidden(e?.message ?? String(error), target.password);
  if (error instanceof StoreUnavailableError) return error;
  if (isUnavailable(error)) return new StoreUnavailableError(`The database (${target.where}) is unavailable while ${step}: ${said}`);
  const hint = error instanceof SchemaChangedError || error instanceof SchemaTooNewError ? undefined : hintFor(e?.code, said, target);
  return new DatabaseStartError(`${target.where} as user "${target.user}": ${step} failed: ${said}${hint ? `. ${hint}` : ''}`);
}

function hintFor(code: string | undefined, said: string, t: Target): string | undefined {
  switch (code) {
    case '28P01':
      return `The password in the URL is wrong, or there is no role "${t.user}" (PostgreSQL does not say which): check the URL, or create the role (CREATE ROLE "${t.user}" LOGIN PASSWORD '...')`;
    case '28000':
      if (/role .* does not exist/.test(said)) return `Create the role: CREATE ROLE "${t.user}" LOGIN PASSWORD '...'; (or createuser --pwprompt ${t.user})`;
      return 'The server refused this user from this host: see its pg_hba.conf';
    case '3D000':
      return `Create the database: CREATE DATABASE "${t.database}" OWNER "${t.user}"; (or createdb -O ${t.user} ${t.database})`;
    case '42501':
      return grantHint(said, t);
    default:
      return undefined;
  }
}

/** What to grant for a "permission denied": the tables live in the URL's schema (public unless search_path says otherwise). */
function grantHint(said: string, t: Target): string {
  const schema = /permission denied for schema (\S+)/.exec(said)?.[1] ?? 'public';
  if (/for database/.test(said)) return `Grant it: GRANT CONNECT, TEMPORARY ON DATABASE "${t.database}" TO "${t.user}";`;
  if (/temporary/i.test(said)) {
    return `The tables are checked against the migrations in a temporary schema: GRANT TEMPORARY ON DATABASE "${t.database}" TO "${t.user}";`;
  }
  if (/for schema/.test(said)) {
    return `Grant it (PostgreSQL 15 and later no longer let every role create in public): GRANT USAGE, CREATE ON SCHEMA ${schema} TO "${t.user}"; or make the role the database's owner: ALTER DATABASE "${t.database}" OWNER TO "${t.user}";`;
  }
  return `The tables belong to another role: make "${t.user}" their owner (ALTER TABLE ... OWNER TO "${t.user}"), or GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${t.user}"; GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO "${t.user}";`;
}

function hidden(message: string, password: string): string {
  return password.length >= 3 ? message.split(password).join('***') : message;
}
