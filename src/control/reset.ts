// Reset and snapshot import: replace the whole database at once. A reset also clears the journal
// and the faults, so a test that resets starts from a clean slate.
import type { components } from '../generated/sandbox-admin.js';
import { generateDatabase } from '../fake.js';
import type { Database } from '../model.js';
import type { Services } from '../services.js';
import { findDatabaseProblem } from '../store/db-schema.js';
import { ControlError } from './control-error.js';

export type ResetInput = components['schemas']['ResetInput'];
export type ResetResult = components['schemas']['ResetResult'];

function counts(services: Services): ResetResult {
  return { executionThreads: services.store.executionThreads.size, threads: services.store.threads.size };
}

/** Back to the sandbox's own starting data, or to the data generated from `seed` and counts. */
export async function resetSandbox(services: Services, input: ResetInput = {}): Promise<ResetResult> {
  const { options } = services;
  if (input.seed === undefined && (input.executionThreads !== undefined || input.threads !== undefined)) {
    throw new ControlError('ValidationError', 'counts need a seed: send { "seed": N, "executionThreads": C1, "threads": C2 }');
  }
  const data =
    input.seed === undefined
      ? await services.initialData()
      : generateDatabase(input.seed, { executionThreads: input.executionThreads ?? options.executionThreads, threads: input.threads ?? options.threads });
  await services.store.replace(data);
  await services.journal.clear();
  await services.faults.clear();
  return counts(services);
}

/** Replaces the database with a snapshot; an invalid one is refused and changes nothing. */
export async function importSnapshot(services: Services, snapshot: unknown): Promise<ResetResult> {
  const problem = findDatabaseProblem(snapshot);
  if (problem) throw new ControlError('ValidationError', `the snapshot is not a valid thread-sandbox database: ${problem}`);
  const { $schema: _ignored, ...db } = snapshot as Database & { $schema?: string };
  await services.store.replace(structuredClone(db));
  return counts(services);
}
