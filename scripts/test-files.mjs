// Lists the test files for `npm run test:unit` (all) or `npm run test:fast` (--fast). The fast loop
// leaves out tests that start child processes (packing and installing the package among them),
// drive a browser, fuzz, run a benchmark or say they are slow. Decided from each file's content, so a new test lands
// on the right side by itself.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// startScript (helpers/checked-fetch.ts) runs a script as a child process. A file that says
// `// test:fast leaves this out:` (with why) near its top is out too: it replaces databases of
// the largest allowed size, seconds per test.
const SLOW_CONTENT = /node:child_process|helpers\/cli\.js|run-cli\.js|playwright-core|startScript\(|^\/\/ test:fast leaves this out:/m;
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
