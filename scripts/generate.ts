// Regenerates what is derived from the specs and schemas (see generated-outputs.ts).
// `--check` writes nothing and fails when a committed file is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { generatedOutputs } from './generated-outputs.js';

const check = process.argv.includes('--check');

let stale = 0;
for (const o of generatedOutputs()) {
  const want = await o.text();
  const have = await readFile(o.file, 'utf8').catch(() => '');
  if (want === have) continue;
  if (check) {
    stale++;
    process.stderr.write(`stale: ${o.file} (run npm run generate)\n`);
  } else {
    await writeFile(o.file, want);
    process.stderr.write(`wrote ${o.file}\n`);
  }
}
process.exit(stale ? 1 : 0);
