// Every package the lock installs accepts the oldest release of each Node line package.json
// promises, so `npm ci` prints no EBADENGINE on any of them (the install tests only prove the
// Node they run on). A dependency that raises its floor past our promise fails here by name.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { it } from 'node:test';
import semver from 'semver';

const read = async (file: string) => JSON.parse(await readFile(new URL(`../../${file}`, import.meta.url), 'utf8')) as unknown;

it('every locked package accepts the oldest Node of each line package.json promises', async () => {
  const pkg = (await read('package.json')) as { engines: { node: string } };
  const lock = (await read('package-lock.json')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };
  const oldest = pkg.engines.node.split('||').map((range) => semver.minVersion(range)!.version);
  assert.deepEqual(oldest, ['20.19.0', '22.13.0', '24.0.0'], 'the lines the README names');
  const refusals: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    const wanted = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
    if (!path || !wanted) continue;
    const refused = oldest.filter((node) => !semver.satisfies(node, wanted));
    if (refused.length > 0) refusals.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${wanted}, refusing ${refused.join(', ')}`);
  }
  assert.deepEqual(refusals, []);
});
