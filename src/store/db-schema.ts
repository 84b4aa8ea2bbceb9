// The schema of a database file, a fixture and a snapshot: all three are the same document.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { SCHEMA_VERSION, type Database, type ExecutionThreadRecord, type MessageRecord, type ThreadRecord } from '../model.js';
import { isValidTimestamp } from '../time.js';
import { isExecutionThread, isThread, isValidDatabase, isValidFrame } from './database-check.js';
import { ShardedSet } from './sharded-map.js';
import { runAtOnce, runInSlices, type Slicer } from '../slices.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const text = (max: number) => ({ type: 'string', maxLength: max });
const id = { type: 'string', minLength: 1, maxLength: 256 };

export const databaseSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://thread-sandbox.dev/schemas/database.json',
  title: 'thread-sandbox database',
  type: 'object',
  required: ['schemaVersion', 'executionThreads', 'threads'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    schemaVersion: { type: 'integer', minimum: 1 },
    generation: { type: 'integer', minimum: 0 },
    executionThreads: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'workspaceId', 'threadToken', 'type', 'createdAt'],
        properties: {
          id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
          workspaceId: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
          threadToken: { type: ['string', 'null'], maxLength: 1024 },
          type: { enum: ['Manual', 'BrowserInstance'] },
          createdAt: { type: 'string', format: 'timestamp' },
        },
      },
    },
    threads: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['thread_id', 'inbox_id', 'messages'],
        properties: {
          thread_id: id,
          inbox_id: id,
          messages: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['message_id', 'message_id_header', 'from', 'subject', 'snippet', 'received_at', 'folder', 'uid'],
              properties: {
                message_id: id,
                message_id_header: text(998),
                from: text(998),
                subject: text(998),
                snippet: text(4096),
                received_at: { type: 'string', format: 'timestamp' },
                folder: text(256),
                uid: { type: 'integer', minimum: 0, maximum: 4294967295 },
              },
            },
          },
        },
      },
    },
  },
} as const;

let ajvInstance: Ajv2020 | undefined;
let ajvValidator: ValidateFunction | undefined;

/** The Ajv instance of the database schema, made on first use: a start with a valid file needs none. */
function ajv(): Ajv2020 {
  if (ajvInstance) return ajvInstance;
  // validateSchema off: compiling the 2020-12 meta-schema to check this constant schema cost more
  // at each start than validating it once in a test (test/store/db-schema.test.ts).
  ajvInstance = new Ajv2020({ allErrors: false, strict: true, validateSchema: false });
  addFormats(ajvInstance);
  ajvInstance.addFormat('timestamp', { type: 'string', validate: isValidTimestamp });
  return ajvInstance;
}

/** Ajv's validator of the schema: the reference, and the words for a problem. Compiled on first use. */
export function ajvValidateShape(): ValidateFunction {
  return (ajvValidator ??= ajv().compile(databaseSchema));
}

/** The first problem of a would-be database, as a sentence, or null when it is valid. */
export function findDatabaseProblem(data: unknown): string | null {
  return findShapeProblem(data) ?? findDuplicateProblem(data as Database);
}

/** The first problem with the document's shape and version (everything but duplicate ids). */
export function findShapeProblem(data: unknown): string | null {
  // The plain checks decide; Ajv runs only on a bad document, to name its first problem.
  const validateShape = isValidDatabase(data) ? undefined : ajvValidateShape();
  if (validateShape && !validateShape(data)) {
    const e = validateShape.errors?.[0];
    if (!e) return 'not a valid database';
    const where = e.instancePath || '(top level)';
    const extra = e.keyword === 'additionalProperties' ? ` ('${String(e.params.additionalProperty)}')` : '';
    return `${where} ${e.message ?? 'is invalid'}${extra}`;
  }
  const db = data as Database;
  if (db.schemaVersion > SCHEMA_VERSION) {
    return `schemaVersion ${db.schemaVersion} is newer than this thread-sandbox understands (${SCHEMA_VERSION}); upgrade thread-sandbox`;
  }
  return null;
}

/** The first id used twice in a well-shaped database, or null. */
export function findDuplicateProblem(db: Database): string | null {
  // A start skips this pass unless the indexes show a duplicate (Store.open): hashing 350,000 ids
  // was a tenth of the start at 100,000 threads.
  return runAtOnce(duplicateProblem(db));
}

