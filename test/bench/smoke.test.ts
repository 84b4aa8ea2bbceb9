// The bench is code too: its one-second smoke mode must run end to end and print its table.
// Nothing here looks at timings.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('the bench smoke run measures every workload against both baselines and writes the table', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  try {
    const out = join(dir, 'results.md');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'run.ts'), '--smoke', '--out', out], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    for (const workload of ['W0', 'W1', 'W1f', 'W2', 'W2c', 'W3']) {
      const row = stdout.split('\n').find((line) => line.startsWith(`| 200 | ${workload} |`));
      assert.ok(row, `no table row for ${workload} in:\n${stdout}`);
      // Both baselines measured: the two ratio columns hold numbers, not dashes.
      const cells = row.split('|').map((c) => c.trim());
      assert.match(cells[12] ?? '', /^\d/, `no ratio to express for ${workload}: ${row}`);
      assert.match(cells[13] ?? '', /^\d/, `no ratio to node:http for ${workload}: ${row}`);
    }
    assert.match(stdout, /\| W1 \(validate responses\) \|/);
    assert.match(stdout, /startup to the first 200/);
    const written = readFileSync(out, 'utf8');
    assert.match(written, /^Machine: .*Node v\d+/m);
    assert.ok(written.includes('| W1 |'), 'results file holds the table');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
