// Reset and snapshot import: replace the whole database at once. A reset also clears the journal
// and the faults, so a test that resets starts from a clean slate.
import type { components } from '../generated/sandbox-admin.js';
import { generateDatabaseYielding } from '../fake.js';
import type { Database } from '../model.js';
import type { Services } from '../services.js';
import { findDatabaseProblem } from '../store/db-schema.js';
import { ControlError } from './control-error.js';

export type ResetInput = components['schemas']['ResetInput'];
export type ResetResult = components['schemas']['ResetResult'];

function counts(services: Services): ResetResult {
  return { executionThreads: services.store.executionThreads.size, threads: services.store.threads.size };
}

/**
 * Refuses a request for more records of one kind than --max-records allows: one request must not
 * hold the server for minutes nor make a data file too large to write.
 */
export function checkRecordCount(services: Services, what: string, count: number): void {
  const max = services.options.maxRecords;
  if (count > max) throw new ControlError('ValidationError', `${what}: ${count} is more than the limit of ${max} records of each kind (--max-records)`);
}

/**
 * Back to the sandbox's own starting data, or to the data generated from `seed` and counts. The
 * data is made first (yielding to the event loop, so the server keeps answering), then replaces
 * the store in one step; the journal and the faults are cleared only once that has succeeded.
 */
export async function resetSandbox(services: Services, input: ResetInput = {}): Promise<ResetResult> {
  const { options } = services;
  if (input.seed === undefined && (input.executionThreads !== undefined || input.threads !== undefined)) {
    throw new ControlError('ValidationError', 'counts need a seed: send { "seed": N, "executionThreads": C1, "threads": C2 }');
  }
  if (input.executionThreads !== undefined) checkRecordCount(services, 'executionThreads', input.executionThreads);
  if (input.threads !== undefined) checkRecordCount(services, 'threads', input.threads);
  const data =
    input.seed === undefined
      ? await services.initialData()
      : await generateDatabaseYielding(input.seed, { executionThreads: input.executionThreads ?? options.executionThreads, threads: input.threads ?? options.threads });
  await services.store.replace(data);
  services.journal.clear();
  services.faults.clear();
  return counts(services);
}

/** Replaces the database with a snapshot; an invalid one is refused and changes nothing. */
export async function importSnapshot(services: Services, snapshot: unknown): Promise<ResetResult> {
  const problem = findDatabaseProblem(snapshot);
  if (problem) throw new ControlError('ValidationError', `the snapshot is not a valid thread-sandbox database: ${problem}`);
  const { $schema: _ignored, ...db } = snapshot as Database & { $schema?: string };
  checkRecordCount(services, 'executionThreads', db.executionThreads.length);
  checkRecordCount(services, 'threads', db.threads.length);
  await services.store.replace(structuredClone(db));
  return counts(services);
}
