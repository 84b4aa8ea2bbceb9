// `thread-sandbox verify` as a CI job runs it: report on stdout, JUnit XML on request, exit status.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { startBrokenServer, type BrokenServer } from './broken-servers.js';
import { runCli } from './run-cli.js';

describe('the verify command', () => {
  let sandbox: Sandbox;
  let broken: BrokenServer;
  let dir: string;
  before(async () => {
    [sandbox, broken, dir] = await Promise.all([startSandbox(), startBrokenServer('acceptsMissingCredentials'), mkdtemp(join(tmpdir(), 'verify-'))]);
  });
  after(async () => {
    await Promise.all([sandbox.stop(), broken.close(), rm(dir, { recursive: true, force: true })]);
  });

  it('exits 0 against the sandbox, prints one line per check and writes JUnit XML', async () => {
    const report = join(dir, 'junit.xml');
    const { code, stdout } = await runCli(['verify', '--target', sandbox.url, '--seed', '3', '--report', report]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^Execution Threads v1 · listExecutionThreads$/m);
    assert.match(stdout, /^ {2}PASS {2}a cursor walk with limit=100 lists every thread once, newest first$/m);
    assert.match(stdout, /\d+ checks: \d+ passed, 0 failed, 0 skipped .* seed 3 \(repeat with --seed 3\)/);
    const xml = await readFile(report, 'utf8');
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="thread-sandbox verify http:\/\/127\.0\.0\.1:\d+" tests="\d+" failures="0"/);
    assert.equal((xml.match(/<testcase /g) ?? []).length, (stdout.match(/^ {2}PASS /gm) ?? []).length);
  });

  it('exits 1 when a check fails and shows the request and the reason', async () => {
    const report = join(dir, 'failed.xml');
    const { code, stdout } = await runCli(['verify', '--target', broken.url, '--api', 'v1', '--seed', '3', '--report', report]);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /FAIL {2}without an Api-Token header the answer is 401\n {8}request: GET \/v1\/threads\?workspaceId=&start=0&total=1000&thread_token=&type=&sorting= -> 200\n {8}why: expected 401, got 200/);
    assert.match(await readFile(report, 'utf8'), /<failure message="expected 401, got 200">request: GET \/v1\/threads\?workspaceId=&amp;start=0/);
  });
});
