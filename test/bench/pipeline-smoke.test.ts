// The pipeline microbenchmark is a profiling aid; its smoke mode must keep running and print a row
// per workload. Nothing here looks at timings.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('bench:pipeline --smoke prints µs per request for W0, W1 and W2 with and without log and journal', { timeout: 120_000 }, async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'pipeline.ts'), '--smoke'], { cwd: ROOT });
  for (const workload of ['W0', 'W1', 'W2']) assert.match(stdout, new RegExp(`^\\| ${workload} \\| \\d+\\.\\d \\| \\d+\\.\\d \\|$`, 'm'), stdout);
});
