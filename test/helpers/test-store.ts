// Which engine the shared test suite runs against: the file engine (in memory) by default, or
// PostgreSQL when `npm run test:postgres` sets SANDBOX_TEST_STORE=postgres and the URL of the
// cluster it started. Each sandbox gets a schema of its own, so tests stay independent.
import type { StartOptions } from '../../src/sandbox.js';
import { freshSchemaUrl } from './postgres.js';

export const TEST_STORE = process.env.SANDBOX_TEST_STORE === 'postgres' ? 'postgres' : 'file';

/** Options that put a sandbox on the engine under test (nothing for the file engine). */
export async function testStore(options: StartOptions = {}): Promise<Pick<StartOptions, 'store'>> {
  // A test about a data file keeps its file.
  if (TEST_STORE !== 'postgres' || options.inMemory === false || options.store !== undefined) return {};
  const url = process.env.SANDBOX_TEST_DATABASE_URL;
  if (!url) throw new Error('SANDBOX_TEST_STORE=postgres needs SANDBOX_TEST_DATABASE_URL (npm run test:postgres sets both)');
  return { store: await freshSchemaUrl(url) };
}
