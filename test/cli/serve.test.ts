// The CLI as a newcomer runs it: a child process that serves on the given port, honours flags and
// environment variables, and stops cleanly on SIGTERM after in-flight work.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { once } from 'node:events';
import { assertMatchesSpec } from '../helpers/spec-check.js';

const CLI = join(import.meta.dirname, '../../src/cli.ts');

function start(args: string[], env: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

async function waitForPort(output: () => string, child: ChildProcess): Promise<number> {
  for (let i = 0; i < 300; i++) {
    const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output());
    if (m) return Number(m[1]);
    if (child.exitCode !== null) throw new Error(`exited early: ${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never listened: ${output()}`);
}

async function get(port: number, path: string, headers: Record<string, string>) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
  const checked = { status: res.status, body: (await res.json()) as any, headers: Object.fromEntries(res.headers) };
  return assertMatchesSpec('GET', path, checked);
}

const children: ChildProcess[] = [];
after(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

describe('thread-sandbox serve', () => {
  it('serves both APIs on the port it is given and stops with exit code 0 on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ts-cli-'));
    const data = join(dir, 'db.json');
    const { child, output } = start(['--port', '0', '--data', data, '--log-level', 'info']);
    children.push(child);
    const port = await waitForPort(output, child);
    const v1 = await get(port, '/v1/threads?workspaceId=&start=0&total=1000&thread_token=&type=&sorting=', { 'Api-Token': 'YOUR_SECRET_TOKEN' });
    assert.equal(v1.body.totalCount, 1);
    const v0 = await get(port, '/human/v0/threads?limit=2', { Authorization: 'Bearer t' });
    assert.equal(v0.body.count, 2);
    assert.ok((await stat(data)).size > 0, 'the data file was created from the fixtures');
    child.kill('SIGTERM');
    const [code] = await once(child, 'close');
    assert.equal(code, 0);
    // Log lines are buffered (up to 200 ms); they must all be out by the time the process is gone.
    assert.match(output(), /"url":"\/v1\/threads/, 'one log line per request');
    assert.match(output(), /"url":"\/human\/v0\/threads\?limit=2"/, 'one log line per request');
    JSON.parse(await readFile(data, 'utf8'));
  });

  it('takes its settings from environment variables too', async () => {
    const { child, output } = start([], { PORT: '0', SANDBOX_IN_MEMORY: 'true', SANDBOX_SEED: '3', SANDBOX_EXECUTION_THREADS: '40', SANDBOX_THREADS: '5', SANDBOX_DEFAULT_WORKSPACE: '2' });
    children.push(child);
    const port = await waitForPort(output, child);
    const res = await get(port, '/v1/threads', { 'Api-Token': 't' });
    assert.ok(res.body.totalCount > 0);
    assert.ok(res.body.items.every((i: { workspaceId: number }) => i.workspaceId === 2));
    child.kill('SIGTERM');
    assert.deepEqual(await once(child, 'exit'), [0, null]);
  });

  it('rejects a bad flag value with a clear message and a non-zero exit', async () => {
    const { child, output } = start(['--port', 'eighty']);
    const [code] = await once(child, 'exit');
    assert.notEqual(code, 0);
    assert.match(output(), /--port must be an integer, got 'eighty'/);
  });

  it('seed --out writes a generated database without serving, the same bytes for the same seed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ts-seed-'));
    const files = [join(dir, 'a.json'), join(dir, 'b.json')];
    for (const out of files) {
      const { child } = start(['seed', '--out', out, '--seed', '11', '--execution-threads', '50', '--threads', '20']);
      assert.deepEqual(await once(child, 'exit'), [0, null]);
    }
    const [a, b] = await Promise.all(files.map((f) => readFile(f, 'utf8')));
    assert.equal(a, b);
    assert.equal(JSON.parse(a as string).threads.length, 20);
  });
});
