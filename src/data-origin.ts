// Where a data file's content came from, kept beside it in `<data file>.origin.json` (the data file
// itself stays a plain database that older versions read). Shown at start, and compared with
// --seed and --fixtures so that a flag never silently loses against a file an earlier run wrote.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_FIXTURES } from './fixtures.js';
import type { SandboxOptions } from './options.js';
import { writeFileAtomic } from './store/atomic-file.js';

export type Origin = { kind: 'fixtures'; file: string } | { kind: 'seed'; seed: number; executionThreads: number; threads: number };

/** The origin and the state of the data when the record was written. */
export interface OriginRecord {
  origin: Origin;
  /** The store's generation then: a reset or snapshot import through the control plane bumps it. */
  generation: number;
  executionThreads: number;
  threads: number;
}

/** What the data file holds compared with its record. */
export type OriginState = 'as-created' | 'edited' | 'replaced' | 'unknown';

export const originFileOf = (dataFile: string): string => `${resolve(dataFile)}.origin.json`;

/** The origin the options ask for. */
export function requestedOrigin(options: Pick<SandboxOptions, 'seed' | 'executionThreads' | 'threads' | 'fixtures'>): Origin {
  if (options.seed !== undefined) return { kind: 'seed', seed: options.seed, executionThreads: options.executionThreads, threads: options.threads };
  return { kind: 'fixtures', file: resolve(options.fixtures ?? DEFAULT_FIXTURES) };
}

export function sameOrigin(a: Origin, b: Origin): boolean {
  if (a.kind === 'fixtures') return b.kind === 'fixtures' && a.file === b.file;
  return b.kind === 'seed' && a.seed === b.seed && a.executionThreads === b.executionThreads && a.threads === b.threads;
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

export function describeOrigin(origin: Origin): string {
  if (origin.kind === 'seed') return `seed ${origin.seed} (${count(origin.executionThreads, 'execution thread')}, ${count(origin.threads, 'thread')})`;
  return origin.file === resolve(DEFAULT_FIXTURES) ? 'the bundled fixtures' : `the fixture file ${origin.file}`;
}

export function originState(record: OriginRecord | undefined, now: { generation: number; executionThreads: number; threads: number }): OriginState {
  if (!record) return 'unknown';
  if (record.generation !== now.generation) return 'replaced';
  return record.executionThreads === now.executionThreads && record.threads === now.threads ? 'as-created' : 'edited';
}

/** The record beside a data file; undefined when there is none or it cannot be read (older versions wrote none). */
export async function readOriginRecord(dataFile: string): Promise<OriginRecord | undefined> {
  try {
    const parsed = JSON.parse(await readFile(originFileOf(dataFile), 'utf8')) as OriginRecord;
    return typeof parsed?.origin?.kind === 'string' && typeof parsed.generation === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function writeOriginRecord(dataFile: string, record: OriginRecord): Promise<void> {
  return writeFileAtomic(originFileOf(dataFile), `${JSON.stringify(record, null, 2)}\n`);
}
