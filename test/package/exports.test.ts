// The package's public surface, pinned: what `import ... from 'thread-sandbox'` gives, what the
// handle of startSandbox() carries, and which subpaths package.json exports. Anything added here is
// a promise to users; anything else stays internal and free to change.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { it } from 'node:test';
import * as entry from '../../src/index.js';

it('the entry exports startSandbox, connectSandbox and two error classes, nothing else', () => {
  assert.deepEqual(Object.keys(entry).sort(), ['ControlError', 'OptionsError', 'connectSandbox', 'startSandbox']);
});

it('the handle carries url, port, the control methods, snapshot and stop, and no internals', async () => {
  const sandbox = await entry.startSandbox();
  try {
    assert.deepEqual(Object.keys(sandbox).sort(), ['addFault', 'assertNoViolations', 'clearFaults', 'countRequests', 'findRequests', 'journal', 'port', 'reset', 'seed', 'snapshot', 'stop', 'url', 'verify', 'violations', 'waitForRequest']);
    assert.match(sandbox.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const fixtures = JSON.parse(await readFile(new URL('../../fixtures/default.json', import.meta.url), 'utf8')) as { executionThreads: unknown[]; threads: unknown[] };
    const snapshot = await sandbox.snapshot();
    assert.equal(snapshot.executionThreads.length, fixtures.executionThreads.length, 'the bundled fixtures');
    assert.equal(snapshot.threads.length, fixtures.threads.length);
  } finally {
    await sandbox.stop();
  }
});

it('package.json exports the entry, the remote and types subpaths, the specs, the config schema and itself', async () => {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown>; bin: Record<string, string> };
  assert.deepEqual(Object.keys(pkg.exports), ['.', './remote', './types', './specs/*', './sandbox.config.schema.json', './package.json']);
  assert.deepEqual(pkg.exports['./types'], { types: './dist/types.d.ts', default: './dist/types.js' });
  assert.deepEqual(pkg.bin, { 'thread-sandbox': 'dist/cli.js' });
});
