// The pg pool of one replica, with bounds on every wait: a database that is gone must turn into a
// quick StoreUnavailableError, never a request that hangs. The pool reconnects by itself.
import pg from 'pg';
import { StoreUnavailableError } from '../store-unavailable.js';

export interface ConnectionOptions {
  url: string;
  /** Connections this replica keeps at most. */
  poolSize?: number;
  /** Longest wait for a connection, and for one statement, in ms. */
  timeoutMs?: number;
}

// SQLSTATE classes of a database that is gone or shutting down: 08 connection exceptions, 57P
// operator intervention (admin shutdown, crash shutdown, cannot connect now), 53 insufficient resources.
const UNAVAILABLE_SQLSTATE = /^(08|57P|53)/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** Where the database is, for messages: host:port/database (pg's defaults filled in), never the password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname || u.searchParams.get('host') || process.env.PGHOST || 'localhost';
    const port = u.port || u.searchParams.get('port') || process.env.PGPORT || '5432';
    return `PostgreSQL at ${host}:${port}${u.pathname.length > 1 ? u.pathname : `/${process.env.PGDATABASE ?? ''}`}`;
  } catch {
    return 'PostgreSQL';
  }
}

export function createPool(options: ConnectionOptions): pg.Pool {
  const timeoutMs = options.timeoutMs ?? 5000;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 8,
    connectionTimeoutMillis: timeoutMs,
    // Server side and client side: a statement stuck behind a lock or a dead socket both end.
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs + 1000,
    idleTimeoutMillis: 10_000,
    keepAlive: true,
    // Idle connections must not keep a process (or a test run) alive.
    allowExitOnIdle: true,
    application_name: 'thread-sandbox',
    // Acknowledged means committed: whatever the server's default, a commit returns once it is on
    // disk. Set when the connection starts, so no query races the pool's first one.
    options: '-c synchronous_commit=on',
  });
  // An idle connection whose server went away emits 'error' on the pool; unhandled, it would end
  // the process. The next query gets a new connection (or a clear error).
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Runs work on a client of its own from the pool. pg-pool takes its idle 'error' listener off a
 * client while it is checked out; a database that crashes mid-query then emits 'error' on the
 * client, and without a listener that ends the process. One is attached for the checkout's
 * lifetime, and a client that failed is closed rather than handed out again.
 */
export async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken ??= error;
  };
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    if (isUnavailable(error)) broken ??= error as Error;
    throw error;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

/** True when an error means "the database cannot be reached now" rather than a bad statement. */
export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code)) return true;
  // statement_timeout (57014) and pg's own client-side timeouts.
  if (code === '57014') return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /timeout|Connection terminated|connection is closed|Client has encountered a connection error|not queryable/i.test(message);
}

/** The error a caller sees: a StoreUnavailableError naming the database, or the original. */
export function unavailableOr(error: unknown, where: string): Error {
  if (error instanceof StoreUnavailableError) return error;
  if (!isUnavailable(error)) return error as Error;
  const detail = (error as Error).message || (error as { code?: string }).code || String(error);
  return new StoreUnavailableError(`The database (${where}) is unavailable: ${detail}`);
}
