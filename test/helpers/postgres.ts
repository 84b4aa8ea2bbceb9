// A real, throwaway PostgreSQL for tests: initdb and pg_ctl in a temporary folder (as the
// `postgres` user when running as root, since PostgreSQL refuses to run as root), the socket in
// that folder, a free port, stopped at the end. Without the binaries the caller skips, saying so
// in one line, unless SANDBOX_REQUIRE_POSTGRES=1 (CI) turns the skip into a failure.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  /** e.g. postgres://sandbox@127.0.0.1:54321/postgres */
  url: string;
  port: number;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
  /** Stops the server, keeping its data (to simulate the database going away). */
  pause(): Promise<void>;
  /** Starts a paused server again on the same port. */
  resume(): Promise<void>;
  /** Stops every server process with SIGSTOP: connections stay open and nothing answers (a hung database). */
  freeze(): void;
  /** SIGCONT after freeze(). */
  thaw(): void;
}

/** The folder holding initdb and pg_ctl, or undefined when PostgreSQL is not installed. */
export function findPostgresBin(): string | undefined {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => existsSync(join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(debian, versions[0], 'bin');
  }
  try {
    const bin = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (existsSync(join(bin, 'initdb'))) return bin;
  } catch {
    // no pg_config on PATH
  }
  return undefined;
}

/**
 * Why PostgreSQL tests cannot run here, or undefined when they can. With SANDBOX_REQUIRE_POSTGRES=1
 * a missing PostgreSQL throws instead, so CI never passes without it.
 */
export function postgresUnavailable(): string | undefined {
  if (findPostgresBin()) return undefined;
  const reason = 'PostgreSQL binaries (initdb, pg_ctl) not found: skipping the PostgreSQL engine tests (apt-get install postgresql, or set PG_BIN)';
  if (process.env.SANDBOX_REQUIRE_POSTGRES === '1') throw new Error(`${reason}; SANDBOX_REQUIRE_POSTGRES=1 makes this a failure`);
  return reason;
}

let skipSaid = false;
/** Prints the skip reason once per process and returns it (for `test(..., { skip })`). */
export function postgresSkip(): string | false {
  const reason = postgresUnavailable();
  if (!reason) return false;
  if (!skipSaid) process.stderr.write(`${reason}\n`);
  skipSaid = true;
  return reason;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface RunAs {
  uid?: number;
  gid?: number;
}

function postgresUser(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

function run(bin: string, args: string[], as: RunAs): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { ...as, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${bin} ${args.join(' ')} exited with ${code}:\n${out}`))));
  });
}

/**
 * Starts a fresh cluster; throws when PostgreSQL is not installed (check postgresSkip() first).
 * `passwords`: TCP connections need a password (scram-sha-256; the superuser's is "sandbox", in
 * `url`), as on a real server; by default every connection is trusted.
 */
export async function startPostgres({ passwords = false } = {}): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(postgresUnavailable() ?? 'PostgreSQL not found');
  const as = postgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-pg-'));
  if (as.uid !== undefined) chownSync(dir, as.uid, as.gid as number);
  const data = join(dir, 'data');
  const port = await freePort();
  const auth = passwords ? ['--auth-local=trust', '--auth-host=scram-sha-256'] : ['-A', 'trust'];
  await run(join(bin, 'initdb'), ['-D', data, ...auth, '-U', 'sandbox', '--no-sync', '-E', 'UTF8', '--locale=C'], as);
  const start = () =>
    run(join(bin, 'pg_ctl'), ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300`, '-l', join(dir, 'log'), '-w', '-t', '60', 'start'], as);
  const stopServer = () => run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], as);
  await start();
  if (passwords) {
    // Over the socket, which stays trusted.
    const client = new pg.Client({ host: dir, port, user: 'sandbox', database: 'postgres' });
    await client.connect();
    await client.query("ALTER ROLE sandbox PASSWORD 'sandbox'");
    await client.end();
  }
  let running = true;
  const signalAll = (signal: NodeJS.Signals) => {
    const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
    for (const pid of [postmaster, ...children]) process.kill(pid, signal);
  };
  return {
    freeze: () => signalAll('SIGSTOP'),
    thaw: () => signalAll('SIGCONT'),
    url: `postgres://sandbox${passwords ? ':sandbox' : ''}@127.0.0.1:${port}/postgres`,
    port,
    pause: async () => {
      await stopServer();
      running = false;
    },
    resume: async () => {
      await start();
      running = true;
    },
    stop: async () => {
      if (running) {
        // A frozen server cannot stop.
        try {
          signalAll('SIGCONT');
        } catch {
          // already gone
        }
        await stopServer().catch(() => undefined);
      }
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let schemas = 0;
/**
 * A URL on the same cluster whose tables live in a new, empty schema: one sandbox per schema,
 * so many sandboxes share one cluster without seeing each other's data.
 */
export async function freshSchemaUrl(baseUrl: string): Promise<string> {
  const name = `sbx_${process.pid}_${++schemas}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  return url.toString();
}

/**
 * A cluster for one test file: the one `npm run test:postgres` started (SANDBOX_TEST_DATABASE_URL)
 * or a new one, stopped by `release()`. `own: true` always starts a new one (tests that stop it).
 */
export async function clusterForTests(own = false): Promise<{ url: string; cluster?: PostgresCluster; release(): Promise<void> }> {
  const shared = process.env.SANDBOX_TEST_DATABASE_URL;
  if (shared && !own) return { url: shared, release: async () => undefined };
  const cluster = await startPostgres();
  return { url: cluster.url, cluster, release: () => cluster.stop() };
}
