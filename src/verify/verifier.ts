// Runs named checks and records one result each. A check sends requests through its scope, which
// holds every answer to the spec; a check fails by throwing CheckFailure with the request at fault.
import { isDeepStrictEqual } from 'node:util';
import { RequestBudgetExceeded, TransportError, type Answer, type ApiName, type HttpClient, type RequestOptions } from './http-client.js';
import type { SpecValidator } from './spec-validator.js';

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
  api: ApiName;
  operation: string;
  name: string;
  outcome: Outcome;
  /** Why it failed or was skipped. */
  reason?: string;
  /** The request at fault: `GET /v1/threads?total=3 -> 200`. */
  request?: string;
  /** The start of the body of that answer. */
  answered?: string;
  requests: number;
  durationMs: number;
}

export class CheckFailure extends Error {
  constructor(
    message: string,
    readonly answer?: Answer,
  ) {
    super(message);
  }
}

export class CheckSkipped extends Error {}

export interface GetOptions extends RequestOptions {
  /** The status the check requires; anything else fails the check before the spec is consulted. */
  expect?: number;
}

export class CheckScope {
  last: Answer | undefined;

  constructor(
    readonly api: ApiName,
    readonly operation: string,
    private readonly client: HttpClient,
    private readonly spec: SpecValidator,
  ) {}

  /** Sends a GET and fails the check unless the answer has the expected status and matches the spec. */
  async get(url: string, { expect, ...options }: GetOptions = {}): Promise<Answer> {
    const answer = await this.client.get(this.api, url, options);
    this.last = answer;
    if (expect !== undefined && answer.status !== expect) {
      throw new CheckFailure(`expected ${expect}, got ${answer.status}`, answer);
    }
    const problems = this.spec.problems(this.api, this.operation, answer);
    if (problems.length > 0) throw new CheckFailure(problems.join('; '), answer);
    return answer;
  }

  /** Sends a GET that no operation owns: only the status is checked here. */
  async getUnowned(url: string, { expect, ...options }: GetOptions = {}): Promise<Answer> {
    const answer = await this.client.get(this.api, url, options);
    this.last = answer;
    if (expect !== undefined && answer.status !== expect) throw new CheckFailure(`expected ${expect}, got ${answer.status}`, answer);
    return answer;
  }

  assert(condition: unknown, reason: string, answer: Answer | undefined = this.last): void {
    if (!condition) throw new CheckFailure(reason, answer);
  }

  assertEqual(actual: unknown, expected: unknown, reason: string, answer: Answer | undefined = this.last): void {
    if (!isDeepStrictEqual(actual, expected)) {
      throw new CheckFailure(`${reason}: expected ${JSON.stringify(expected)?.slice(0, 200)}, got ${JSON.stringify(actual)?.slice(0, 200)}`, answer);
    }
  }
}

export interface VerifierEvents {
  onCheckStart?(api: ApiName, operation: string, name: string): void;
  onResult?(result: CheckResult): void;
}

export class Verifier {
  readonly results: CheckResult[] = [];
  #budgetGone: string | undefined;

  constructor(
    private readonly client: HttpClient,
    private readonly spec: SpecValidator,
    private readonly events: VerifierEvents = {},
  ) {}

  /** Runs one check; returns what it returned, or undefined when it failed or was skipped. */
  async check<T>(api: ApiName, operation: string, name: string, body: (t: CheckScope) => Promise<T>): Promise<T | undefined> {
    if (this.#budgetGone) {
      this.#record({ api, operation, name, outcome: 'skipped', reason: this.#budgetGone, requests: 0, durationMs: 0 });
      return undefined;
    }
    this.events.onCheckStart?.(api, operation, name);
    const scope = new CheckScope(api, operation, this.client, this.spec);
    const startedRequests = this.client.requests;
    const started = performance.now();
    const base = { api, operation, name };
    const spent = () => ({ requests: this.client.requests - startedRequests, durationMs: Math.round(performance.now() - started) });
    try {
      const value = await body(scope);
      this.#record({ ...base, outcome: 'passed', ...spent() });
      return value;
    } catch (error) {
      if (error instanceof RequestBudgetExceeded) {
        this.#budgetGone = error.message;
        this.#record({ ...base, outcome: 'skipped', reason: error.message, ...spent() });
      } else if (error instanceof CheckSkipped) {
        this.#record({ ...base, outcome: 'skipped', reason: error.message, ...spent() });
      } else if (error instanceof CheckFailure) {
        this.#record({ ...base, outcome: 'failed', reason: error.message, ...where(error.answer), ...spent() });
      } else if (error instanceof TransportError) {
        this.#record({ ...base, outcome: 'failed', reason: error.message, request: `GET ${error.url}`, ...spent() });
      } else {
        // An answer shaped so oddly that a check could not even evaluate it: a failure, not a crash.
        this.#record({ ...base, outcome: 'failed', reason: `could not evaluate the answer: ${(error as Error)?.message ?? String(error)}`, ...where(scope.last), ...spent() });
      }
      return undefined;
    }
  }

  skip(api: ApiName, operation: string, name: string, reason: string): void {
    this.#record({ api, operation, name, outcome: 'skipped', reason, requests: 0, durationMs: 0 });
  }

  #record(result: CheckResult): void {
    this.results.push(result);
    this.events.onResult?.(result);
  }
}

function where(answer: Answer | undefined): Pick<CheckResult, 'request' | 'answered'> {
  if (!answer) return {};
  const text = answer.text.length > 300 ? `${answer.text.slice(0, 300)}…` : answer.text;
  return { request: `GET ${answer.url} -> ${answer.status}`, answered: text };
}
