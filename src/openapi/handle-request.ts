// openapi-backend's handleRequest, minus the work this sandbox does not need per request: it parses
// the request three times (before routing, after routing, after coercion), routes it a second time
// after api-endpoint already did, and runs every security handler through Promise.all and two
// extra promises. This does the same steps in the same order, once each, for a backend without
// the optional hooks in strict mode; otherwise it hands over to the original.
import type { Context, OpenAPIBackend, Operation, Request } from 'openapi-backend';
import { coercedRequest, validateParsedRequest } from './validate-request.js';

const HOOKS = ['preRoutingHandler', 'postRoutingHandler', 'postSecurityHandler', 'preOperationHandler', 'postResponseHandler'];

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | undefined)?.then === 'function';
}

/** Routes (unless already routed), authenticates, validates and calls the operation's handler. */
export async function handleRequest(api: OpenAPIBackend, req: Request, operation: Operation | undefined, ...args: unknown[]): Promise<unknown> {
  const handlers = api.handlers as Record<string, ((...a: unknown[]) => unknown) | undefined>;
  if (!api.strict || typeof api.validate === 'function' || HOOKS.some((hook) => handlers[hook])) return api.handleRequest(req, ...args);
  const context = { api } as Context;

  if (!operation) {
    context.request = api.router.parseRequest(req);
    let error: Error | undefined;
    try {
      context.operation = api.router.matchOperation(req, true);
    } catch (e) {
      error = e as Error;
    }
    if (error || !context.operation) {
      const notFound = handlers['404'] ?? handlers['notFound'];
      const handler = error?.message.startsWith('405') ? (handlers['405'] ?? handlers['methodNotAllowed'] ?? notFound) : notFound;
      if (!handler) throw error ?? new Error('404-notFound: no route matches request');
      return handler(context, ...args);
    }
    operation = context.operation;
  }
  context.operation = operation;
  context.request = api.router.parseRequest(req, operation);

  const requirements = (operation.security ?? []) as Record<string, unknown>[];
  const results: Record<string, unknown> = {};
  for (const requirement of requirements) {
    for (const name of Object.keys(requirement)) {
      if (name in results) continue;
      results[name] = undefined;
      const securityHandler = api.securityHandlers[name];
      if (!securityHandler) continue;
      try {
        const result = securityHandler(context, ...args);
        results[name] = isPromise(result) ? await result : result;
      } catch (error) {
        results[name] = { error: error || new Error('security handler rejected') };
      }
    }
  }
  const satisfied = (requirement: Record<string, unknown>) =>
    Object.keys(requirement).every((name) => {
      const result = results[name];
      return Boolean(result) && !(typeof result === 'object' && (result as { error?: unknown }).error);
    });
  const authorized = requirements.some(satisfied);
  context.security = { ...results, authorized };
  if (!authorized && requirements.length > 0) {
    const unauthorized = handlers['unauthorizedHandler'];
    if (!unauthorized) throw new Error(`401-unauthorized: ${operation.operationId} request did not satisfy security requirements and no unauthorizedHandler is registered`);
    return unauthorized(context, ...args);
  }

  if (api.validate) {
    context.validation = validateParsedRequest(api.validator, req, context.request, operation);
    if (context.validation.errors) {
      const fail = handlers['400'] ?? handlers['validationFail'];
      if (!fail) throw new Error(`400-validationFail: ${operation.operationId} request failed validation and no validationFail handler is registered`);
      return fail(context, ...args);
    }
    if (api.validator.coerceTypes) context.request = coercedRequest(api, context.request, context.validation.coerced, operation);
  }

  const handler = handlers[operation.operationId as string];
  if (!handler) {
    const notImplemented = handlers['501'] ?? handlers['notImplemented'];
    if (!notImplemented) throw new Error(`501-notImplemented: ${operation.operationId} no handler registered`);
    return notImplemented(context, ...args);
  }
  return handler(context, ...args);
}
