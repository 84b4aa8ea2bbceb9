// The fast loop imports many test files into one process (scripts/test-fast-half.mjs). A file's
// top-level hooks must stay that file's, as in a process of its own (issue 25): an example's
// `beforeEach(() => sandbox.reset())` or `after(() => sandbox.stop())` ran around other files' tests.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';

const HALF = new URL('../../scripts/test-fast-half.mjs', import.meta.url).href;

it('each imported file keeps its top-level hooks to itself', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fast-hooks-'));
  await writeFile(
    join(dir, 'a.test.mjs'),
    `import { after, before, beforeEach, it } from 'node:test';
globalThis.seen = [];
before(() => globalThis.seen.push('a before'));
beforeEach(() => globalThis.seen.push('a beforeEach'));
after(() => globalThis.seen.push('a after'));
it('a', () => {});
`,
  );
  await writeFile(
    join(dir, 'b.test.mjs'),
    `import assert from 'node:assert/strict';
import { it } from 'node:test';
await new Promise((resolve) => setTimeout(resolve, 20));
it('b sees only what a did around its own test', () => assert.deepEqual(globalThis.seen, ['a before', 'a beforeEach', 'a after']));
it('b again', () => assert.equal(globalThis.seen.length, 3));
`,
  );
  await writeFile(join(dir, 'run.mjs'), `import { importEachInItsOwnSuite } from '${HALF}';\nawait importEachInItsOwnSuite(['${join(dir, 'a.test.mjs')}', '${join(dir, 'b.test.mjs')}']);\n`);
  // Without NODE_TEST_CONTEXT: the child reports in TAP, not to this runner.
  const { NODE_TEST_CONTEXT: _runner, ...env } = process.env;
  const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', join(dir, 'run.mjs')], { encoding: 'utf8', timeout: 30_000, env });
  assert.match(run.stdout, /^# pass 3$/m, run.stdout);
  assert.match(run.stdout, /^# fail 0$/m, run.stdout);
  assert.equal(run.status, 0);
});
