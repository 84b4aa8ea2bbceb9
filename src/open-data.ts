// Opens a sandbox's store and says what it holds. A data file that holds something other than the
// --seed or --fixtures asked for stops the start (unless --reset-data replaces it): serving the
// old file while the flags say otherwise is a flag that silently loses.
import { access, stat } from 'node:fs/promises';
import type { Database } from './model.js';
import { OptionsError, type SandboxOptions } from './options.js';
import { describeOrigin, originState, readOriginRecord, requestedOrigin, sameOrigin, writeOriginRecord, type OriginRecord } from './data-origin.js';

/** What openData needs of a store, whichever engine opened it. */
export interface OpenedStore {
  /** Bumped by every replace (reset, snapshot import). */
  readonly generation: number;
  readonly executionThreads: { readonly size: number };
  readonly threads: { readonly size: number };
  replace(data: Database): Promise<void>;
  close(): Promise<void>;
}

/** Opens the store on a data file, or in memory without one. */
export type StoreOpener<S extends OpenedStore> = (file: string | undefined) => Promise<S>;

/** What a sandbox serves, for the start banner. */
export interface DataSummary {
  /** The data file; undefined in memory and on a database. */
  file?: string | undefined;
  /** The database the data lives in (its URL without the password), with --store. */
  database?: string | undefined;
  /** Where the data came from and what happened to it since, in words. */
  source: string;
  executionThreads: number;
  threads: number;
}

/** The data file holds other data than the options ask for; the message offers the ways out. */
export class DataConflictError extends OptionsError {
  override name = 'DataConflictError';
}

const exists = (file: string) => access(file).then(() => true, () => false);

function counts(store: OpenedStore) {
  return { generation: store.generation, executionThreads: store.executionThreads.size, threads: store.threads.size };
}

function conflict(file: string, holds: string, asked: string): DataConflictError {
  return new DataConflictError(
    [
      `${file} holds ${holds}, not ${asked} as asked. Choose one:`,
      `  --reset-data   replace the file with ${asked} (SANDBOX_RESET_DATA=true)`,
      `  --in-memory    serve ${asked} without a file, nothing is written (SANDBOX_IN_MEMORY=true)`,
      `  --data FILE    keep this file and use another one (SANDBOX_DATA)`,
      `  or start without --seed/--fixtures to serve the file as it is`,
    ].join('\n'),
  );
}

/**
 * `--in-memory --data FILE` (or startSandbox's `data` with `inMemory: true`): FILE is served from
 * memory and nothing is written anywhere, beside it or in it, which replays a recording or a
 * colleague's data file as it is. FILE then is what the sandbox starts from and what a reset
 * restores: loaded and validated like `--fixtures FILE`. `dataGiven` is the file named by the
 * flag or the option, never the default nor SANDBOX_DATA (the image sets that one for everyone).
 */
export async function replayInMemory(options: SandboxOptions, dataGiven: string | undefined): Promise<SandboxOptions> {
  if (!options.inMemory || dataGiven === undefined || options.store !== undefined) return options;
  // --seed or --fixtures name the data themselves: `--data FILE --seed 43 --in-memory` is the way
  // out the refusal of a data file made from other data offers (conflict() above).
  if (options.seed !== undefined || options.fixtures !== undefined) return options;
  // Writes logged beside the file and not folded into it yet would be lost from the replay.
  const log = await stat(`${dataGiven}.wal`).catch(() => undefined);
  if (log !== undefined && log.size > 0) {
    throw new OptionsError(`${dataGiven}.wal holds writes not yet folded into ${dataGiven} (an earlier run did not stop cleanly, or still runs): serve the file once without --in-memory, stop it, then replay it`);
  }
  return { ...options, fixtures: dataGiven };
}

export async function openData<S extends OpenedStore>(options: SandboxOptions, initial: () => Promise<Database>, open: StoreOpener<S>): Promise<{ store: S; data: DataSummary }> {
  const asked = requestedOrigin(options);
  if (options.inMemory) {
    const store = await open(undefined);
    return { store, data: { source: `in memory, from ${describeOrigin(asked)}`, ...sizes(store) } };
  }
  const file = options.data;
  const record = (await exists(file)) ? await readOriginRecord(file) : null;
  if (record === null) {
    const store = await open(file);
    await writeOriginRecord(file, { origin: asked, ...counts(store) });
    return { store, data: { file, source: `created from ${describeOrigin(asked)}`, ...sizes(store) } };
  }
  const explicit = options.seed !== undefined || options.fixtures !== undefined;
  if (explicit && !options.resetData && (!record || !sameOrigin(record.origin, asked))) {
    throw conflict(file, record ? describeOrigin(record.origin) : 'data of unknown origin (written before origins were recorded)', describeOrigin(asked));
  }
  const store = await open(file);
  if (options.resetData) {
    await store.replace(await initial());
    await writeOriginRecord(file, { origin: asked, ...counts(store) });
    return { store, data: { file, source: `replaced with ${describeOrigin(asked)} (--reset-data)`, ...sizes(store) } };
  }
  const state = originState(record, counts(store));
  if (explicit && state === 'replaced') {
    await store.close();
    throw conflict(file, 'data replaced through the control plane (a reset or snapshot import)', describeOrigin(asked));
  }
  return { store, data: { file, source: sourceOf(record, state), ...sizes(store) } };
}

function sizes(store: OpenedStore) {
  return { executionThreads: store.executionThreads.size, threads: store.threads.size };
}

function sourceOf(record: OriginRecord | undefined, state: ReturnType<typeof originState>): string {
  if (!record) return 'kept from an earlier run (origin unknown: written before origins were recorded)';
  const from = describeOrigin(record.origin);
  if (state === 'replaced') return `kept from an earlier run: created from ${from}, then replaced through the control plane`;
  if (state === 'edited') return `kept from an earlier run: created from ${from}, edited through the control plane since`;
  return `kept from an earlier run: created from ${from}`;
}
