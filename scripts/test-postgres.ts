// `npm run test:postgres`: the shared API, control-plane, tenant and cursor tests once more, on
// the PostgreSQL engine. Starts one throwaway cluster, runs the files with SANDBOX_TEST_STORE=postgres
// (test/helpers/test-store.ts gives each sandbox a schema of its own), stops the cluster. Without
// PostgreSQL binaries it says so and skips, unless SANDBOX_REQUIRE_POSTGRES=1.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { postgresSkip, startPostgres } from '../test/helpers/postgres.js';

/** The suites that run on both engines; tests about the data file itself stay file-only. */
export const BOTH_ENGINES = [
  'test/execution-threads',
  'test/agentry-threads',
  'test/sandbox-admin',
  'test/errors/routing-and-auth.test.ts',
  'test/reliability/tenants.test.ts',
  'test/reliability/secrets.test.ts',
];

/** Test files under the given files and folders, sorted (node 20's --test takes no folders). */
function testFiles(paths: readonly string[]): string[] {
  return paths
    .flatMap((p) => (statSync(p).isDirectory() ? testFiles(readdirSync(p).map((name) => join(p, name))) : p.endsWith('.test.ts') ? [p] : []))
    .sort();
}

const args = process.argv.slice(2);
const files = testFiles(args.length > 0 ? args : BOTH_ENGINES);

let skip: string | false;
try {
  skip = postgresSkip();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
if (skip) process.exit(0);

const cluster = await startPostgres();
let code = 1;
try {
  code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', ...files], {
      stdio: 'inherit',
      env: { ...process.env, SANDBOX_TEST_STORE: 'postgres', SANDBOX_TEST_DATABASE_URL: cluster.url },
    });
    child.once('close', (c) => resolve(c ?? 1));
  });
} finally {
  await cluster.stop();
}
process.exit(code);
