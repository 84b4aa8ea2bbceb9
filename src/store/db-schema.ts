// The data file's rules, as sentences: a database file, a fixture, a snapshot and each change of
// the write-ahead log. The rules are the JSON Schema (fixtures/database.schema.json), compiled at
// generate time into src/generated/database-validators.ts; what a schema cannot say (unique ids,
// a version this build understands) is written here and in duplicate-ids.ts.
import type { ErrorObject } from 'ajv';
import * as generated from '../generated/database-validators.js';
import { SCHEMA_VERSION, type Database, type ExecutionThreadRecord, type ThreadRecord } from '../model.js';
import { runAtOnce, runInSlices, type Slicer } from '../slices.js';
import { duplicateIdProblem } from './duplicate-ids.js';

/** A validator compiled from the schema: a verdict, and on a no the first problem in `errors`. */
interface Validator<T> {
  (data: unknown): data is T;
  errors?: ErrorObject[] | null;
}

const validateDatabase = generated.validateDatabase as unknown as Validator<Database>;
const validateExecutionThread = generated.validateExecutionThread as unknown as Validator<ExecutionThreadRecord>;
const validateThread = generated.validateThread as unknown as Validator<ThreadRecord>;
const validateExecutionThreadId = generated.validateExecutionThreadId as unknown as Validator<number>;
const validateThreadId = generated.validateThreadId as unknown as Validator<string>;

/** True when `r` is an execution thread record the schema allows. */
export const isExecutionThread = (r: unknown): r is ExecutionThreadRecord => validateExecutionThread(r);
/** True when `t` is a thread record (with its messages) the schema allows. */
export const isThread = (t: unknown): t is ThreadRecord => validateThread(t);

/** The validator's first error as a sentence, its path under `at`. */
function firstError(validate: Validator<unknown>, at: string): string {
  const e = validate.errors?.[0];
  if (!e) return `${at || '(top level)'} is invalid`;
  const extra = e.keyword === 'additionalProperties' ? ` ('${String(e.params.additionalProperty)}')` : '';
  return `${`${at}${e.instancePath}` || '(top level)'} ${e.message ?? 'is invalid'}${extra}`;
}

/** The first problem of a would-be database, as a sentence, or null when it is valid. */
export function findDatabaseProblem(data: unknown): string | null {
  return findShapeProblem(data) ?? findDuplicateProblem(data as Database);
}

/** The first problem with the document's shape and version (everything but duplicate ids). */
export function findShapeProblem(data: unknown): string | null {
  if (!validateDatabase(data)) return firstError(validateDatabase, '');
  return versionProblem(data);
}

function versionProblem(db: Database): string | null {
  if (db.schemaVersion <= SCHEMA_VERSION) return null;
  return `schemaVersion ${db.schemaVersion} is newer than this thread-sandbox understands (${SCHEMA_VERSION}); upgrade thread-sandbox`;
}

/** The first id used twice in a well-shaped database, or null. */
export function findDuplicateProblem(db: Database): string | null {
  return runAtOnce(duplicateIdProblem(db));
}

/**
 * findDatabaseProblem in slices, giving the event loop a turn between them (a reset or an import
 * of the largest allowed size). Same verdict and same words: the document without its records is
 * checked first, then each record at the path the whole-document validator would name.
 */
export async function findDatabaseProblemYielding(data: unknown, slicer: Slicer): Promise<string | null> {
  const top = data as Record<string, unknown> | null;
  if (typeof top !== 'object' || top === null || !Array.isArray(top.executionThreads) || !Array.isArray(top.threads)) return findShapeProblem(data);
  if (!validateDatabase({ ...top, executionThreads: [], threads: [] })) return findShapeProblem(data);
  const exec = top.executionThreads as unknown[];
  for (let i = 0; i < exec.length; i++) {
    if (!validateExecutionThread(exec[i])) return firstError(validateExecutionThread, `/executionThreads/${i}`);
    if (slicer.due()) await slicer.pause();
  }
  const threads = top.threads as unknown[];
  for (let i = 0; i < threads.length; i++) {
    if (!validateThread(threads[i])) return firstError(validateThread, `/threads/${i}`);
    if (slicer.due()) await slicer.pause();
  }
  const db = data as Database;
  return versionProblem(db) ?? runInSlices(duplicateIdProblem(db), slicer);
}

/**
 * The first problem of one change as the write-ahead log records it (`{op, record|thread|id}`), or
 * null. A change that passes leaves a database that passes findShapeProblem.
 */
export function findChangeProblem(change: unknown): string | null {
  if (typeof change !== 'object' || change === null || Array.isArray(change)) return 'is not an object';
  const c = change as Record<string, unknown>;
  const keys = Object.keys(c).filter((k) => k !== 'g');
  const only = (...allowed: string[]) => {
    const extra = keys.find((k) => !allowed.includes(k));
    return extra === undefined ? null : `has an unknown field '${extra}'`;
  };
  const check = (validate: Validator<unknown>, value: unknown, at: string) => (validate(value) ? null : firstError(validate, at));
  switch (c.op) {
    case 'putExecutionThread':
      return only('op', 'record') ?? check(validateExecutionThread, c.record, '/record');
    case 'deleteExecutionThread':
      return only('op', 'id') ?? check(validateExecutionThreadId, c.id, '/id');
    case 'putThread':
      return only('op', 'thread') ?? check(validateThread, c.thread, '/thread');
    case 'deleteThread':
      return only('op', 'id') ?? check(validateThreadId, c.id, '/id');
    default:
      return `has no known op (got ${JSON.stringify(c.op) ?? 'none'})`;
  }
}
