// The PostgreSQL engine's rows of `npm run bench`, measured in the same run as the file engine:
// W1, W2 and W3 on one replica (pinned like the file engine's server, the database unpinned on
// the same machine), and durable creates through HAProxy across three replicas. Uses the tests'
// throwaway cluster and balancer helpers, so the bench needs exactly what the tests need.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { haproxySkip, startHaproxy } from '../test/helpers/haproxy.js';
import { postgresUnavailable, startPostgres } from '../test/helpers/postgres.js';
import type { LoadRequest, LoadSummary } from './load-worker.js';
import { runLoad } from './load.js';
import { freePort, startServer, type ServerProcess } from './processes.js';
import type { Row } from './report.js';
import { V1_AUTH, W4, type Workload } from './workloads.js';

export const POSTGRES_WORKLOADS = ['W1', 'W2', 'W3'];
export const NOTE = 'PostgreSQL';

export interface PostgresCreates {
  replicas: number;
  connections: number;
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** CPU per acknowledged create: all replicas together, and the database's processes. */
  cpuUs: number;
  dbCpuUs: number;
}

export interface PostgresResults {
  rows: Row[];
  /** Database CPU per answered request of each read row, by workload. */
  dbCpuUs: Map<string, number>;
  creates?: PostgresCreates;
  skipped?: string;
}

/** Why the PostgreSQL rows cannot be measured here, or undefined. */
export function postgresBenchUnavailable(): string | undefined {
  try {
    return postgresUnavailable() ?? (haproxySkip() || undefined);
  } catch (error) {
    return (error as Error).message;
  }
}

export interface Measured extends LoadSummary {
  cpuUsPerReq: number;
  peakRssMb: number;
}

export interface PostgresBenchContext {
  /** The command that runs the CLI (built or from source). */
  cli: string[];
  size: number;
  seedFile: string;
  reads: Workload[];
  /** The same measurement as the file engine's rows (warm-up, seconds, connections). */
  measure(server: ServerProcess, requests: LoadRequest[]): Promise<Measured>;
  warmupSeconds: number;
  seconds: number;
  writers: number;
  smoke: boolean;
  log(line: string): void;
}

const TICKS = 100;
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) / TICKS) * 1000;
  } catch {
    return 0;
  }
}

/** CPU time of the cluster: the postmaster and every backend it forked (a backend gone meanwhile is not counted). */
async function databaseCpu(url: string): Promise<() => number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const dir = (await client.query<{ setting: string }>("select setting from pg_settings where name = 'data_directory'")).rows[0]?.setting as string;
  await client.end();
  const postmaster = Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return () => {
    let ms = processCpuMs(postmaster);
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) ms += processCpuMs(Number(entry));
      } catch {
        // gone between the listing and the read
      }
    }
    return ms;
  };
}

async function startReplica(ctx: PostgresBenchContext, store: string, pinned: boolean): Promise<ServerProcess> {
  const port = await freePort();
  return startServer({
    name: 'sandbox (PostgreSQL)',
    command: [...ctx.cli, 'serve', '--store', store, '--fixtures', ctx.seedFile, '--port', String(port)],
    port,
    readyPath: '/v1/threads?start=0&total=50',
    headers: V1_AUTH,
    pinned,
  });
}

