// Reset and snapshot import: replace the whole database at once. A reset also clears the journal
// and the faults, so a test that resets starts from a clean slate.
import type { components } from '../generated/sandbox-admin.js';
import { loadFake } from '../fake-loader.js';
import { SCHEMA_VERSION, type Database } from '../model.js';
import type { Services } from '../services.js';
import { findDatabaseProblemYielding } from '../store/db-schema.js';
import { inSlices, Slicer } from '../slices.js';
import { canSeeInbox, canSeeWorkspace, type Principal } from '../auth.js';
import { ControlError } from './control-error.js';
import { EVERYTHING } from './scope.js';
import { assertInScope, recordScope, refuseClash, skipClash } from './tenant-data.js';

export type ResetInput = components['schemas']['ResetInput'];
export type ResetResult = components['schemas']['ResetResult'];

/** What the scope now holds (a tenant's counts never include another tenant's records). */
function counts(services: Services, scope: Principal): ResetResult {
  const { store } = services;
  if (scope.tenant === null) return { executionThreads: store.executionThreads.size, threads: store.threads.size };
  // Counted on the read model's texts: nothing is parsed.
  return { executionThreads: store.executionThreads.allJson((w) => canSeeWorkspace(scope, w)).length, threads: store.threads.allJson((i) => canSeeInbox(scope, i)).length };
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
 * keeps answering; the store serves the old data until the new is durable); the journal,
 * violations and faults are cleared only once that has succeeded. A tenant's reset replaces only
 * its own workspaces and inboxes (with their part of that data), as one write of the store under
 * its write lock (what other tenants write meanwhile stays), and clears only its own requests,
 * violations and faults.
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
  if (scope.tenant === null) await services.store.replace(data);
  else await services.store.replaceScoped(recordScope(scope), data, skipClash);
  await services.journal.clear(scope.tenant);
  await services.faults.clear(scope.tenant);
  services.violations.clear(scope.tenant);
  return counts(services, scope);
}

/**
 * The database, or a tenant's part of it, as JSON: joined from the read model's record texts
 * instead of parsing every record and serializing it again.
 */
export function exportSnapshotJson(services: Services, scope: Principal = EVERYTHING): string {
  const { store } = services;
  const all = scope.tenant === null;
  const executionThreads = store.executionThreads.allJson(all ? undefined : (w) => canSeeWorkspace(scope, w));
  const threads = store.threads.allJson(all ? undefined : (i) => canSeeInbox(scope, i));
  // The counters are the whole sandbox's (one id namespace across tenants): only a whole export carries them.
  const head = JSON.stringify({ schemaVersion: SCHEMA_VERSION, generation: store.generation, ...(all ? { counters: store.counters() } : {}) });
  return `${head.slice(0, -1)},"executionThreads":[${executionThreads.join(',')}],"threads":[${threads.join(',')}]}`;
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
  if (scope.tenant === null) await services.store.replace(incoming);
  else await services.store.replaceScoped(recordScope(scope), incoming, refuseClash(scope));
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
