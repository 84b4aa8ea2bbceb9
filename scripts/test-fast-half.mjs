// Half of the fast test files (scripts/test-files.mjs --fast), imported into one process so that
// express, openapi-backend and the specs load once per half instead of once per file.
// `npm run test:fast` runs both halves side by side through `node --test` (test-fast-0.mjs and
// test-fast-1.mjs), which gathers their results into one report.
import { resolve } from 'node:path';
import { describe } from 'node:test';
import { pathToFileURL } from 'node:url';
import { testFiles } from './test-files.mjs';

/**
 * Imports each file inside a suite named after it. A file's top-level before/after/beforeEach
 * hooks then belong to that suite, as they would in a process of its own; imported bare, they
 * were the root's and ran around every other file's tests too.
 */
export async function importEachInItsOwnSuite(files) {
  for (const file of files) {
    // import() first thing in the suite's callback: what the file registers belongs to the suite
    // (after an await it no longer reliably does). One file after the other, as processes of
    // their own would load them: a file's top-level await does not overlap the next file's.
    // A file that fails to load fails its suite; the next files still run.
    await new Promise((imported) => {
      describe(file, () => {
        const loading = import(pathToFileURL(resolve(file)).href);
        loading.then(imported, imported);
        return loading;
      });
    });
  }
}

/** Imports every other fast test file, starting at `half` (0 or 1). */
export async function importHalf(half) {
  await importEachInItsOwnSuite(testFiles({ fast: true }).filter((_, i) => i % 2 === half));
}