export async function benchPostgres(ctx: PostgresBenchContext): Promise<PostgresResults> {
  const out: PostgresResults = { rows: [], dbCpuUs: new Map() };
  const database = await startPostgres();
  try {
    const dbCpuMs = await databaseCpu(database.url);

    // ---- reads: one replica, pinned like the file engine's server
    const replica = await startReplica(ctx, database.url, true);
    try {
      for (const w of ctx.reads) {
        const requests = await w.resolve(replica.url);
        for (const r of requests) {
          const res = await fetch(replica.url + r.path, { method: r.method, headers: r.headers });
          await res.arrayBuffer();
          if (res.status !== w.expectStatus) throw new Error(`${w.name} on PostgreSQL answered ${res.status}`);
        }
        const before = dbCpuMs();
        const m = await ctx.measure(replica, requests);
        out.dbCpuUs.set(w.name, ((dbCpuMs() - before) * 1000) / Math.max(m.total, 1));
        out.rows.push({ size: ctx.size, workload: w.name, note: NOTE, rps: m.rps, p50: m.p50, p99: m.p99, errors: m.errors, non2xx: m.non2xx, bytes: 0, peakRssMb: m.peakRssMb, cpuUs: m.cpuUsPerReq });
        ctx.log(`${ctx.size} ${w.name} PostgreSQL: ${Math.round(m.rps)} req/s, p99 ${m.p99} ms, ${Math.round(m.cpuUsPerReq)} µs CPU/req + ${Math.round(out.dbCpuUs.get(w.name) ?? 0)} µs database`);
      }
    } finally {
      await replica.stop();
    }

    // ---- durable creates: three replicas (unpinned: they share both cores with the database) behind HAProxy
    const replicas: ServerProcess[] = [];
    try {
      for (let i = 0; i < 3; i++) replicas.push(await startReplica(ctx, database.url, false));
      const balancer = await startHaproxy(replicas.map((r, i) => ({ name: `r${i + 1}`, url: r.url })));
      try {
        await balancer.waitForStates({ r1: 'UP', r2: 'UP', r3: 'UP' });
        const requests = await W4.resolve(balancer.url);
        const job = { url: balancer.url, requests, connections: ctx.writers, warmupSeconds: 0 };
        if (ctx.warmupSeconds > 0) await runLoad({ ...job, seconds: ctx.warmupSeconds }, ctx.smoke);
        const cpuBefore = replicas.reduce((n, r) => n + r.cpuMs(), 0);
        const dbBefore = dbCpuMs();
        const m = await runLoad({ ...job, seconds: ctx.seconds }, ctx.smoke);
        const acknowledged = Math.max(m.total - m.non2xx, 1);
        out.creates = {
          replicas: replicas.length,
          connections: ctx.writers,
          rps: m.rps,
          p99: m.p99,
          errors: m.errors,
          non2xx: m.non2xx,
          cpuUs: ((replicas.reduce((n, r) => n + r.cpuMs(), 0) - cpuBefore) * 1000) / acknowledged,
          dbCpuUs: ((dbCpuMs() - dbBefore) * 1000) / acknowledged,
        };
        ctx.log(`creates on PostgreSQL, 3 replicas: ${Math.round(m.rps)}/s, p99 ${m.p99} ms, ${Math.round(out.creates.cpuUs)} µs replica CPU + ${Math.round(out.creates.dbCpuUs)} µs database per create`);
      } finally {
        await balancer.stop();
      }
    } finally {
      await Promise.all(replicas.map((r) => r.stop()));
    }
  } finally {
    await database.stop();
  }
  return out;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Table rows for the creates (the reads are ordinary rows with the note). */
export function postgresTableLines(r: PostgresResults | undefined): string[] {
  const c = r?.creates;
  if (!c) return [];
  return [`| ${fmt(r.rows[0]?.size ?? 0)} | creates (${NOTE}, ${c.replicas} replicas behind HAProxy, ${c.connections} clients) | ${fmt(c.rps)} | – | ${c.p99} | ${c.errors} | ${c.non2xx} | – | – | – | – | – | – | – | ${fmt(c.cpuUs)} + ${fmt(c.dbCpuUs)} database | – | – |`];
}

/** One line per goal of the PostgreSQL engine: reads >= 0.4 of the file engine, >= 500 creates/s across three replicas. */
export function postgresVerdicts(r: PostgresResults | undefined, fileRows: readonly Row[]): string[] {
  if (!r) return [];
  if (r.skipped) return [`NOT MEASURED PostgreSQL engine: ${r.skipped}`];
  const mark = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
  const out: string[] = [];
  for (const row of r.rows) {
    const file = fileRows.find((x) => x.size === row.size && x.workload === row.workload && !x.note);
    if (!file) continue;
    const share = row.rps / file.rps;
    const db = r.dbCpuUs.get(row.workload) ?? NaN;
    out.push(
      `${mark(share >= 0.4 && row.errors === 0 && row.non2xx === 0)} ${row.workload} on PostgreSQL >= 0.4 of the file engine: ${fmt(share, 2)} (${fmt(row.rps)} against ${fmt(file.rps)} req/s; CPU per request: replica ${fmt(row.cpuUs)} µs + database ${fmt(db)} µs, file engine ${fmt(file.cpuUs)} µs; p99 ${row.p99} ms against ${file.p99})`,
    );
  }
  const c = r.creates;
  if (c) out.push(`${mark(c.rps >= 500 && c.errors === 0 && c.non2xx === 0)} PostgreSQL creates >= 500/s across ${c.replicas} replicas: ${fmt(c.rps)}/s, p99 ${c.p99} ms (CPU per create: replicas ${fmt(c.cpuUs)} µs + database ${fmt(c.dbCpuUs)} µs)`);
  return out;
}
