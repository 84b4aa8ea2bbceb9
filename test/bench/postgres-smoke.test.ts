// The bench's PostgreSQL rows are code too: a one-second smoke run with --postgres measures W1,
// W2 and W3 on the PostgreSQL engine next to the file engine, and creates across three replicas
// behind HAProxy. Nothing here looks at timings.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { replicaClusterSkip } from '../helpers/replica-cluster.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('the bench smoke run with --postgres adds the PostgreSQL rows and their verdicts', { timeout: 300_000, skip: replicaClusterSkip() }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pg-smoke-'));
  try {
    const out = join(dir, 'results.md');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'run.ts'), '--smoke', '--postgres', '--only', 'W1,W2,W3', '--out', out], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    for (const workload of ['W1', 'W2', 'W3']) {
      const row = stdout.split('\n').find((line) => line.startsWith(`| 200 | ${workload} (PostgreSQL) |`));
      assert.ok(row, `no PostgreSQL row for ${workload} in:\n${stdout}`);
      const cells = row.split('|').map((c) => c.trim());
      assert.match(cells[3] ?? '', /^\d/, `req/s of ${workload}: ${row}`);
      assert.equal(cells[6], '0', `errors of ${workload}: ${row}`);
      assert.equal(cells[7], '0', `non-2xx of ${workload}: ${row}`);
      assert.match(stdout, new RegExp(`^(MET|NOT MET) ${workload} on PostgreSQL >= 0\\.4 of the file engine: \\d`, 'm'));
    }
    assert.match(stdout, /^\| 200 \| creates \(PostgreSQL, 3 replicas behind HAProxy, 4 clients\) \| \d/m);
    assert.match(stdout, /^(MET|NOT MET) PostgreSQL creates >= 500\/s across 3 replicas: [\d,]+\/s/m);
    assert.ok(readFileSync(out, 'utf8').includes('W1 (PostgreSQL)'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
