// Which journaled requests a matcher selects, and for the others what differed: the near misses a
// failed verification shows. Pure: it sees what a request left in the journal, nothing else.
// Credential headers are compared with their real values but never shown, expected or actual.
import type { OperationId } from './operation-id.js';
import { ControlError } from './control-error.js';
import { REDACTED, SECRET_HEADERS } from './journal.js';
import { linearRegex, type LinearRegex } from './linear-regex.js';
import { re2 } from './re2.js';

/**
 * An exact value, a regular expression (JavaScript syntax, unanchored, run in linear time: no
 * backreferences or lookarounds), or "not sent".
 */
export type ValueMatcher = string | { matches: string } | { absent: true };

/** Every field given must hold; an empty matcher selects every request. */
export interface RequestMatcher {
  method?: string | undefined;
  operationId?: OperationId | undefined;
  /** The request path exactly, e.g. `/human/v0/threads/thr-0001`. */
  path?: string | undefined;
  /** A path template of the specs, e.g. `/human/v0/threads/{thread_id}`. */
  pathTemplate?: string | undefined;
  query?: Record<string, ValueMatcher> | undefined;
  /** Header names ignore case. */
  headers?: Record<string, ValueMatcher> | undefined;
  status?: number | undefined;
  /** ISO date-time: requests at or after it. */
  since?: string | undefined;
  /** ISO date-time: requests at or before it. */
  until?: string | undefined;
}

/** What a request left in the journal, as far as matching goes. */
export interface MatchableRequest {
  timeMs: number;
  method: string;
  path: string;
  operationId: string | null;
  status: number;
  query: Readonly<Record<string, string | string[] | undefined>>;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface Difference {
  /** `method`, `operationId`, `path`, `pathTemplate`, `status`, `query.<name>` or `headers.<name>`. */
  field: string;
  expected: ValueMatcher | number;
  /** What the request had; null when it did not send it. */
  actual: string | string[] | number | null;
}

type Test = (value: string | string[] | undefined) => boolean;

interface Check {
  field: string;
  expected: ValueMatcher | number;
  secret: boolean;
  actual: (r: MatchableRequest) => string | string[] | number | null | undefined;
  test: (r: MatchableRequest) => boolean;
}

export interface CompiledMatcher {
  /** True when the request is inside since/until: only those are matched or near misses. */
  inWindow(r: MatchableRequest): boolean;
  /** What differs; empty when the request matches. */
  differences(r: MatchableRequest): Difference[];
  matches(r: MatchableRequest): boolean;
}

function valueTest(m: ValueMatcher, field: string): Test {
  if (typeof m === 'string') return (v) => (Array.isArray(v) ? v.includes(m) : v === m);
  if (typeof m === 'object' && m !== null && 'absent' in m && m.absent === true) return (v) => v === undefined;
  if (typeof m === 'object' && m !== null && 'matches' in m && typeof m.matches === 'string') {
    const re = linearRegex(m.matches, field);
    return (v) => v !== undefined && (Array.isArray(v) ? v.some((x) => re.test(x)) : re.test(v));
  }
  throw new ControlError('ValidationError', `${field} must be a string, { "matches": regex } or { "absent": true }`);
}

function time(value: string, field: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ControlError('ValidationError', `${field} '${value}' is not a valid date-time`);
  return ms;
}

/**
 * `/human/v0/threads/{thread_id}` -> a regular expression where each `{name}` is one segment. On
 * RE2 too: a template of adjacent `{a}{b}{c}` would backtrack polynomially on a long path.
 */
export function templateRegex(template: string): LinearRegex {
  const { RE2JS } = re2();
  const parts = template.split(/(\{[^}/]+\})/).map((part) => (/^\{[^}/]+\}$/.test(part) ? '[^/]+' : RE2JS.quote(part)));
  return RE2JS.compile(`^${parts.join('')}$`);
}

