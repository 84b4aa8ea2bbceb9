// page_token: an opaque, signed keyset cursor. It carries the list position of the last thread
// returned (newest-message time, thread_id) and the inbox filter it was issued for; the next page
// starts strictly after that position, so inserts and deletes between pages shift nothing.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { boundedCache, cached } from '../../bounded-cache.js';
import type { ThreadKey } from '../../store/thread-index.js';

const VERSION = 1;

export class CursorError extends Error {}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 22);
}

interface Position {
  ms: number;
  id: string;
  inbox: string | null;
}

/**
 * Tokens issued or checked lately, per secret. A client that polls a page is given the same token
 * again, and the token a page gave is the one the next request sends back: both are then a lookup
 * instead of an HMAC. Bounded; forgetting only costs the HMAC again.
 */
class RecentTokens {
  readonly #positions = boundedCache<string, Position>(MAX_REMEMBERED);
  readonly #tokens = boundedCache<string, string>(MAX_REMEMBERED);

  token(key: string): string | undefined {
    return this.#tokens.get(key);
  }

  position(token: string): Position | undefined {
    return this.#positions.get(token);
  }

  remember(key: string, token: string, position: Position): void {
    this.#tokens.set(key, token);
    this.#positions.set(token, position);
  }
}

const MAX_REMEMBERED = 4096;
// One secret per sandbox: a process running many (a test suite) forgets the least recently used.
const recent = boundedCache<string, RecentTokens>(16);

function recentFor(secret: string): RecentTokens {
  return cached(recent, secret, () => new RecentTokens());
}

// JSON: ids and inbox names may hold any character, so no separator could keep two apart.
const positionKey = (p: Position) => JSON.stringify([p.ms, p.id, p.inbox]);

export function encodeCursor(secret: string, key: ThreadKey, inbox: string | null): string {
  const position = { ms: key.ms, id: key.id, inbox };
  const tokens = recentFor(secret);
  const known = tokens.token(positionKey(position));
  if (known !== undefined) return known;
  const payload = Buffer.from(JSON.stringify([VERSION, key.ms, key.id, inbox])).toString('base64url');
  const token = `${payload}.${sign(secret, payload)}`;
  tokens.remember(positionKey(position), token, position);
  return token;
}

export function decodeCursor(secret: string, token: string, inbox: string | null): ThreadKey {
  const tokens = recentFor(secret);
  let known = tokens.position(token);
  if (!known) {
    known = verified(secret, token);
    tokens.remember(positionKey(known), token, known);
  }
  if (known.inbox !== inbox) {
    const boundTo = known.inbox;
    throw new CursorError(`query parameter 'page_token' was issued for ${boundTo === null ? 'all inboxes' : `inbox_id '${boundTo}'`}; send the same inbox_id as the first page`);
  }
  return { ms: known.ms, id: known.id };
}

/** The position a token carries, after checking its signature and format. */
function verified(secret: string, token: string): Position {
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
  return { ms, id, inbox: boundTo };
}
