// Each deliberately broken provider fails verification, and every failing check points at the one
// behaviour that was broken (nothing else is reported as failing).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exitCodeOf, runVerification, VERIFY_DEFAULTS, type VerifyRun } from '../../src/verify/runner.js';
import { formatReport } from '../../src/verify/report-text.js';
import { startBrokenServer, type BrokenKind, type BrokenServer } from './broken-servers.js';

const CASES: { kind: BrokenKind; does: string; api: 'v1' | 'v0' | 'all'; names: RegExp; expected: RegExp }[] = [
  { kind: 'ignoresTotal', does: 'ignores total', api: 'v1', names: /total/, expected: /windows of total=\d+ .*tile the whole list/ },
  { kind: 'sortsWrongly', does: 'sorts ascending when asked for descending', api: 'v1', names: /sorting=/, expected: /sorting=CreatedAt desc orders/ },
  { kind: 'cursorRepeatsAThread', does: 'repeats a thread on the next cursor page', api: 'v0', names: /repeats a thread/, expected: /cursor walk with limit=\d+ returns the same threads/ },
  { kind: 'wrongFieldType', does: 'sends workspaceId as a string', api: 'v1', names: /workspaceId must be integer/, expected: /the documented request answers 200/ },
  { kind: 'acceptsMissingCredentials', does: 'answers 200 without credentials', api: 'all', names: /401/, expected: /without an Authorization header the answer is 401/ },
];

for (const { kind, does, api, names, expected } of CASES) {
  describe(`a provider that ${does}`, () => {
    let server: BrokenServer;
    let run: VerifyRun;
    before(async () => {
      server = await startBrokenServer(kind);
      run = await runVerification({ ...VERIFY_DEFAULTS, target: server.url, api, seed: 6 });
    });
    after(() => server.close());

    it('fails verification', () => {
      assert.equal(exitCodeOf(run), 1, formatReport(run));
    });

    it('fails the check that is about the broken behaviour', () => {
      const failed = run.results.filter((r) => r.outcome === 'failed');
      assert.ok(
        failed.some((r) => expected.test(r.name)),
        `expected a failing check matching ${expected}, failed: ${failed.map((r) => r.name).join(' | ')}`,
      );
    });

    it('names the broken behaviour in every failure and fails nothing else', () => {
      for (const r of run.results.filter((x) => x.outcome === 'failed')) {
        assert.match(`${r.name} ${r.reason}`, names, `a failure unrelated to ${kind}: ${r.name}: ${r.reason}`);
      }
    });
  });
}