/** Checks a matcher (a 400 ControlError for a bad regex or time) and prepares it. */
export function compileMatcher(m: RequestMatcher): CompiledMatcher {
  const checks: Check[] = [];
  const plain = (field: keyof RequestMatcher & ('method' | 'operationId' | 'path'), want: string, get: (r: MatchableRequest) => string | null) =>
    checks.push({ field, expected: want, secret: false, actual: get, test: (r) => get(r) === want });
  if (m.method !== undefined) plain('method', m.method.toUpperCase(), (r) => r.method.toUpperCase());
  if (m.operationId !== undefined) plain('operationId', m.operationId, (r) => r.operationId);
  if (m.path !== undefined) plain('path', m.path, (r) => r.path);
  if (m.pathTemplate !== undefined) {
    const re = templateRegex(m.pathTemplate);
    checks.push({ field: 'pathTemplate', expected: m.pathTemplate, secret: false, actual: (r) => r.path, test: (r) => re.test(r.path) });
  }
  for (const [name, want] of Object.entries(m.query ?? {})) {
    const field = `query.${name}`;
    const test = valueTest(want, field);
    const get = (r: MatchableRequest) => (Object.hasOwn(r.query, name) ? r.query[name] : undefined);
    checks.push({ field, expected: want, secret: false, actual: get, test: (r) => test(get(r)) });
  }
  for (const [rawName, want] of Object.entries(m.headers ?? {})) {
    const name = rawName.toLowerCase();
    const field = `headers.${name}`;
    const test = valueTest(want, field);
    const get = (r: MatchableRequest) => (Object.hasOwn(r.headers, name) ? r.headers[name] : undefined);
    checks.push({ field, expected: want, secret: SECRET_HEADERS.has(name), actual: get, test: (r) => test(get(r)) });
  }
  if (m.status !== undefined) {
    const want = m.status;
    checks.push({ field: 'status', expected: want, secret: false, actual: (r) => r.status, test: (r) => r.status === want });
  }
  const since = m.since === undefined ? -Infinity : time(m.since, 'since');
  const until = m.until === undefined ? Infinity : time(m.until, 'until');

  const differences = (r: MatchableRequest): Difference[] => {
    const out: Difference[] = [];
    for (const c of checks) {
      if (c.test(r)) continue;
      const actual = c.actual(r) ?? null;
      out.push({
        field: c.field,
        expected: c.secret && typeof c.expected === 'string' ? REDACTED : c.secret && typeof c.expected === 'object' && 'matches' in c.expected ? { matches: REDACTED } : c.expected,
        actual: c.secret && actual !== null ? REDACTED : actual,
      });
    }
    return out;
  };
  return {
    inWindow: (r) => r.timeMs >= since && r.timeMs <= until,
    differences,
    matches: (r) => checks.every((c) => c.test(r)),
  };
}

/** The matcher as it may be shown: credential header values redacted. */
export function redactMatcher(m: RequestMatcher): RequestMatcher {
  if (!m.headers) return m;
  const headers = Object.fromEntries(
    Object.entries(m.headers).map(([name, want]): [string, ValueMatcher] => {
      if (!SECRET_HEADERS.has(name.toLowerCase())) return [name, want];
      if (typeof want === 'string') return [name, REDACTED];
      return [name, 'matches' in want ? { matches: REDACTED } : want];
    }),
  );
  return { ...m, headers };
}

export interface NearMiss<E> {
  request: E;
  differences: Difference[];
}

/** How many near misses a failed match shows. */
export const NEAR_MISSES = 3;

/**
 * The requests that match, oldest first; when none does, the closest few (fewest differences,
 * newest first among equals) with what differed.
 */
export function findRequests<R extends MatchableRequest, E>(records: readonly R[], matcher: RequestMatcher, toEntry: (r: R) => E): { requests: E[]; nearMisses?: NearMiss<E>[] } {
  const compiled = compileMatcher(matcher);
  const inWindow = records.filter((r) => compiled.inWindow(r));
  const matching = inWindow.filter((r) => compiled.matches(r));
  if (matching.length > 0) return { requests: matching.map(toEntry) };
  return { requests: [], nearMisses: nearMisses(inWindow, compiled).map(({ record, differences }) => ({ request: toEntry(record), differences })) };
}

function nearMisses<R extends MatchableRequest>(records: readonly R[], compiled: CompiledMatcher): { record: R; differences: Difference[] }[] {
  return records
    .map((record, order) => ({ record, order, differences: compiled.differences(record) }))
    .sort((a, b) => a.differences.length - b.differences.length || b.order - a.order)
    .slice(0, NEAR_MISSES)
    .map(({ record, differences }) => ({ record, differences }));
}

/** How many requests match (inside since/until). */
export function countRequests(records: readonly MatchableRequest[], matcher: RequestMatcher): number {
  const compiled = compileMatcher(matcher);
  let n = 0;
  for (const r of records) if (compiled.inWindow(r) && compiled.matches(r)) n++;
  return n;
}
