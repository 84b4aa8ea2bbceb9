// Assertions on what a client sent, for test suites that run a sandbox in-process: verify a count,
// wait for a request, assert no contract violations. Failures are node:assert AssertionErrors whose
// message lists the near misses or violations, so node:test, vitest and jest show them as they are.
import { AssertionError } from 'node:assert';
import type { Services } from '../services.js';
import { toEntry, type JournalEntry, type StoredRecord } from './journal.js';
import { compileMatcher, findRequests, redactMatcher, type Difference, type NearMiss, type RequestMatcher } from './request-matcher.js';
import { formatViolation, type Violation } from './violations.js';

/** How many matching requests `verify` expects: exactly `times`, at least `atLeast`, at most `atMost`. */
export interface VerifyCount {
  times?: number;
  atLeast?: number;
  atMost?: number;
}

export interface WaitOptions {
  /** Milliseconds before the wait fails (5000 by default). */
  timeout?: number;
}

const show = (v: unknown) => JSON.stringify(v);

function requestLine(e: JournalEntry): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(e.query)) for (const v of Array.isArray(value) ? value : [value]) query.append(name, v);
  const qs = query.toString();
  return `${e.method} ${e.path}${qs ? `?${qs}` : ''} -> ${e.status === 0 ? 'no answer' : e.status} (request #${e.id}, ${e.operationId ?? 'no operation'})`;
}

const differenceLine = (d: Difference) => `${d.field}: expected ${show(d.expected)}, got ${d.actual === null ? 'nothing' : show(d.actual)}`;

/** The near misses as an indented list, closest first. */
export function formatNearMisses(misses: readonly NearMiss<JournalEntry>[]): string {
  if (misses.length === 0) return 'No request was journaled at all.';
  const lines = misses.map((m, i) => [`  ${i + 1}. ${requestLine(m.request)}`, ...m.differences.map((d) => `       ${differenceLine(d)}`)].join('\n'));
  return `Near misses, closest first:\n${lines.join('\n')}`;
}

const requests = (n: number) => (n === 1 ? 'request' : 'requests');

function describeCount(count: VerifyCount): { ok: (n: number) => boolean; text: string } {
  const { times, atLeast, atMost } = count;
  if (times !== undefined) return { ok: (n) => n === times, text: `exactly ${times} ${requests(times)}` };
  if (atLeast !== undefined && atMost !== undefined) return { ok: (n) => n >= atLeast && n <= atMost, text: `between ${atLeast} and ${atMost} requests` };
  if (atMost !== undefined) return { ok: (n) => n <= atMost, text: `at most ${atMost} ${requests(atMost)}` };
  const least = atLeast ?? 1;
  return { ok: (n) => n >= least, text: `at least ${least} ${requests(least)}` };
}

/** The failure of a verification, given what a find returned; undefined when the count holds. */
export function verifyFailure(matcher: RequestMatcher, count: VerifyCount, found: { requests: JournalEntry[]; nearMisses?: NearMiss<JournalEntry>[] }): AssertionError | undefined {
  const { ok, text } = describeCount(count);
  const n = found.requests.length;
  if (ok(n)) return undefined;
  const detail =
    n === 0
      ? formatNearMisses(found.nearMisses ?? [])
      : `Matching requests:\n${found.requests.slice(0, 10).map((e, i) => `  ${i + 1}. ${requestLine(e)}`).join('\n')}${n > 10 ? `\n  ... and ${n - 10} more` : ''}`;
  return new AssertionError({
    message: `Expected ${text} matching ${show(redactMatcher(matcher))}, found ${n}.\n${detail}`,
    actual: n,
    expected: count.times ?? count.atLeast ?? count.atMost ?? 1,
    operator: 'verify',
  });
}

/** Rejects with an AssertionError unless the journal holds the expected number of matching requests. */
export async function verifyRequests(services: Services, matcher: RequestMatcher, count: VerifyCount = {}): Promise<void> {
  const failure = verifyFailure(matcher, count, findRequests(await services.journal.records(), matcher, toEntry));
  if (failure) throw failure;
}

/** The timeout failure of a wait, given the near misses at that moment. */
export function waitFailure(matcher: RequestMatcher, timeout: number, nearMisses: readonly NearMiss<JournalEntry>[]): AssertionError {
  return new AssertionError({ message: `No request matching ${show(redactMatcher(matcher))} within ${timeout} ms.\n${formatNearMisses(nearMisses)}`, operator: 'waitForRequest' });
}

/** How often a wait polls a journal that cannot tell when a request arrives (one in a database). */
const POLL_MS = 20;

/**
 * Resolves with the first matching request: one already journaled (use `since` to skip older
 * ones) or the next one recorded. Rejects with an AssertionError naming the near misses after
 * `timeout` milliseconds. The in-process journal tells when a request arrives; one kept in a
 * database (shared by replicas, written by any of them) is polled.
 */
export async function waitForRequest(services: Services, matcher: RequestMatcher, { timeout = 5000 }: WaitOptions = {}): Promise<JournalEntry> {
  const compiled = compileMatcher(matcher);
  const hit = (r: StoredRecord) => compiled.inWindow(r) && compiled.matches(r);
  const { journal } = services;
  const nearMisses = async () => findRequests(await journal.records(), matcher, toEntry).nearMisses ?? [];
  const deadline = Date.now() + timeout;
  if (!journal.subscribe) {
    for (;;) {
      const found = (await journal.records()).find(hit);
      if (found) return toEntry(found);
      if (Date.now() >= deadline) throw waitFailure(matcher, timeout, await nearMisses());
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))));
    }
  }
  // Listening before looking: a request recorded between the two is seen by one or the other.
  const subscribe = journal.subscribe.bind(journal);
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      stop();
      clearTimeout(timer);
      finish();
    };
    const stop = subscribe((r) => {
      if (hit(r)) settle(() => resolve(toEntry(r)));
    });
    const timer = setTimeout(() => settle(() => nearMisses().then((misses) => reject(waitFailure(matcher, timeout, misses)), reject)), timeout);
    Promise.resolve(journal.records()).then((records) => {
      const already = records.find(hit);
      if (already) settle(() => resolve(toEntry(already)));
    }, (error: unknown) => settle(() => reject(error)));
  });
}

/** Throws an AssertionError listing the contract violations, if any. */
export function assertNoViolations(services: Services): void {
  const failure = violationsFailure(services.violations.list());
  if (failure) throw failure;
}

/** The failure listing contract violations; undefined when there are none. */
export function violationsFailure(violations: readonly Violation[]): AssertionError | undefined {
  if (violations.length === 0) return undefined;
  const lines = violations.slice(0, 20).map((v, i) => `  ${i + 1}. ${formatViolation(v)}`);
  if (violations.length > 20) lines.push(`  ... and ${violations.length - 20} more`);
  return new AssertionError({
    message: `${violations.length} request${violations.length === 1 ? '' : 's'} broke the API contract:\n${lines.join('\n')}`,
    actual: violations.length,
    expected: 0,
    operator: 'assertNoViolations',
  });
}
