// The two test loops CONTRIBUTING.md names (issue #14): `npm run test:fast` runs in two processes
// and leaves out what packs, installs, starts child processes, drives a browser, fuzzes or
// benchmarks; `npm test` runs every test file.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { it } from 'node:test';
import { testFiles } from '../../scripts/test-files.mjs';

const all: string[] = testFiles();
const fast: string[] = testFiles({ fast: true });

it('npm test runs every test file, the fast loop a part of them', async () => {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
  assert.match(pkg.scripts.test!, /npm run test:unit/);
  assert.match(pkg.scripts['test:unit']!, /scripts\/test-files\.mjs\)/, 'test:unit lists every file, not the fast ones');
  assert.ok(all.includes('test/scripts/test-files.test.ts'));
  assert.deepEqual(fast.filter((f) => !all.includes(f)), []);
  assert.ok(fast.length > 0 && fast.length < all.length);
});

it('the fast loop leaves out packing, installs, child processes, the browser, fuzzing and benchmarks', () => {
  const slow = [
    'test/package/packed-tarball.test.ts',
    'test/package/git-install.test.ts',
    'test/cli/serve.test.ts',
    'test/docs/browser.test.ts',
    'test/reliability/fuzz.test.ts',
    'test/reliability/crash.test.ts',
    'test/bench/smoke.test.ts',
    'test/store/replace-in-slices.test.ts',
  ];
  for (const file of slow) assert.ok(all.includes(file), `${file} exists`);
  assert.deepEqual(slow.filter((f) => fast.includes(f)), []);
  assert.ok(fast.includes('test/package/exports.test.ts'), 'in-process tests stay in the fast loop');
});
