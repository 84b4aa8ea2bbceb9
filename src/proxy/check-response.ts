// The provider's half of the contract: is this answer one the specs allow for this request? The
// spec's schemas first (spec-validator), then what a schema cannot say (the invariants verify
// checks): windows, filters, sort orders, cursor walks, derived fields.
import type { Operation } from 'openapi-backend';
import { parseQuery } from '../openapi/query.js';
import type { Answer, ApiName } from '../verify/http-client.js';
import { compareBy, derivedFieldProblems, orderViolation, parseSorting, type ExecutionThread, type Thread } from '../verify/invariants.js';
import type { SpecValidator } from '../verify/spec-validator.js';
import { v0PageProblems, type ThreadPage } from '../verify/v0-list.js';
import { v1PageProblems, type ExecutionThreadPage } from '../verify/v1-list.js';
import type { CursorWalks } from './cursor-walks.js';
import type { ContractViolation } from './exchange.js';

export interface CheckedRequest {
  api: ApiName;
  operation: Operation;
  path: string;
  query: string;
  /** What the consumer did wrong: decides which status the provider owes. */
  consumerViolations: readonly ContractViolation[];
}

export interface ProviderAnswer extends Answer {
  /** Every Content-Type header as sent (a merged 'application/json, text/plain' would pass as JSON). */
  contentTypes: readonly string[];
  /** False when the body was passed on without being read (over the check limit): status and headers only. */
  bodyChecked: boolean;
}

const provider = (rule: string, message: string): ContractViolation => ({ side: 'provider', rule, message });
const NOT_JSON = 'the body is not JSON';

export function checkResponse(spec: SpecValidator, walks: CursorWalks, request: CheckedRequest, answer: ProviderAnswer): ContractViolation[] {
  const operationId = request.operation.operationId as string;
  const owed = owedStatuses(request.consumerViolations);
  const violations = [...contentTypeCount(answer), ...schemaViolations(spec, request.api, operationId, answer)];
  // A 500 is documented for every operation: a provider may fail on any request.
  if (owed && !owed.statuses.includes(answer.status) && answer.status !== 500) {
    return [provider('status', `answered ${answer.status} to a request ${owed.because}; the spec says ${owed.statuses.join(' or ')}`), ...violations];
  }
  if (violations.length > 0 || owed || answer.status !== 200 || !answer.bodyChecked) return violations;
  return behaviourProblems(walks, operationId, request, answer.body).map((message) => provider('behaviour', message));
}

/**
 * A request without credentials is owed a 401, one with a bad parameter a 400; one with both may
 * get either (the sandbox authenticates first; the specs do not say which check comes first).
 */
function owedStatuses(consumer: readonly ContractViolation[]): { statuses: number[]; because: string } | undefined {
  const credentials = consumer.find((v) => v.rule === 'credentials');
  const parameter = consumer.find((v) => v.rule === 'parameter');
  if (credentials && parameter) return { statuses: [400, 401], because: `without valid credentials and with a bad parameter (${parameter.message})` };
  if (credentials) return { statuses: [401], because: `without valid credentials (${credentials.message})` };
  if (parameter) return { statuses: [400], because: `the spec rejects (${parameter.message})` };
  return undefined;
}

function contentTypeCount(answer: ProviderAnswer): ContractViolation[] {
  if (answer.contentTypes.length <= 1) return [];
  return [provider('content-type', `the answer has ${answer.contentTypes.length} Content-Type headers (${answer.contentTypes.map((t) => `'${t}'`).join(', ')}); the spec says one, application/json`)];
}

function schemaViolations(spec: SpecValidator, api: ApiName, operationId: string, answer: ProviderAnswer): ContractViolation[] {
  const problems = spec.problems(api, operationId, answer);
  // An unread body is neither JSON nor not JSON: only the status and Content-Type are judged.
  return (answer.bodyChecked ? problems : problems.filter((p) => p !== NOT_JSON)).map((message) => provider(message.startsWith('status') ? 'status' : message.startsWith('content-type') ? 'content-type' : 'schema', message));
}

function single(query: ReturnType<typeof parseQuery>, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' ? value : undefined;
}

function behaviourProblems(walks: CursorWalks, operationId: string, request: CheckedRequest, body: unknown): string[] {
  const query = parseQuery(request.query);
  switch (operationId) {
    case 'listExecutionThreads': {
      const page = body as ExecutionThreadPage;
      const params = { workspaceId: single(query, 'workspaceId'), start: single(query, 'start'), total: single(query, 'total'), thread_token: single(query, 'thread_token'), type: single(query, 'type') };
      const problems = v1PageProblems(page, params);
      const sorting = single(query, 'sorting');
      const terms = sorting === undefined || sorting.trim() === '' ? undefined : parseSorting(sorting);
      const disorder = terms && orderViolation<ExecutionThread>(page.items, compareBy(terms), (i) => JSON.stringify(i));
      if (disorder) problems.push(`sorting=${sorting} was asked for, but ${disorder}`);
      return problems;
    }
    case 'listThreads': {
      const page = body as ThreadPage;
      const pageToken = single(query, 'page_token');
      return [...v0PageProblems(page, { inbox_id: single(query, 'inbox_id'), limit: single(query, 'limit'), page_token: pageToken }), ...walks.check(pageToken, page.threads, page.next_page_token)];
    }
    case 'getThread': {
      const thread = body as Thread;
      const asked = threadIdOf(request.path);
      const problems = asked !== undefined && thread.thread_id !== asked ? [`thread ${asked} was asked for, but the answer is thread ${thread.thread_id}`] : [];
      return [...problems, ...derivedFieldProblems(thread)];
    }
    default:
      return [];
  }
}

function threadIdOf(path: string): string | undefined {
  try {
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
  } catch {
    return undefined;
  }
}
