// Judges an answer by the project's own specs (specs/): the status must be one the operation
// documents, the body JSON, and the body valid for that status (openapi-backend validateResponse).
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { OpenAPIBackend, Operation } from 'openapi-backend';
import { integerProblems, integerRules } from '../openapi/integers.js';
import { createBackend } from '../openapi/backend.js';
import { loadSpec } from '../openapi/specs.js';
import { parseQuery } from '../openapi/query.js';
import { validationMessage } from '../openapi/validation-message.js';
import type { Answer, ApiName } from './http-client.js';

export interface SpecValidator {
  operation(api: ApiName, operationId: string): Operation;
  /** What is wrong with this answer according to the spec; empty when nothing is. */
  problems(api: ApiName, operationId: string, answer: Answer): string[];
  /** What is wrong with an answer that must be the API's error shape (paths no operation owns). */
  errorShapeProblems(api: ApiName, answer: Answer): string[];
  /** The operation a method and path route to, or undefined when the spec has none. */
  match(api: ApiName, method: string, path: string): Operation | undefined;
  /** What is wrong with a request by the operation's parameters, as one sentence naming the parameter; empty when nothing is. */
  requestProblems(api: ApiName, operation: Operation, request: { method: string; path: string; query: string }): string[];
}

interface AjvError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function describe(errors: readonly AjvError[]): string {
  return errors
    .slice(0, 3)
    .map((e) => {
      const extra = e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : '';
      return `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}${extra}`;
    })
    .join('; ');
}

export async function loadSpecValidator(): Promise<SpecValidator> {
  const backends: Record<ApiName, OpenAPIBackend> = {
    v1: await createBackend({ definition: loadSpec('v1'), handlers: {}, securityHandlers: {} }),
    v0: await createBackend({ definition: loadSpec('v0'), handlers: {}, securityHandlers: {} }),
  };
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  ajv.addKeyword('example');
  const errorSchema = (api: ApiName) => ajv.compile((backends[api].definition as { components: { schemas: Record<string, object> } }).components.schemas.Error as object);
  const validateError = { v1: errorSchema('v1'), v0: errorSchema('v0') };
  const operation = (api: ApiName, operationId: string): Operation => {
    const found = backends[api].getOperation(operationId);
    if (!found) throw new Error(`the ${api} spec has no operation ${operationId}`);
    return found;
  };
  return {
    operation,
    problems(api, operationId, answer) {
      const op = operation(api, operationId);
      const documented = Object.keys(op.responses ?? {});
      if (!documented.includes(String(answer.status)) && !documented.includes('default')) {
        return [`status ${answer.status} is not documented for ${operationId} (documented: ${documented.join(', ')})`];
      }
      if (!/^application\/json\b/i.test(answer.contentType)) return [`content-type is '${answer.contentType}', the spec says application/json`];
      if (answer.body === undefined) return ['the body is not JSON'];
      const result = backends[api].validateResponse(answer.body, op, answer.status);
      return result.errors?.length ? [`body does not match the spec: ${describe(result.errors as AjvError[])}`] : [];
    },
    match(api, method, path) {
      return backends[api].router.matchOperation({ method, path, headers: {} }) || undefined;
    },
    requestProblems(api, op, request) {
      // Read the query the way the sandbox does: an empty value means the parameter was not given.
      const query = parseQuery(request.query);
      // Integers by their digits first, as the sandbox's pipeline checks them (src/openapi/integers.ts).
      let params: Record<string, string> = {};
      try {
        params = backends[api].router.parseRequest({ method: request.method, path: request.path, headers: {} }, op).params as Record<string, string>;
      } catch {
        // A path that is not valid percent-encoding: the validation below reports the request.
      }
      const integers = integerProblems(integerRules((op.parameters ?? []) as never), query, params);
      if (integers.length > 0) return [validationMessage(integers, query)];
      const result = backends[api].validateRequest({ method: request.method, path: request.path, query, headers: {} }, op);
      return result.errors?.length ? [validationMessage(result.errors, query)] : [];
    },
    errorShapeProblems(api, answer) {
      if (!/^application\/json\b/i.test(answer.contentType)) return [`content-type is '${answer.contentType}', the spec says application/json`];
      const validate = validateError[api];
      if (answer.body === undefined || !validate(answer.body)) return [`body is not the API's error shape: ${describe((validate.errors ?? []) as AjvError[]) || 'not JSON'}`];
      return [];
    },
  };
}