/**
 * findDatabaseProblem in slices, giving the event loop a turn between them (a reset or an import
 * of the largest allowed size). Same verdict and same words: the first bad record is described by
 * Ajv's validator of one record, at the path the whole-document validator would name.
 */
export async function findDatabaseProblemYielding(data: unknown, slicer: Slicer): Promise<string | null> {
  if (!isValidFrame(data)) return findShapeProblem(data);
  const db = data as Database;
  const exec = db.executionThreads as unknown[];
  for (let i = 0; i < exec.length; i++) {
    if (!isExecutionThread(exec[i])) return recordProblem(changeChecks().executionThread, exec[i], `/executionThreads/${i}`) ?? findShapeProblem(data);
    if (slicer.due()) await slicer.pause();
  }
  const threads = db.threads as unknown[];
  for (let i = 0; i < threads.length; i++) {
    if (!isThread(threads[i])) return recordProblem(changeChecks().thread, threads[i], `/threads/${i}`) ?? findShapeProblem(data);
    if (slicer.due()) await slicer.pause();
  }
  const version = findShapeProblem({ ...db, executionThreads: [], threads: [] });
  if (version) return version;
  return runInSlices(duplicateProblem(db), slicer);
}

function recordProblem(validate: ValidateFunction, record: unknown, at: string): string | null {
  return validate(record) ? null : firstError(validate, at);
}

/**
 * findDuplicateProblem's steps, yielding after each record: run at once (findDuplicateProblem) or
 * in slices (findDatabaseProblemYielding), with the same verdict and words.
 */
function* duplicateProblem(db: Database): Generator<void, string | null> {
  const execIds = new Set<number>();
  const exec = db.executionThreads;
  for (let i = 0; i < exec.length; i++) {
    const id = (exec[i] as ExecutionThreadRecord).id;
    execIds.add(id);
    if (execIds.size !== i + 1) return `/executionThreads/${i}/id ${id} is used twice`;
    yield;
  }
  // Sharded (sharded-map.ts): one Set of the largest allowed database's message ids rehashes for longer than a slice.
  const threadIds = new ShardedSet();
  const messageIds = new ShardedSet();
  const threads = db.threads;
  for (let i = 0; i < threads.length; i++) {
    const t = threads[i] as ThreadRecord;
    if (!threadIds.add(t.thread_id)) return `/threads/${i}/thread_id '${t.thread_id}' is used twice`;
    const messages = t.messages;
    for (let j = 0; j < messages.length; j++) {
      const id = (messages[j] as MessageRecord).message_id;
      if (!messageIds.add(id)) return `/threads/${i}/messages/${j}/message_id '${id}' is used twice`;
    }
    yield;
  }
  return null;
}

// ---- one change (a write, a log line): the same record rules as the file ----------------------

const records = databaseSchema.properties;
// Compiled on the first change checked (a write or a log replay), not at module load.
let changeValidators: { executionThread: ValidateFunction; thread: ValidateFunction; executionThreadId: ValidateFunction; threadId: ValidateFunction } | undefined;
const changeChecks = () =>
  (changeValidators ??= {
    executionThread: ajv().compile(records.executionThreads.items),
    thread: ajv().compile(records.threads.items),
    executionThreadId: ajv().compile(records.executionThreads.items.properties.id),
    threadId: ajv().compile(records.threads.items.properties.thread_id),
  });

function firstError(validate: { errors?: { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }[] | null }, at: string): string {
  const e = validate.errors?.[0];
  if (!e) return `${at} is invalid`;
  const extra = e.keyword === 'additionalProperties' ? ` ('${String(e.params.additionalProperty)}')` : '';
  return `${at}${e.instancePath} ${e.message ?? 'is invalid'}${extra}`;
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
  switch (c.op) {
    case 'putExecutionThread':
      return only('op', 'record') ?? (changeChecks().executionThread(c.record) ? null : firstError(changeChecks().executionThread, '/record'));
    case 'deleteExecutionThread':
      return only('op', 'id') ?? (changeChecks().executionThreadId(c.id) ? null : firstError(changeChecks().executionThreadId, '/id'));
    case 'putThread':
      return only('op', 'thread') ?? (changeChecks().thread(c.thread) ? null : firstError(changeChecks().thread, '/thread'));
    case 'deleteThread':
      return only('op', 'id') ?? (changeChecks().threadId(c.id) ? null : firstError(changeChecks().threadId, '/id'));
    default:
      return `has no known op (got ${JSON.stringify(c.op) ?? 'none'})`;
  }
}
