// The generated types and schemas are derived, never edited: a spec change without
// `npm run generate` fails here, and so does a generated file whose spec is gone.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { GENERATED_DIR, generatedOutputs } from '../../scripts/generated-outputs.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('generated files', () => {
  it('src/generated/* and fixtures/database.schema.json are what npm run generate writes', async () => {
    for (const o of generatedOutputs()) {
      const have = await readFile(`${ROOT}${o.file}`, 'utf8').catch(() => '(missing)');
      assert.ok(have === (await o.text()), `${o.file} is stale: run npm run generate and commit the result`);
    }
  });

  it('every file in src/generated comes from a spec', async () => {
    const expected = new Set(generatedOutputs().map((o) => o.file));
    const present = (await readdir(`${ROOT}${GENERATED_DIR}`)).map((f) => `${GENERATED_DIR}/${f}`);
    assert.deepEqual(present.filter((f) => !expected.has(f)), [], 'generated files without a spec: delete them');
  });
});
