// Server processes for the bench: spawned pinned to one core when taskset exists, ready when a
// URL answers 200, watched for resident memory, stopped by pid.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const SERVER_CPU = 0;
export const LOAD_CPU = 1;

/** True when processes can be pinned: taskset exists and there are at least two cores to pin to. */
export const canPin: boolean = (() => {
  const probe = spawnSync('taskset', ['-c', String(LOAD_CPU), 'true']);
  return probe.status === 0;
})();

/** The command line, behind `taskset -c <cpu>` when pinning is possible. */
export function pinned(cpu: number, command: string[]): string[] {
  return canPin ? ['taskset', '-c', String(cpu), ...command] : command;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServerProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first 200. */
  startupMs: number;
  /** Resident memory now, in bytes (0 when it cannot be read). */
  rss(): number;
  /** Peak resident memory of the process so far (VmHWM), in bytes. */
  peakRss(): number;
  /** CPU time (user + system) the process has used so far, in ms (NaN when it cannot be read). */
  cpuMs(): number;
  stop(): Promise<void>;
}

function statusField(pid: number, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // Not Linux: ask ps (current RSS only).
  }
  const ps = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' });
  return Number(ps.stdout.trim()) * 1024 || 0;
}

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

function cpuMs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000;
  } catch {
    return NaN;
  }
}

export interface SpawnOptions {
  name: string;
  command: string[];
  port: number;
  /** A path answering 200 once the server is ready. */
  readyPath: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Receives the server's stdout (ignored otherwise), e.g. a --trace-gc log. */
  onStdout?: (chunk: Buffer) => void;
}

export async function startServer(o: SpawnOptions): Promise<ServerProcess> {
  const [bin, ...args] = pinned(SERVER_CPU, o.command) as [string, ...string[]];
  const started = performance.now();
  const child = spawn(bin, args, { stdio: ['ignore', o.onStdout ? 'pipe' : 'ignore', 'pipe'] });
  if (o.onStdout) child.stdout?.on('data', o.onStdout);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${o.port}`;
  const deadline = started + (o.timeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${o.name} exited with ${child.exitCode} before it was ready:\n${stderr}`);
    try {
      const res = await fetch(url + o.readyPath, { headers: o.headers ?? {} });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${o.name} was not ready within ${o.timeoutMs ?? 120_000} ms:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const startupMs = performance.now() - started;
  const pid = child.pid as number;
  return {
    name: o.name,
    url,
    child,
    startupMs,
    rss: () => statusField(pid, 'VmRSS'),
    peakRss: () => statusField(pid, 'VmHWM'),
    cpuMs: () => cpuMs(pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Samples a process's resident memory while work runs; resolves to the work's result and the peak. */
export async function withRssPeak<T>(server: ServerProcess, work: () => Promise<T>): Promise<{ result: T; peakRss: number }> {
  let peak = server.rss();
  const timer = setInterval(() => (peak = Math.max(peak, server.rss())), 100);
  try {
    const result = await work();
    peak = Math.max(peak, server.rss());
    return { result, peakRss: peak };
  } finally {
    clearInterval(timer);
  }
}
