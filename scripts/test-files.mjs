// Lists the test files for `npm run test:unit` (all) or `npm run test:fast` (--fast). The fast loop
// leaves out tests that start child processes (packing and installing the package among them),
// drive a browser, fuzz or run a benchmark. Decided from each file's content, so a new test lands
// on the right side by itself.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// startScript (helpers/checked-fetch.ts) runs a script as a child process.
const SLOW_CONTENT = /node:child_process|helpers\/cli\.js|run-cli\.js|playwright-core|startScript\(/;
const SLOW_PATH = /^test\/(bench|replicas|postgres)\/|fuzz/;

/** Test files, relative to the repository root, sorted. */
export function testFiles({ fast = false } = {}) {
  const files = ['test', 'examples']
    .flatMap((dir) => readdirSync(dir, { recursive: true }).map((f) => `${dir}/${String(f)}`))
    .filter((f) => f.endsWith('.test.ts'))
    .sort();
  return fast ? files.filter((f) => !SLOW_PATH.test(f) && !SLOW_CONTENT.test(readFileSync(f, 'utf8'))) : files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(testFiles({ fast: process.argv.includes('--fast') }).join('\n') + '\n');
