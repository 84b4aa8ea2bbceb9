// Routing, authentication and validation of one API through openapi-backend's public API:
// router.matchOperation, router.parseRequest, validator.getRequestValidatorsForOperation and the
// handlers registered on the backend. What never changes for a method and path (the route, its
// path parameters) or for an operation (its compiled validators) is kept here, and the public
// method is called on a miss. test/openapi/pipeline-equivalence.test.ts holds the answers to
// api.handleRequest's over the fuzzer's requests; openapi-backend is pinned exactly because the
// parse built on a hit relies on what parseRequest gives for these specs.
import type { IncomingHttpHeaders } from 'node:http';
import type { ErrorObject } from 'ajv';
import type { Context, Handler, OpenAPIBackend, Operation, ParsedRequest, ValidationResult } from 'openapi-backend';
import { boundedCache } from '../bounded-cache.js';
import { routerFoldsPath } from './backend.js';
import { integerProblems, integerRules, type IntegerRule } from './integers.js';
import type { Query } from './query.js';

export interface PipelineRequest {
  method: string;
  /** The path in the spec's terms (the control plane's prefix already mapped). */
  path: string;
  headers: IncomingHttpHeaders;
  /** Only the operation's declared parameters (see MountedApi.declaredQuery). */
  query: Query;
  body?: unknown;
}

export type Route =
  | { kind: 'operation'; operation: Operation; params: Record<string, string> }
  | { kind: 'notFound' }
  | { kind: 'methodNotAllowed'; allow: string }
  | { kind: 'badEncoding' };

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

interface OperationPlan {
  validators: Validator[];
  integers: IntegerRule[];
  /** Query parameters declared as arrays: a single value is wrapped, as validateRequest does. */
  arrays: string[];
  /** Where the operation declares parameters: coercion and defaults write only into copies of those. */
  declaresHeaders: boolean;
  /** Query styles (JSON content, explode: false) that only router.parseRequest decodes. */
  styledQuery: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
// Paths with parameters are unbounded: the least recently used are forgotten past this many.
// An entry is the path, its parameters and a reference to the operation: about 0.4 KB.
const MAX_ROUTES = 4096;

export class RequestPipeline {
  readonly api: OpenAPIBackend;
  readonly #routes = boundedCache<string, Route>(MAX_ROUTES);
  readonly #plans = new Map<string, OperationPlan>();
  /**
   * One description per operation for every path routed to it. router.matchOperation returns a
   * new copy of the operation each call (with its parameters array): kept per route, a full cache
   * held 4,096 copies per API, which is most of what the soak's server gained after its warm-up.
   */
  readonly #operations = new Map<string, Operation>();

  constructor(api: OpenAPIBackend) {
    this.api = api;
  }

  /** The operation a method and path go to, or why none does. */
  route(method: string, path: string): Route {
    const key = `${method} ${path}`;
    let route = this.#routes.get(key);
    if (!route) {
      route = this.#match(method, path);
      this.#routes.set(key, route);
    }
    return route;
  }

  /** The openapi-backend context of a routed request, as its handlers see it before validation. */
  context(route: Extract<Route, { kind: 'operation' }>, req: PipelineRequest): Context {
    const { operation } = route;
    const plan = this.#plan(operation);
    let request: ParsedRequest;
    if (plan.styledQuery || (req.body !== undefined && typeof req.body !== 'object')) {
      request = this.api.router.parseRequest({ ...req, headers: req.headers as Record<string, string | string[]> }, operation);
    } else {
      // What parseRequest gives for a plain query: Node has lowercased the header names already,
      // and the path parameters were parsed once for this path.
      request = { method: req.method.toLowerCase(), path: req.path, headers: req.headers, query: { ...req.query }, params: { ...route.params }, cookies: {}, requestBody: req.body, body: req.body };
    }
    return { api: this.api, operation, request } as Context;
  }

  /** Runs the operation's security handlers; the unauthorizedHandler's answer when none is satisfied. */
  async authorize(context: Context, ...args: unknown[]): Promise<unknown> {
    const requirements = (context.operation.security ?? []) as Record<string, unknown>[];
    const results: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const requirement of requirements) {
      for (const name of Object.keys(requirement)) {
        if (name in results) continue;
        const handler = this.api.securityHandlers[name];
        try {
          const result: unknown = handler ? handler(context, ...args) : undefined;
          results[name] = result instanceof Promise ? await result : result;
        } catch (error) {
          results[name] = { error: error || new Error('security handler rejected') };
        }
      }
    }
    const passed = (name: string) => {
      const result = results[name];
      return Boolean(result) && !(typeof result === 'object' && (result as { error?: unknown }).error);
    };
    const authorized = requirements.some((requirement) => Object.keys(requirement).every(passed));
    context.security = { ...results, authorized };
    if (authorized || requirements.length === 0) return undefined;
    return this.#lifecycle('unauthorizedHandler', context, args);
  }

