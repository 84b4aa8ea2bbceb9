// What an API brings to the app: its spec, its error table, and handlers keyed by operationId.
// The app does the rest (routing and validation through openapi-backend, faults, journal).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'openapi-backend';
import type { Principal } from '../auth.js';
import type { Query } from '../openapi/query.js';
import type { SpecName } from '../openapi/specs.js';
import type { Services } from '../services.js';

/** What a handler answers; one place writes it (and can check it against the spec). */
export interface Reply {
  status: number;
  body?: unknown;
  /**
   * The body already serialized, when the handler can do it cheaper: JSON.stringify(body)'s bytes.
   * A handler that gives it may make `body` a getter, built only when the response is checked.
   */
  json?: string;
  headers?: Record<string, string>;
  /** A body that is not JSON (the live page, its script), written as is: `headers` name its type. */
  text?: string;
  /** Takes the response over (a stream of server-sent events): nothing else writes to it. */
  stream?: (res: ServerResponse) => void;
}

/** Per-request state handed to every handler after the openapi-backend context. */
export interface Call {
  services: Services;
  /** The query as sent, after empty values were dropped (for messages about repeated names). */
  query: Query;
  req: IncomingMessage;
  principal?: Principal;
  /** Set when the request failed validation, for the journal. */
  validationErrors?: string[];
}

export type OperationHandler = (c: Context, call: Call) => Reply | Promise<Reply>;

/** Returns true when the caller is accepted (and sets call.principal); throws an Error saying why not. */
export type SecurityHandler = (c: Context, call: Call) => boolean;

export interface ApiDefinition {
  name: SpecName;
  /** This API's error body for a status, e.g. v1 `{message}`, v0 `{name, message}`. */
  error(status: number, message: string): Reply;
  handlers: Record<string, OperationHandler>;
  security: Record<string, SecurityHandler>;
  /** Whether calls go into the request journal (the control plane's own calls do not). */
  journaled: boolean;
  /** The control plane ignores faults and Prefer, so that a test can always undo what it set. */
  exemptFromFaults?: boolean;
  /**
   * Operations that never read the store: the pipeline does not wait for the store to catch up
   * with shared state before them (liveness stays 200 while a shared database is away).
   */
  storeFree?: ReadonlySet<string>;
  /** Compile validators per operation on first use (an API with many operations starts much faster). */
  lazyValidators?: boolean;
}

export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  return m?.[1];
}
