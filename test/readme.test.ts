// The README is the newcomer's manual: it must name every flag and environment variable.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { it } from 'node:test';
import { OPTION_TABLE } from '../src/options.js';

it('the README lists every flag and environment variable of the CLI', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  assert.match(readme, /npm ci && npm start/);
  assert.match(readme, /npm ci && npm test/);
  for (const o of OPTION_TABLE) {
    assert.ok(readme.includes(`\`${o.flag}\``), `README lacks ${o.flag}`);
    assert.ok(readme.includes(`\`${o.env}\``), `README lacks ${o.env}`);
  }
});
