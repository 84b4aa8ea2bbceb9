// The schema of a database file, a fixture and a snapshot: all three are the same document.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { SCHEMA_VERSION, type Database } from '../model.js';
import { isValidTimestamp } from '../time.js';

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

const ajv = new Ajv2020({ allErrors: false, strict: true });
addFormats(ajv);
ajv.addFormat('timestamp', { type: 'string', validate: isValidTimestamp });
const validateShape = ajv.compile(databaseSchema);

/** The first problem of a would-be database, as a sentence, or null when it is valid. */
export function findDatabaseProblem(data: unknown): string | null {
  if (!validateShape(data)) {
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
  const execIds = new Set<number>();
  for (const [i, t] of db.executionThreads.entries()) {
    if (execIds.has(t.id)) return `/executionThreads/${i}/id ${t.id} is used twice`;
    execIds.add(t.id);
  }
  const threadIds = new Set<string>();
  const messageIds = new Set<string>();
  for (const [i, t] of db.threads.entries()) {
    if (threadIds.has(t.thread_id)) return `/threads/${i}/thread_id '${t.thread_id}' is used twice`;
    threadIds.add(t.thread_id);
    for (const [j, m] of t.messages.entries()) {
      if (messageIds.has(m.message_id)) return `/threads/${i}/messages/${j}/message_id '${m.message_id}' is used twice`;
      messageIds.add(m.message_id);
    }
  }
  return null;
}
