// openapi-backend's validateRequest parses the request once more (its third parse of the same
// request) and goes through lodash on every call. handleRequest has just parsed it: this runs the
// same compiled validators over that parse, step for step like the original. A body that is not an
// object, or a query parameter with JSON content or a style, takes the original path.
import type { OpenAPIBackend, OpenAPIValidator, Operation, ParsedRequest, Request, ValidationResult } from 'openapi-backend';
import type { ErrorObject } from 'ajv';

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

interface OperationPlan {
  /** Query parameters declared as arrays: a single value is wrapped, as the original does. */
  arrayParams: Set<string>;
  /** Where the operation declares parameters (coercion and defaults can only write there). */
  declaresIn: Set<string>;
  /** The original handles what this does not: query parameters with JSON content or a style. */
  useOriginal: boolean;
}

const plans = new WeakMap<Operation, OperationPlan>();

function planFor(operation: Operation): OperationPlan {
  let plan = plans.get(operation);
  if (!plan) {
    const arrayParams = new Set<string>();
    const declaresIn = new Set<string>();
    const seen = new Set<string>();
    let useOriginal = false;
    for (const p of (operation.parameters ?? []) as { name?: string; in?: string; schema?: { type?: unknown }; content?: unknown; style?: string; explode?: boolean }[]) {
      if (p.in !== undefined) declaresIn.add(p.in);
      if (p.in !== 'query' || p.name === undefined) continue;
      // The router decodes these (again) when it parses: leave them to the original steps.
      if (p.content !== undefined || p.explode === false || (p.style !== undefined && p.style !== 'form')) useOriginal = true;
      // lodash's find: the first parameter with that name decides.
      if (seen.has(p.name)) continue;
      seen.add(p.name);
      if (p.schema?.type === 'array') arrayParams.add(p.name);
    }
    plans.set(operation, (plan = { arrayParams, declaresIn, useOriginal }));
  }
  return plan;
}

function copyWhereDeclared<T extends object>(plan: OperationPlan, where: string, value: T): T {
  return plan.declaresIn.has(where) ? { ...value } : value;
}

export function validateParsedRequest(validator: OpenAPIValidator, req: Request, parsed: ParsedRequest, operation: Operation): ValidationResult {
  const plan = planFor(operation);
  if (plan.useOriginal || (typeof req.body !== 'object' && req.body !== undefined) || !operation.operationId) return validator.validateRequest(req, operation);
  const validators = (validator.getRequestValidatorsForOperation(operation.operationId) ?? []) as Validator[];

  // Copies where the operation declares parameters: coercion and defaults write into what they
  // validate, and the parse stays as sent. Where it declares none, nothing is written.
  const query: Record<string, unknown> = { ...parsed.query };
  for (const name of plan.arrayParams) if (typeof query[name] === 'string') query[name] = [query[name]];
  const parameters: Record<string, unknown> = { path: copyWhereDeclared(plan, 'path', parsed.params), query };
  if (parsed.headers != null) parameters.header = copyWhereDeclared(plan, 'header', parsed.headers);
  if (parsed.cookies != null) parameters.cookie = copyWhereDeclared(plan, 'cookie', parsed.cookies);

  const rawContentType = parsed.headers?.['content-type'];
  const contentType = String((Array.isArray(rawContentType) ? rawContentType[0] : rawContentType) || '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (typeof parsed.requestBody === 'object' || contentType === 'application/json') parameters.requestBody = parsed.requestBody;

  const result: ValidationResult = { valid: true, errors: [], coerced: { ...req } };
  for (const validate of validators) {
    validate(parameters);
    if (validate.errors) result.errors!.push(...validate.errors);
    else if (validator.coerceTypes) {
      result.coerced.query = parameters.query;
      result.coerced.params = parameters.path;
    }
  }
  if (result.errors!.length === 0) result.errors = null;
  else result.valid = false;
  return result;
}

/**
 * The request the handler sees after coercion. The original parses the coerced request once more;
 * for a plain query that parse equals this one with the coerced query (path parameters are read
 * from the path again, as strings).
 */
export function coercedRequest(api: OpenAPIBackend, parsed: ParsedRequest, coerced: Request, operation: Operation): ParsedRequest {
  if (planFor(operation).useOriginal || (typeof coerced.body !== 'object' && coerced.body !== undefined)) return api.router.parseRequest(coerced, operation);
  // coerced.query is the copy validateParsedRequest made: nothing else holds it.
  return { ...parsed, query: coerced.query as ParsedRequest['query'] };
}
