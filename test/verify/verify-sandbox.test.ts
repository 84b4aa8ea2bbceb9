// The sandbox keeps its own contract: verifying it passes, reproducibly, without writing to it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { formatReport } from '../../src/verify/report-text.js';
import { exitCodeOf, runVerification, VERIFY_DEFAULTS, type VerifyRun } from '../../src/verify/runner.js';

const notPassed = (run: VerifyRun) => run.results.filter((r) => r.outcome !== 'passed');

describe('verifying the sandbox with its default fixtures', () => {
  let sandbox: Sandbox;
  let run: VerifyRun;
  before(async () => {
    sandbox = await startSandbox({ journalSize: 10_000 });
    run = await runVerification({ ...VERIFY_DEFAULTS, target: sandbox.url, seed: 42 });
  });
  after(() => sandbox.stop());

  it('passes every check of both APIs and skips none', () => {
    assert.deepEqual(notPassed(run), [], formatReport(run));
    assert.equal(exitCodeOf(run), 0);
    assert.deepEqual(new Set(run.results.map((r) => r.operation)), new Set(['listExecutionThreads', 'listThreads', 'getThread', '(paths no operation owns)']));
  });

  it('sends only GET requests (read-only)', async () => {
    const methods = new Set((await sandbox.services.journal.list()).map((e) => e.method));
    assert.deepEqual(methods, new Set(['GET']));
    assert.ok((await sandbox.services.journal.list()).length >= run.requests - 1);
  });

  it('generates the same checks from the same seed, and other ones from another seed', async () => {
    const again = await runVerification({ ...VERIFY_DEFAULTS, target: sandbox.url, seed: 42, api: 'v0' });
    const other = await runVerification({ ...VERIFY_DEFAULTS, target: sandbox.url, seed: 43, api: 'v0' });
    const names = (r: VerifyRun, api: string) => r.results.filter((x) => x.api === api).map((x) => x.name);
    assert.deepEqual(names(again, 'v0'), names(run, 'v0'));
    assert.notDeepEqual(names(other, 'v0'), names(run, 'v0'));
  });
});

describe('verifying a sandbox with generated data', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ seed: 3, executionThreads: 400, threads: 250 });
  });
  after(() => sandbox.stop());

  it('passes every check, with multi-page cursor walks and many windows', async () => {
    const run = await runVerification({ ...VERIFY_DEFAULTS, target: sandbox.url, seed: 5 });
    assert.deepEqual(notPassed(run), [], formatReport(run));
  });

  it('stops at --max-requests and reports the rest as skipped, not failed', async () => {
    const run = await runVerification({ ...VERIFY_DEFAULTS, target: sandbox.url, seed: 5, maxRequests: 30 });
    assert.ok(run.requests <= 30);
    const skipped = run.results.filter((r) => r.outcome === 'skipped');
    assert.ok(skipped.length > 0 && skipped.every((r) => /--max-requests/.test(r.reason ?? '')), formatReport(run));
    assert.equal(exitCodeOf(run), 0);
  });
});
