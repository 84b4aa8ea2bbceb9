// `thread-sandbox proxy` as a user runs it: one line per request on stderr, and at SIGTERM or
// SIGINT the recording written and the summary printed. Exit status: 0 when nothing broke the
// contract, 1 when something did, 2 when the proxy could not do its job.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_FIXTURES, loadFixtures } from '../../src/fixtures.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { CLI, runCli } from '../helpers/cli.js';
import { startBrokenServer, type BrokenServer } from '../verify/broken-servers.js';
import { CREDENTIALS, fetchChecked, fetchRaw } from './fetch-checked.js';

interface RunningProxy {
  url: string;
  output(): { stdout: string; stderr: string };
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function startProxyCli(args: string[]): Promise<RunningProxy> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'proxy', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the proxy did not start:\n${stderr}`));
    }, 60_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /listening on (http:\/\/\S+),/.exec(stderr);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1] as string,
        output: () => ({ stdout, stderr }),
        stop: async (signal) => {
          child.kill(signal);
          const code = await exited;
          return { code, stdout, stderr };
        },
      });
    });
    exited.then(() => reject(new Error(`the proxy exited before listening:\n${stderr}`)));
  });
}

describe('the proxy command', () => {
  let sandbox: Sandbox;
  let broken: BrokenServer;
  let dir: string;
  before(async () => {
    [sandbox, broken, dir] = await Promise.all([startSandbox(), startBrokenServer('wrongFieldType'), mkdtemp(join(tmpdir(), 'proxy-cli-'))]);
  });
  after(async () => {
    await Promise.all([sandbox.stop(), broken.close(), rm(dir, { recursive: true, force: true })]);
  });

  it('at SIGTERM writes the recording, prints the summary and exits 0 when nothing broke the contract', async () => {
    const file = join(dir, 'recorded.json');
    const proxy = await startProxyCli(['--target', sandbox.url, '--record', file]);
    const list = await fetchChecked(proxy.url, '/v1/threads?workspaceId=2');
    assert.equal(list.contract, 'ok');
    assert.equal((await fetchChecked(proxy.url, '/human/v0/threads/thr-0001')).contract, 'ok');
    const { code, stdout, stderr } = await proxy.stop('SIGTERM');
    assert.equal(code, 0, stderr);
    assert.match(stderr, /#1 GET \/v1\/threads\?workspaceId=2 -> 200 \(ok\)/);
    assert.match(stdout, /^thread-sandbox proxy: 2 requests to http:\/\/127\.0\.0\.1:\d+, none broke the contract$/m);
    assert.match(stdout, new RegExp(`^recorded 7 execution threads and 1 thread \\(2 messages\\) to ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
    assert.ok(stdout.includes(`\n  replay it, leaving the file as it is: thread-sandbox serve --in-memory --data ${file}\n`), stdout);
    assert.doesNotMatch(stdout + stderr, /proxy-test-token/);
    // The file is a database the sandbox loads (the same validation as serve --data).
    const recorded = await loadFixtures(file);
    const fixtures = await loadFixtures(DEFAULT_FIXTURES);
    assert.deepEqual(recorded.threads, fixtures.threads.filter((t) => t.thread_id === 'thr-0001'));
    assert.equal(recorded.executionThreads.length, 7);
  });

  it('at SIGINT prints each violation in the summary and exits 1', async () => {
    const proxy = await startProxyCli(['--target', broken.url]);
    const answer = await fetchRaw(proxy.url, '/v1/threads?workspaceId=2');
    assert.equal(answer.contract, '1');
    const missing = await fetchChecked(proxy.url, '/human/v0/threads', { headers: {} });
    assert.equal(missing.contract, '1');
    const { code, stdout } = await proxy.stop('SIGINT');
    assert.equal(code, 1);
    assert.match(stdout, /2 requests to .*, 2 broke the contract \(violations: 1 by the consumer, 1 by the provider\)/);
    assert.match(stdout, /#1 GET \/v1\/threads\?workspaceId=2 -> 200 \(1 violation\)\n +provider +schema +body does not match the spec: \/items\/0\/workspaceId must be integer/);
    assert.match(stdout, /#2 GET \/human\/v0\/threads -> 401 \(1 violation\)\n +consumer +credentials +the Authorization header is missing/);
  });

  it('exits 2 with the reason when the target is not a URL', async () => {
    const { code, stderr } = await runCli(['proxy', '--target', 'localhost:8160', '--port', '0']);
    assert.equal(code, 2);
    assert.match(stderr, /thread-sandbox proxy: --target 'localhost:8160' is not an http\(s\) URL/);
  });

  it('exits 2 at start, with one line, when the recording cannot be written', async () => {
    for (const [record, reason] of [
      [join(dir, 'no-such-folder', 'recorded.json'), /the folder .*no-such-folder does not exist/],
      [dir, /is a folder; give a file name/],
    ] as const) {
      const { code, stdout, stderr } = await runCli(['proxy', '--target', sandbox.url, '--port', '0', '--record', record]);
      assert.equal(code, 2, stderr);
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr, /^thread-sandbox proxy: --record .* cannot be written: /);
      assert.match(stderr, reason);
      assert.doesNotMatch(stderr + stdout, /listening on/);
    }
  });

  it('exits 2 when the recording cannot be written at stop (its folder went away), after printing the summary', async () => {
    const folder = join(dir, 'goes-away');
    await mkdir(folder);
    const proxy = await startProxyCli(['--target', sandbox.url, '--record', join(folder, 'recorded.json')]);
    await fetchChecked(proxy.url, '/v1/threads');
    await rm(folder, { recursive: true });
    const { code, stdout, stderr } = await proxy.stop('SIGTERM');
    assert.equal(code, 2);
    assert.match(stderr, /could not write the recording to .*goes-away/);
    assert.match(stdout, /1 request to .*, none broke the contract/);
    assert.doesNotMatch(stdout, /^recorded/m);
  });
});
