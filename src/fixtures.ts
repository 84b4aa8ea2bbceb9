// Where a sandbox's data comes from: a fixture file (validated like any database) or a seed.
import { readFile } from 'node:fs/promises';
import type { Database } from './model.js';
import type { SandboxOptions } from './options.js';
import { loadFake } from './fake-loader.js';
import { packagePath } from './package-files.js';
import { findDatabaseProblem } from './store/db-schema.js';
import { DataFileError } from './store/durable-json-file.js';

export const DEFAULT_FIXTURES = packagePath('fixtures/default.json');

export async function loadFixtures(file: string): Promise<Database> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DataFileError(file, `fixture file cannot be read (${(error as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DataFileError(file, `fixture file is not valid JSON (${(error as Error).message})`);
  }
  const problem = findDatabaseProblem(data);
  if (problem) throw new DataFileError(file, `fixture file is not a valid thread-sandbox database: ${problem}`);
  const { $schema: _ignored, ...db } = data as Database & { $schema?: string };
  return db;
}

/** The data a fresh sandbox (and a plain reset) starts from. */
export function initialDataFor(options: Pick<SandboxOptions, 'seed' | 'executionThreads' | 'threads' | 'fixtures'>): () => Promise<Database> {
  if (options.seed !== undefined) {
    const { seed, executionThreads, threads } = options;
    // faker loads only when data is generated: serving fixtures never needs it.
    return async () => (await loadFake()).generateDatabase(seed, { executionThreads, threads });
  }
  const file = options.fixtures ?? DEFAULT_FIXTURES;
  return () => loadFixtures(file);
}