  /**
   * Validates the request (integers by their digits first, then the operation's compiled
   * validators, which coerce and fill defaults); the validationFail handler's answer when invalid.
   * On success the context's query is the coerced one, as handleRequest gives it.
   */
  validate(context: Context, req: PipelineRequest, ...args: unknown[]): unknown {
    const plan = this.#plan(context.operation);
    const parsed = context.request;
    const problems = integerProblems(plan.integers, parsed.query as Query, parsed.params as Record<string, string>);
    if (problems.length > 0) {
      context.validation = { valid: false, errors: problems };
    } else if (req.body !== undefined && typeof req.body !== 'object') {
      context.validation = this.api.validator.validateRequest({ ...req, headers: req.headers as Record<string, string | string[]> }, context.operation);
    } else {
      context.validation = this.#runValidators(plan, parsed);
    }
    if (context.validation.errors) return this.#lifecycle('validationFail', context, args);
    context.request = { ...parsed, query: context.validation.coerced.query as ParsedRequest['query'] };
    return undefined;
  }

  /** The operation's handler (or notImplemented). */
  operate(context: Context, ...args: unknown[]): unknown {
    const handler = this.api.handlers[context.operation.operationId as string];
    if (!handler) return this.#lifecycle('notImplemented', context, args);
    return handler(context, ...args);
  }

  /** The notFound or methodNotAllowed handler's answer for a request no operation takes. */
  refuse(route: Route, req: PipelineRequest, ...args: unknown[]): unknown {
    const context = { api: this.api, request: { method: req.method.toLowerCase(), path: req.path, headers: req.headers, query: { ...req.query }, params: {}, cookies: {}, requestBody: req.body } } as unknown as Context;
    return this.#lifecycle(route.kind === 'methodNotAllowed' ? 'methodNotAllowed' : 'notFound', context, args);
  }

  #lifecycle(name: string, context: Context, args: unknown[]): unknown {
    const handler = this.api.handlers[name] as Handler | undefined;
    if (!handler) throw new Error(`${name}: no handler registered`);
    return handler(context, ...args);
  }

  #match(method: string, path: string): Route {
    if (routerFoldsPath(path)) return { kind: 'notFound' };
    const request = { method, path, headers: {} };
    let operation: Operation | undefined;
    try {
      operation = this.api.router.matchOperation(request, true);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('405')) return { kind: 'notFound' };
      // HEAD is answered by a GET operation of the path (RFC 9110 9.3.2), without the body.
      if (method.toUpperCase() === 'HEAD') {
        const get = this.route('GET', path);
        if (get.kind === 'operation') return get;
      }
      return { kind: 'methodNotAllowed', allow: this.#allowed(path) };
    }
    try {
      const params = this.api.router.parseRequest(request, operation).params as Record<string, string>;
      return { kind: 'operation', operation: this.#shared(operation), params };
    } catch (error) {
      // The router decodes path parameters: '%%' in a path is the client's mistake.
      if (error instanceof URIError) return { kind: 'badEncoding' };
      throw error;
    }
  }

  #shared(operation: Operation): Operation {
    const key = `${operation.method} ${operation.path}`;
    let shared = this.#operations.get(key);
    if (!shared) this.#operations.set(key, (shared = operation));
    return shared;
  }

  #allowed(path: string): string {
    const methods = METHODS.filter((m) => this.api.router.matchOperation({ method: m, path, headers: {} }) !== undefined).map((m) => m.toUpperCase());
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    return methods.join(', ');
  }

  #plan(operation: Operation): OperationPlan {
    const id = operation.operationId as string;
    let plan = this.#plans.get(id);
    if (!plan) {
      const parameters = (operation.parameters ?? []) as { name: string; in: string; schema?: { type?: unknown }; content?: unknown; style?: string; explode?: boolean }[];
      const query = parameters.filter((p) => p.in === 'query');
      plan = {
        validators: (this.api.validator.getRequestValidatorsForOperation(id) ?? []) as Validator[],
        integers: integerRules(parameters),
        arrays: query.filter((p) => p.schema?.type === 'array').map((p) => p.name),
        declaresHeaders: parameters.some((p) => p.in === 'header'),
        styledQuery: query.some((p) => p.content !== undefined || p.explode === false || (p.style !== undefined && p.style !== 'form')),
      };
      this.#plans.set(id, plan);
    }
    return plan;
  }

  /** The compiled validators over the parameters object validateRequest builds. */
  #runValidators(plan: OperationPlan, parsed: ParsedRequest): ValidationResult {
    const query = { ...parsed.query } as Record<string, unknown>;
    for (const name of plan.arrays) if (typeof query[name] === 'string') query[name] = [query[name]];
    const headers = parsed.headers as Record<string, unknown>;
    const parameters: Record<string, unknown> = { path: { ...parsed.params }, query, header: plan.declaresHeaders ? { ...headers } : headers, cookie: parsed.cookies };
    const rawType = headers['content-type'];
    const contentType = String((Array.isArray(rawType) ? rawType[0] : rawType) ?? '').split(';')[0]!.trim().toLowerCase();
    if (typeof parsed.requestBody === 'object' || contentType === 'application/json') parameters.requestBody = parsed.requestBody;
    const errors: ErrorObject[] = [];
    for (const validate of plan.validators) {
      validate(parameters);
      if (validate.errors) errors.push(...validate.errors);
    }
    return errors.length > 0 ? { valid: false, errors } : { valid: true, errors: null, coerced: { query: parameters.query, params: parameters.path } };
  }
}
