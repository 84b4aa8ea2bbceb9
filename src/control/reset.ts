// Reset and snapshot import: replace the whole database at once. A reset also clears the journal
// and the faults, so a test that resets starts from a clean slate.
import type { components } from '../generated/sandbox-admin.js';
import { loadFake } from '../fake-loader.js';
import type { Database } from '../model.js';
import type { Services } from '../services.js';
import { findDatabaseProblemYielding } from '../store/db-schema.js';
import { inSlices, Slicer } from '../store/slices.js';
import type { Principal } from '../auth.js';
import { ControlError } from './control-error.js';
import { EVERYTHING } from './scope.js';
import { assertInScope, replaceScopedPart, scopedPart } from './tenant-data.js';

export type ResetInput = components['schemas']['ResetInput'];
export type ResetResult = components['schemas']['ResetResult'];

/** What the scope now holds (a tenant's counts never include another tenant's records). */
function counts(services: Services, scope: Principal): ResetResult {
  if (scope.tenant === null) return { executionThreads: services.store.executionThreads.size, threads: services.store.threads.size };
  const part = scopedPart(services.store.snapshot(), scope);
  return { executionThreads: part.executionThreads.length, threads: part.threads.length };
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
 * data is made first, then replaces the store (both yielding to the event loop, so the server
 * keeps answering; the store serves the old data until the new is durable); the journal, violations and faults are cleared only once that has
 * succeeded. A tenant's reset replaces only its own workspaces and inboxes (with their part of
 * that data) and clears only its own requests, violations and faults.
 */
export async function resetSandbox(services: Services, input: ResetInput = {}, scope: Principal = EVERYTHING): Promise<ResetResult> {
  const { options } = services;
  if (input.seed === undefined && (input.executionThreads !== undefined || input.threads !== undefined)) {
    throw new ControlError('ValidationError', 'counts need a seed: send { "seed": N, "executionThreads": C1, "threads": C2 }');
  }
  if (input.executionThreads !== undefined) checkRecordCount(services, 'executionThreads', input.executionThreads);
  if (input.threads !== undefined) checkRecordCount(services, 'threads', input.threads);
  const data =
    input.seed === undefined
      ? await services.initialData()
      : await (await loadFake()).generateDatabaseYielding(input.seed, { executionThreads: input.executionThreads ?? options.executionThreads, threads: input.threads ?? options.threads });
  await services.store.replace(scope.tenant === null ? data : await replaceScopedPart(services.store.snapshot(), data, scope, 'skip', new Slicer()));
  await services.journal.clear(scope.tenant);
  await services.faults.clear(scope.tenant);
  services.violations.clear(scope.tenant);
  return counts(services, scope);
}

/** The database, or a tenant's part of it. */
export function exportSnapshot(services: Services, scope: Principal = EVERYTHING): Database {
  const db = services.store.snapshot();
  return scope.tenant === null ? db : scopedPart(db, scope);
}

/**
 * Replaces the database with a snapshot; an invalid one is refused and changes nothing. A tenant's
 * snapshot holds only its own records and replaces only those.
 */
export async function importSnapshot(services: Services, snapshot: unknown, scope: Principal = EVERYTHING): Promise<ResetResult> {
  const slicer = new Slicer();
  const problem = await findDatabaseProblemYielding(snapshot, slicer);
  if (problem) throw new ControlError('ValidationError', `the snapshot is not a valid thread-sandbox database: ${problem}`);
  const { $schema: _ignored, ...db } = snapshot as Database & { $schema?: string };
  checkRecordCount(services, 'executionThreads', db.executionThreads.length);
  checkRecordCount(services, 'threads', db.threads.length);
  // A copy: the request body stays as it was received (the journal may show it), while the store
  // sorts messages in place.
  const incoming: Database = { ...db, executionThreads: await copied(db.executionThreads, slicer), threads: await copied(db.threads, slicer) };
  if (scope.tenant !== null) assertInScope(incoming, scope);
  await services.store.replace(scope.tenant === null ? incoming : await replaceScopedPart(services.store.snapshot(), incoming, scope, 'refuse', slicer));
  return counts(services, scope);
}

/** A deep copy of `records`, made in slices. */
async function copied<T>(records: readonly T[], slicer: Slicer): Promise<T[]> {
  const out: T[] = [];
  await inSlices(records, slicer, (slice) => {
    for (const r of structuredClone(slice)) out.push(r);
  });
  return out;
}
