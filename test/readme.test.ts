// The README is the newcomer's manual: it must name every flag and environment variable, show the
// banner a start prints, and link only to files that exist.
import assert from 'node:assert/strict';
import { access, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { formatBanner } from '../src/banner.js';
import { DEFAULTS, OPTION_TABLE } from '../src/options.js';
import { startSandbox } from '../src/sandbox.js';

const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string; scripts: Record<string, string> };

it('the README lists every flag and environment variable of the CLI', () => {
  assert.match(readme, /npm ci && npm start/);
  assert.match(readme, /npm ci && npm test/);
  for (const o of OPTION_TABLE) {
    assert.ok(readme.includes(`\`${o.flag}\``), `README lacks ${o.flag}`);
    assert.ok(readme.includes(`\`${o.env}\``), `README lacks ${o.env}`);
  }
});

it('npm ci builds and npm start serves the build, as the README says', () => {
  assert.equal(pkg.scripts.prepare, 'npm run build');
  // With node's flags before it (test/package/server-flags.test.ts says which).
  assert.match(pkg.scripts.start ?? '', /^exec node( --\S+)* scripts\/start\.mjs$/);
  assert.ok(pkg.scripts['test:fast'], 'the fast loop CONTRIBUTING.md names');
});

it('the banner in the README is what a default start prints', async () => {
  const fixtures = JSON.parse(await readFile(new URL('../fixtures/default.json', import.meta.url), 'utf8')) as { executionThreads: unknown[]; threads: unknown[] };
  const banner = formatBanner({
    version: pkg.version,
    url: 'http://127.0.0.1:8160',
    options: DEFAULTS,
    data: { file: DEFAULTS.data, source: 'created from the bundled fixtures', executionThreads: fixtures.executionThreads.length, threads: fixtures.threads.length },
  });
  assert.ok(readme.includes(banner), `README lacks the banner:\n${banner}`);
});

it('every relative link of the README and docs/ points to a file that exists', async () => {
  const docs = (await readdir(new URL('../docs/', import.meta.url))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  for (const doc of ['README.md', 'CONTRIBUTING.md', ...docs]) {
    const text = await readFile(new URL(`../${doc}`, import.meta.url), 'utf8');
    for (const [, target] of text.matchAll(/\]\((?!https?:|#)([^)#]+)(?:#[^)]*)?\)/g)) {
      await assert.doesNotReject(access(new URL(`../${doc.includes('/') ? 'docs/' : ''}${target}`, import.meta.url)), `${doc} links to ${target}, which does not exist`);
    }
  }
});

it('the refusal the README quotes is what a --seed against a fixtures file gets', async () => {
  const quoted = /```text\n {2}(thread-sandbox: \.\/data\/db\.json holds [\s\S]*?)\n {2}```/.exec(readme)?.[1];
  assert.ok(quoted, 'the README quotes the refusal');
  const data = join(await mkdtemp(join(tmpdir(), 'readme-')), 'db.json');
  await (await startSandbox({ data })).stop();
  const refusal = await startSandbox({ data, seed: 43, executionThreads: 1000, threads: 1000 }).then(
    () => assert.fail('started'),
    (e: Error) => `thread-sandbox: ${e.message}`,
  );
  assert.equal(quoted.replace(/^  /gm, ''), refusal.replace(data, './data/db.json'));
});
