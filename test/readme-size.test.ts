// The README reads in five minutes (issue #14): it stays small, and its first screen says how to
// install, what a start gives and where the API docs are. Figures and long references belong in
// docs/ and bench/README.md, which it links.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { it } from 'node:test';

const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');

it('the README stays under 20 KB', () => {
  const bytes = Buffer.byteLength(readme);
  assert.ok(bytes < 20_000, `README.md is ${bytes} bytes: move figures or long references to docs/`);
});

it('the first screen of the README has the install, what you get and the /docs URL', () => {
  const firstScreen = readme.split('\n').slice(0, 50).join('\n');
  assert.match(firstScreen, /^## Install$/m);
  assert.match(firstScreen, /^## What you get$/m);
  assert.match(firstScreen, /http:\/\/127\.0\.0\.1:8160\/docs/);
});
