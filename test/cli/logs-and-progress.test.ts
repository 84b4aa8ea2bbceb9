// What the CLI writes: JSON log lines off a terminal, colored one-line entries on one, --log-level
// honoured, and the seed progress bar only on a terminal. The terminal is a real pseudo-terminal
// from util-linux `script`.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, runCli, startCli } from '../helpers/cli.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';

const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const children: ChildProcess[] = [];
let dir: string;
before(async () => (dir = await mkdtemp(join(tmpdir(), 'thread-sandbox-logs-'))));
after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, 'SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

async function getThreads(url: string) {
  const res = await fetch(`${url}/v1/threads`, { headers: { 'Api-Token': 'logs' } });
  return assertMatchesSpec('GET', '/v1/threads', { status: res.status, body: await res.json(), headers: Object.fromEntries(res.headers) });
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A command on a pseudo-terminal; its own process group, so SIGTERM reaches node directly. */
function onTerminal(command: string): { child: ChildProcess; output: () => string } {
  const child = spawn('script', ['-qfec', command, '/dev/null'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

describe('logs and progress', { timeout: 240_000 }, () => {
  it('off a terminal, every log line is JSON, with one line per request', async () => {
    const cli = await startCli(['--in-memory', '--log-level', 'info']);
    assert.equal((await getThreads(cli.url)).status, 200);
    await until('the request line', () => (/"msg":"request"/.test(cli.output()) ? true : undefined));
    cli.child.kill('SIGTERM');
    assert.equal((await cli.exited).code, 0);
    const lines = cli.output().trim().split('\n');
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      assert.equal(typeof entry.level, 'number', line);
      assert.equal(typeof entry.msg, 'string', line);
    }
    assert.ok(lines.some((l) => /"method":"GET","url":"\/v1\/threads","status":200/.test(l)));
    assert.ok(lines.some((l) => /"signal":"SIGTERM"/.test(l)), 'the stop is logged before exit');
  });

  it('--log-level warn keeps info lines (requests, stop) out of the log, but not the listening line', async () => {
    const free = createServer().listen(0, '127.0.0.1');
    await once(free, 'listening');
    const port = (free.address() as { port: number }).port;
    await new Promise((r) => free.close(r));
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--in-memory', '--port', String(port), '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const res = await until('the server', () => getThreads(`http://127.0.0.1:${port}`).catch(() => undefined));
    assert.equal(res.status, 200);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'close')) as [number | null];
    assert.equal(code, 0);
    const lines = out.trim().split('\n');
    assert.equal(lines.length, 1, `only the listening line:\n${out}`);
    const entry = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    assert.equal(entry.msg, `thread-sandbox listening on http://127.0.0.1:${port}`);
    assert.equal(entry.url, `http://127.0.0.1:${port}`);
  });

  it('--port 0 --log-level warn still says which port it chose; silent says nothing', async () => {
    const quiet = await startCli(['--in-memory', '--log-level', 'warn']);
    assert.equal((await getThreads(quiet.url)).status, 200, 'the URL of the listening line answers');
    quiet.child.kill('SIGTERM');
    assert.equal((await quiet.exited).code, 0);
    const silent = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--in-memory', '--port', '0', '--log-level', 'silent'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.push(silent);
    let out = '';
    silent.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    silent.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((r) => setTimeout(r, 4000));
    silent.kill('SIGTERM');
    const [code] = (await once(silent, 'close')) as [number | null];
    assert.equal(code, 0);
    assert.equal(out, '', 'silent is silent');
  });

  it('on a terminal at --log-level warn the start is the one listening line, not the banner', { skip: !HAS_SCRIPT && 'no util-linux script' }, async () => {
    const { child, output } = onTerminal(`exec "${process.execPath}" --import tsx "${CLI}" serve --in-memory --port 0 --log-level warn`);
    const url = await until('listening', () => /listening on (http:\/\/[\d.:]+)/.exec(output().replace(ANSI, ''))?.[1]);
    assert.equal((await getThreads(url)).status, 200);
    const node = Number(spawnSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).stdout.trim().split('\n')[0]);
    process.kill(node, 'SIGTERM');
    await once(child, 'close');
    assert.match(output().replace(ANSI, '').trim(), /^thread-sandbox \S+ listening on http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('on a terminal, log entries are colored single lines, a request as "GET /v1/threads 200 ... ms"', { skip: !HAS_SCRIPT && 'no util-linux script' }, async () => {
    const { child, output } = onTerminal(`exec "${process.execPath}" --import tsx "${CLI}" serve --in-memory --port 0 --log-level info`);
    const url = await until('listening', () => /listening on (http:\/\/[\d.:]+)/.exec(output().replace(ANSI, ''))?.[1]);
    assert.equal((await getThreads(url)).status, 200);
    await until('the request line', () => (/GET \/v1\/threads 200 [\d.]+ ms/.test(output().replace(ANSI, '')) ? true : undefined));
    // SIGTERM to node alone: script would close the terminal at once if it had the signal too.
    const node = Number(spawnSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).stdout.trim().split('\n')[0]);
    assert.ok(node > 0, 'the node process under script');
    process.kill(node, 'SIGTERM');
    await once(child, 'close');
    assert.match(output(), ANSI, 'colored');
    assert.doesNotMatch(output(), /\{"level"/, 'no JSON on a terminal');
    // The start banner comes first (its own test is in first-start.test.ts), then only log entries.
    const lines = output().replace(ANSI, '').split(/\r?\n/).filter((l) => l && !/^thread-sandbox \S+ listening on |^  /.test(l));
    assert.ok(lines.every((l) => /^\[\d\d:\d\d:\d\d\.\d{3}\] (INFO|WARN|ERROR)/.test(l)), lines.join('\n'));
    assert.match(lines.at(-1) ?? '', /INFO: stopping: .* \{"signal":"SIGTERM"\}/, 'the last line before exit is not lost');
  });

  it('seed shows a progress bar on a terminal', { skip: !HAS_SCRIPT && 'no util-linux script' }, async () => {
    const out = join(dir, 'tty.json');
    const { child, output } = onTerminal(`exec "${process.execPath}" --import tsx "${CLI}" seed --threads 10000 --execution-threads 1000 --out "${out}"`);
    await once(child, 'close');
    const text = output().replace(ANSI, '');
    assert.match(text, /generating .* 100% \| 11000\/11000/);
    assert.match(text, /wrote .*tty\.json: 1000 execution threads, 10000 threads/);
  });

  it('seed writes no progress bar when stderr is not a terminal', async () => {
    const out = join(dir, 'pipe.json');
    const result = await runCli(['seed', '--threads', '10000', '--execution-threads', '1000', '--out', out]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, `wrote ${out}: 1000 execution threads, 10000 threads (seed 1)\n`);
    assert.equal(result.stdout, '');
  });
});
