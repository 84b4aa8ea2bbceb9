// page_token: an opaque, signed keyset cursor. It carries the list position of the last thread
// returned (newest-message time, thread_id) and the inbox filter it was issued for; the next page
// starts strictly after that position, so inserts and deletes between pages shift nothing.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ThreadKey } from '../../store/thread-index.js';

const VERSION = 1;

export class CursorError extends Error {}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 22);
}

export function encodeCursor(secret: string, key: ThreadKey, inbox: string | null): string {
  const payload = Buffer.from(JSON.stringify([VERSION, key.ms, key.id, inbox])).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

export function decodeCursor(secret: string, token: string, inbox: string | null): ThreadKey {
  const dot = token.indexOf('.');
  const payload = token.slice(0, dot);
  const mac = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(sign(secret, payload));
  if (dot < 1 || mac.length !== expected.length || !timingSafeEqual(mac, expected)) {
    throw new CursorError("query parameter 'page_token' is not a valid page token (malformed or altered)");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError("query parameter 'page_token' is not a valid page token (malformed or altered)");
  }
  const [version, ms, id, boundTo] = Array.isArray(parsed) ? parsed : [];
  if (version !== VERSION || typeof ms !== 'number' || typeof id !== 'string' || (boundTo !== null && typeof boundTo !== 'string')) {
    throw new CursorError("query parameter 'page_token' is not a valid page token (unknown format)");
  }
  if (boundTo !== inbox) {
    throw new CursorError(`query parameter 'page_token' was issued for ${boundTo === null ? 'all inboxes' : `inbox_id '${boundTo}'`}; send the same inbox_id as the first page`);
  }
  return { ms, id };
}
