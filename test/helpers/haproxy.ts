// Debian's HAProxy as the tests' load balancer: round robin in HTTP mode over the given servers,
// each checked on /__sandbox/ready, on a free port, with its config and stats socket in a temp
// folder. Tests call haproxySkip() to skip in one line where the binary is missing;
// SANDBOX_REQUIRE_HAPROXY=1 (CI) turns that skip into a failure.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = [process.env.HAPROXY_BIN, 'haproxy', '/usr/sbin/haproxy'].filter((c): c is string => Boolean(c));

function findBinary(): string | undefined {
  return CANDIDATES.find((bin) => spawnSync(bin, ['-v']).status === 0);
}

/** The reason to skip (binary missing), or false to run; false also when CI requires HAProxy, so the start fails loudly. */
export function haproxySkip(): string | false {
  if (findBinary() || process.env.SANDBOX_REQUIRE_HAPROXY === '1') return false;
  return 'haproxy is not installed (apt-get install haproxy); SANDBOX_REQUIRE_HAPROXY=1 makes this a failure';
}

export interface BalancedServer {
  name: string;
  /** http://host:port of the server */
  url: string;
}

export interface Balancer {
  url: string;
  /** The header naming the server that answered (set by HAProxy on every proxied answer). */
  servedByHeader: string;
  /** HAProxy's view of each server: 'UP', 'DOWN', 'MAINT', ... */
  serverStates(): Promise<Record<string, string>>;
  /** Resolves once every named server has the state (HAProxy checks every 300 ms). */
  waitForStates(want: Record<string, string>, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// A test that throws before its cleanup must not leave a balancer behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

export function haproxyConfig(port: number, socket: string, servers: readonly BalancedServer[]): string {
  return [
    'global',
    `  stats socket ${socket} mode 600 level admin`,
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 60s',
    '  timeout server 60s',
    // A busy test machine can keep a server from answering a check for a while: that is not down.
    '  timeout check 5s',
    // A connection refused by a stopped server is tried again on another; a request that reached
    // a server is never sent twice.
    '  retries 3',
    '  option redispatch 1',
    'frontend sandbox',
    `  bind 127.0.0.1:${port}`,
    '  default_backend replicas',
    'backend replicas',
    '  balance roundrobin',
    '  option httpchk GET /__sandbox/ready',
    '  http-check expect status 200',
    '  default-server check inter 300ms fall 2 rise 1',
    '  http-response set-header X-Sandbox-Replica %s',
    ...servers.map((s) => {
      const u = new URL(s.url);
      return `  server ${s.name} ${u.hostname}:${u.port}`;
    }),
    '',
  ].join('\n');
}

function askSocket(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = connect(socket);
    let out = '';
    c.on('data', (d) => (out += d.toString()));
    c.on('end', () => resolve(out));
    c.on('error', reject);
    c.end(`${command}\n`);
  });
}

/** Starts HAProxy in front of the servers; resolves once it answers on its stats socket and its port. */
export async function startHaproxy(servers: readonly BalancedServer[]): Promise<Balancer> {
  const bin = findBinary();
  if (!bin) throw new Error('SANDBOX_REQUIRE_HAPROXY=1 but no haproxy binary was found (apt-get install haproxy, or set HAPROXY_BIN)');
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-haproxy-'));
  const socket = join(dir, 'admin.sock');
  const port = await freePort();
  const config = join(dir, 'haproxy.cfg');
  writeFileSync(config, haproxyConfig(port, socket, servers));
  // -db: stay in the foreground, so the child is HAProxy itself and stops with it.
  const child = spawn(bin, ['-db', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));

  const serverStates = async () => {
    const csv = await askSocket(socket, 'show stat');
    const [head, ...rows] = csv.replace(/^# /, '').trim().split('\n');
    const cols = (head ?? '').split(',');
    const [px, sv, status] = ['pxname', 'svname', 'status'].map((c) => cols.indexOf(c)) as [number, number, number];
    const states: Record<string, string> = {};
    for (const row of rows) {
      const f = row.split(',');
      if (f[px] === 'replicas' && f[sv] !== 'BACKEND') states[f[sv] as string] = (f[status] ?? '').split(' ')[0] as string;
    }
    return states;
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const waitForStates = async (want: Record<string, string>, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    let last: Record<string, string> = {};
    while (Date.now() < deadline) {
      last = await serverStates();
      if (Object.entries(want).every(([name, state]) => last[name] === state)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`HAProxy's servers did not reach ${JSON.stringify(want)} within ${timeoutMs} ms: ${JSON.stringify(last)}`);
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}:\n${stderr}`);
    try {
      await serverStates();
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`haproxy did not start within 10 s:\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { url: `http://127.0.0.1:${port}`, servedByHeader: 'x-sandbox-replica', serverStates, waitForStates, stop };
}
