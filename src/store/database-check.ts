// The database schema (db-schema.ts) written out as plain checks, for the start: the whole file is
// checked on every load, and this is several times cheaper than the generic validator Ajv compiles.
// It only says yes or no; when it says no, db-schema.ts asks Ajv for the words, so the problem a
// user reads is the same either way. test/store/database-check.test.ts holds it to Ajv's verdict.
import { isValidTimestamp } from '../time.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MAX_UID = 4294967295;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInteger = (v: unknown, min: number, max: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** JSON Schema's maxLength counts code points: a string no longer in UTF-16 units is within it. */
function withinLength(s: string, max: number): boolean {
  if (s.length <= max) return true;
  let points = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    if (++points > max) return false;
  }
  return true;
}

const text = (v: unknown, max: number): boolean => typeof v === 'string' && withinLength(v, max);
const id = (v: unknown): boolean => typeof v === 'string' && v.length > 0 && withinLength(v, 256);
const timestamp = (v: unknown): boolean => typeof v === 'string' && isValidTimestamp(v);

export function isExecutionThread(r: unknown): boolean {
  if (!isObject(r)) return false;
  for (const key in r) if (key !== 'id' && key !== 'workspaceId' && key !== 'threadToken' && key !== 'type' && key !== 'createdAt') return false;
  const token = r.threadToken;
  return (
    isInteger(r.id, 1, MAX_SAFE) &&
    isInteger(r.workspaceId, 0, MAX_SAFE) &&
    (token === null || text(token, 1024)) &&
    (r.type === 'Manual' || r.type === 'BrowserInstance') &&
    timestamp(r.createdAt)
  );
}

function isMessage(m: unknown): boolean {
  if (!isObject(m)) return false;
  let keys = 0;
  for (const key in m) {
    switch (key) {
      case 'message_id':
      case 'message_id_header':
      case 'from':
      case 'subject':
      case 'snippet':
      case 'received_at':
      case 'folder':
      case 'uid':
        keys++;
        break;
      default:
        return false;
    }
  }
  return (
    keys === 8 &&
    id(m.message_id) &&
    text(m.message_id_header, 998) &&
    text(m.from, 998) &&
    text(m.subject, 998) &&
    text(m.snippet, 4096) &&
    timestamp(m.received_at) &&
    text(m.folder, 256) &&
    isInteger(m.uid, 0, MAX_UID)
  );
}

export function isThread(t: unknown): boolean {
  if (!isObject(t)) return false;
  for (const key in t) if (key !== 'thread_id' && key !== 'inbox_id' && key !== 'messages') return false;
  const messages = t.messages;
  if (!id(t.thread_id) || !id(t.inbox_id) || !Array.isArray(messages) || messages.length === 0) return false;
  for (let i = 0; i < messages.length; i++) if (!isMessage(messages[i])) return false;
  return true;
}

/** True when `data` satisfies databaseSchema (db-schema.ts); says nothing about duplicate ids. */
export function isValidDatabase(data: unknown): boolean {
  if (!isObject(data)) return false;
  for (const key in data) if (key !== '$schema' && key !== 'schemaVersion' && key !== 'generation' && key !== 'executionThreads' && key !== 'threads') return false;
  if (data.$schema !== undefined && typeof data.$schema !== 'string') return false;
  if (!isInteger(data.schemaVersion, 1, Infinity)) return false;
  if (data.generation !== undefined && !isInteger(data.generation, 0, Infinity)) return false;
  const { executionThreads, threads } = data;
  if (!Array.isArray(executionThreads) || !Array.isArray(threads)) return false;
  for (let i = 0; i < executionThreads.length; i++) if (!isExecutionThread(executionThreads[i])) return false;
  for (let i = 0; i < threads.length; i++) if (!isThread(threads[i])) return false;
  return true;
}
