// A wrong target is not a contract violation: an unreachable one or one that is not these APIs
// ends the run with a clear message and exit status 2, before any check runs.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { runVerification, TargetError, VERIFY_DEFAULTS } from '../../src/verify/runner.js';
import { runCli } from './run-cli.js';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('a target that is not there or not these APIs', () => {
  let closedUrl: string;
  let website: Server;
  let websiteUrl: string;
  let silent: Server;
  let silentUrl: string;
  before(async () => {
    silent = createServer(() => {});
    silentUrl = await listen(silent);
    // A port that was just free and is closed again: connecting to it is refused.
    const gone = createServer();
    closedUrl = await listen(gone);
    await new Promise((resolve) => gone.close(resolve));
    website = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Welcome to nginx!</h1>'));
    websiteUrl = await listen(website);
  });
  after(async () => {
    silent.closeAllConnections();
    await Promise.all([new Promise((resolve) => website.close(resolve)), new Promise((resolve) => silent.close(resolve))]);
  });

  it('an unreachable target is a TargetError that says it cannot be reached', async () => {
    await assert.rejects(runVerification({ ...VERIFY_DEFAULTS, target: closedUrl, seed: 1 }), (e: Error) => e instanceof TargetError && /cannot reach .*ECONNREFUSED/.test(e.message));
  });

  it('a target that accepts connections but never answers is a TargetError once the timeout passes', async () => {
    await assert.rejects(runVerification({ ...VERIFY_DEFAULTS, target: silentUrl, seed: 1, timeoutMs: 300 }), (e: Error) => e instanceof TargetError && /cannot reach .*no answer within 300 ms/.test(e.message));
  });

  it('a server that is not these APIs is a TargetError that says so', async () => {
    await assert.rejects(
      runVerification({ ...VERIFY_DEFAULTS, target: websiteUrl, seed: 1, api: 'v0' }),
      (e: Error) => e instanceof TargetError && /answered 404 text\/html: this does not look like the Agentry Threads v0 API/.test(e.message),
    );
  });

  it('a target that is not a URL is a TargetError', async () => {
    await assert.rejects(runVerification({ ...VERIFY_DEFAULTS, target: 'localhost:8160', seed: 1 }), TargetError);
  });

  it('the CLI exits 2 with the reason on stderr for an unreachable target', async () => {
    const { code, stdout, stderr } = await runCli(['verify', '--target', closedUrl]);
    assert.equal(code, 2);
    assert.match(stderr, /thread-sandbox verify: cannot reach/);
    assert.equal(stdout, '');
  });

  it('the CLI exits 2 for a server that is not these APIs', async () => {
    const { code, stderr } = await runCli(['verify', '--target', websiteUrl]);
    assert.equal(code, 2);
    assert.match(stderr, /does not look like the Execution Threads v1 API \(to verify only the other API, pass --api v0\)/);
  });
});
