import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatJunit, xmlEscape } from '../../src/verify/report-junit.js';
import type { VerifyRun } from '../../src/verify/runner.js';

describe('JUnit XML', () => {
  it('escapes markup and drops characters XML 1.0 cannot carry', () => {
    assert.equal(xmlEscape(`a<b>&"c"'d'\u0000\u001b\tx`), 'a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;\tx');
  });

  it('has one testsuite per operation, and failures and skips with their reasons', () => {
    const run: VerifyRun = {
      target: 'http://x',
      apis: ['v0'],
      seed: 1,
      requests: 3,
      durationMs: 1500,
      results: [
        { api: 'v0', operation: 'listThreads', name: 'a', outcome: 'passed', requests: 1, durationMs: 5 },
        { api: 'v0', operation: 'listThreads', name: 'b <x>', outcome: 'failed', reason: 'expected 400, got 200', request: 'GET /h?a=1&b=2 -> 200', answered: '{}', requests: 1, durationMs: 5 },
        { api: 'v0', operation: 'getThread', name: 'c', outcome: 'skipped', reason: 'no data', requests: 0, durationMs: 0 },
      ],
    };
    const xml = formatJunit(run);
    assert.match(xml, /<testsuites name="thread-sandbox verify http:\/\/x" tests="3" failures="1" errors="0" skipped="1" time="1.500">/);
    assert.match(xml, /<testsuite name="Agentry Threads v0 · listThreads" tests="2" failures="1"/);
    assert.match(xml, /<testcase classname="v0.listThreads" name="b &lt;x&gt;" time="0.005">\n {6}<failure message="expected 400, got 200">request: GET \/h\?a=1&amp;b=2 -&gt; 200\nwhy: expected 400, got 200\nanswered: \{\}<\/failure>/);
    assert.match(xml, /<testsuite name="Agentry Threads v0 · getThread" tests="1" failures="0" errors="0" skipped="1"[^>]*>\n {4}<testcase [^>]*>\n {6}<skipped message="no data"\/>/);
  });
});
