// Half of the fast test files (scripts/test-files.mjs --fast), imported into one process so that
// express, openapi-backend and the specs load once per half instead of once per file.
// `npm run test:fast` runs both halves side by side through `node --test` (test-fast-0.mjs and
// test-fast-1.mjs), which gathers their results into one report.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { testFiles } from './test-files.mjs';

/** Imports every other fast test file, starting at `half` (0 or 1). */
export async function importHalf(half) {
  for (const [i, file] of testFiles({ fast: true }).entries()) if (i % 2 === half) await import(pathToFileURL(resolve(file)).href);
}
