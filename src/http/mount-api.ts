// Builds one openapi-backend per API from its definition: the spec routes and validates, the
// definition's handlers answer, and every failure path answers in the API's own error shape.
import type { Context, OpenAPIBackend, Operation } from 'openapi-backend';
import type { ApiDefinition, Call, Reply } from '../apis/api.js';
import { createBackend } from '../openapi/backend.js';
import { RequestPipeline } from '../openapi/pipeline.js';
import { loadSpec } from '../openapi/specs.js';
import { validationMessage } from '../openapi/validation-message.js';
import { reportViolation } from '../apis/violation-report.js';
import type { Query } from '../openapi/query.js';
import { QueryParameterNames, type UnknownParameter } from '../openapi/unknown-parameters.js';

export interface MountedApi {
  def: ApiDefinition;
  backend: OpenAPIBackend;
  /** Routes, authenticates and validates requests through the backend's public API. */
  pipeline: RequestPipeline;
  /** Statuses the spec documents for an operation. */
  statuses(operation: Operation): number[];
  /** The documented answer for a status (its example body), used by faults and Prefer: code=. */
  documented(operation: Operation, status: number): Reply | undefined;
  /** The query as the operation sees it: only its declared parameters (unknown ones are ignored). */
  declaredQuery(operation: Operation, query: Query): Query;
  /** The query names (with a value or sent empty) the operation does not define. */
  unknownParameters(operation: Operation, query: Query, blank: readonly string[]): readonly UnknownParameter[];
}

function securityError(c: Context): string {
  for (const [name, result] of Object.entries(c.security ?? {})) {
    if (name === 'authorized') continue;
    const error = (result as { error?: unknown } | undefined)?.error;
    if (error instanceof Error) return error.message;
  }
  return 'Missing credentials';
}

export async function mountApi(def: ApiDefinition): Promise<MountedApi> {
  const backend = await createBackend({
    definition: loadSpec(def.name),
    handlers: {
      ...def.handlers,
      validationFail: (c: Context, call: Call) => {
        const message = validationMessage(c.validation.errors ?? [], call.query);
        call.validationErrors = [message];
        reportViolation(def, c, call, 'validation', 400, message);
        return def.error(400, message);
      },
      unauthorizedHandler: (c: Context, call: Call) => {
        const message = securityError(c);
        reportViolation(def, c, call, 'unauthorized', 401, message);
        return def.error(401, message);
      },
      notFound: (c: Context, call: Call) => {
        const message = `Not found: ${c.request.method.toUpperCase()} ${c.request.path}`;
        reportViolation(def, c, call, 'unknown-path', 404, message);
        return def.error(404, message);
      },
      methodNotAllowed: (c: Context, call: Call) => {
        const message = `Method not allowed: ${c.request.method.toUpperCase()} ${c.request.path}`;
        reportViolation(def, c, call, 'method-not-allowed', 405, message);
        return def.error(405, message);
      },
    },
    securityHandlers: def.security as never,
    lazy: def.lazyValidators ?? false,
  });

  const statuses = (operation: Operation) =>
    Object.keys(operation.responses ?? {})
      .filter((s) => /^\d{3}$/.test(s))
      .map(Number);

  const documented = (operation: Operation, status: number): Reply | undefined => {
    const responses = (operation.responses ?? {}) as Record<string, { content?: Record<string, { example?: unknown }> }>;
    if (!Object.hasOwn(responses, String(status))) return undefined;
    const response = responses[String(status)] as { content?: Record<string, { example?: unknown }> };
    const example = response.content?.['application/json']?.example;
    return example === undefined ? def.error(status, `Forced ${status}`) : { status, body: structuredClone(example) };
  };

  // Once per operation at start-up: a request only looks its names up.
  const names = new QueryParameterNames(backend.getOperations());
  const declaredQuery = (operation: Operation, query: Query): Query => {
    const out: Query = Object.create(null) as Query;
    for (const name of names.defined(operation.operationId ?? '')) {
      const value = query[name];
      if (value !== undefined) out[name] = value;
    }
    return out;
  };

  const unknownParameters = (operation: Operation, query: Query, blank: readonly string[]) => names.unknown(operation.operationId ?? '', query, blank);

  return { def, backend, pipeline: new RequestPipeline(backend), statuses, documented, declaredQuery, unknownParameters };
}
