// The whole of `verify` sent through the proxy to a sandbox: hundreds of varied requests, valid
// and deliberately invalid. The proxy must be transparent (every check still passes), must not
// blame a provider that keeps the contract, and must catch every request that broke it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startProxy, type Proxy } from '../../src/proxy/proxy-server.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { formatReport } from '../../src/verify/report-text.js';
import { runVerification, VERIFY_DEFAULTS, type VerifyRun } from '../../src/verify/runner.js';

describe('verify, run through the proxy against a sandbox', () => {
  let provider: Sandbox;
  let proxy: Proxy;
  let run: VerifyRun;
  before(async () => {
    provider = await startSandbox();
    proxy = await startProxy({ target: provider.url });
    run = await runVerification({ ...VERIFY_DEFAULTS, target: proxy.url, seed: 11 });
  });
  after(async () => {
    await proxy.stop();
    await provider.stop();
  });

  it('passes every check: the proxy changes nothing a client can see but its header', () => {
    assert.deepEqual(
      run.results.filter((r) => r.outcome !== 'passed'),
      [],
      formatReport(run),
    );
  });

  it('finds no provider violation in a sandbox', () => {
    const blamed = proxy.exchanges().filter((e) => e.violations.some((v) => v.side === 'provider'));
    assert.deepEqual(blamed, []);
    assert.equal(proxy.totals().provider, 0);
  });

  it("reports each of verify's invalid requests as the consumer's violation", () => {
    const totals = proxy.totals();
    assert.ok(totals.consumer > 10, JSON.stringify(totals));
    // A 4xx the specs cannot foresee from the request alone: an unknown thread id, a forged cursor.
    const unflagged = proxy.exchanges().filter((e) => e.status >= 400 && e.violations.length === 0);
    for (const e of unflagged) {
      assert.ok((e.status === 404 && e.operationId === 'getThread') || (e.status === 400 && /[?&]page_token=/.test(e.url)), `${e.method} ${e.url} -> ${e.status} was not reported`);
    }
    const flagged = proxy.exchanges().filter((e) => e.violations.length > 0);
    assert.ok(flagged.every((e) => e.status >= 400), 'only requests the sandbox rejected are the consumer\'s mistakes');
  });
});
