// openapi-backend's router recomputes on every request what never changes after init: it flattens
// every operation of the spec with lodash (more than once per request), compiles path templates
// into fresh RegExps, and deep-clones the query and re-maps the headers once per parse (two to
// four parses per request). The profile of W1 (bench/README.md) put those at about a fifth of the
// sandbox's time, so the router of an initialized backend gets memoized versions of them. Results
// are the same; anything unusual (cookies, non-exploded or JSON query parameters) takes the
// original path.
import type { OpenAPIRouter, Operation, ParsedRequest, Request } from 'openapi-backend';

const MAX_MATCHES = 4096;

type Match = { operation: Operation } | { error: string };

interface PathTemplate {
  pattern: RegExp;
  names: string[];
}

/** Path parameters the way openapi-backend (bath-es5) reads them: `{name}` matches one segment, decoded. */
function compileTemplate(template: string): PathTemplate | undefined {
  const names = [...template.matchAll(/\{([A-Za-z0-9_-]+)\}/g)].map((m) => m[1] as string);
  if (new Set(names).size !== names.length) return undefined;
  return { pattern: new RegExp(`^${template.replace(/\{[A-Za-z0-9_-]+\}/g, '([^\\/]*)')}$`), names };
}

/** obj[name] = value, where `__proto__` is an own property as lodash makes it, not the prototype. */
function define(obj: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(obj, name, { value, enumerable: true, writable: true, configurable: true });
  else obj[name] = value;
}

const USUAL_FIELDS = new Set(['method', 'path', 'headers', 'query', 'body']);

function hasOnlyUsualFields(req: Request): boolean {
  for (const key in req) if (!USUAL_FIELDS.has(key)) return false;
  return true;
}

function needsQueryStyles(operation: Operation): boolean {
  return (operation.parameters ?? []).some((p) => {
    const param = p as { in?: string; content?: Record<string, unknown>; explode?: boolean };
    return param.in === 'query' && (param.content?.['application/json'] !== undefined || param.explode === false);
  });
}

export function memoizeRouter(router: OpenAPIRouter): void {
  const getOperations = router.getOperations.bind(router);
  const matchOperation = router.matchOperation.bind(router) as (req: Request, strict: boolean) => Operation;
  let operations: Operation[] | undefined;
  const matches = new Map<string, Match>();

  router.getOperations = () => (operations ??= getOperations());

  router.matchOperation = ((req: Request, strict?: boolean) => {
    const key = `${req.method} ${req.path}`;
    let match = matches.get(key);
    if (!match) {
      try {
        match = { operation: matchOperation(req, true) };
      } catch (error) {
        match = { error: (error as Error).message };
      }
      // Paths with parameters are unbounded: forget everything rather than grow without end.
      if (matches.size >= MAX_MATCHES) matches.clear();
      matches.set(key, match);
    }
    if ('operation' in match) return match.operation;
    if (strict) throw new Error(match.error);
    return undefined;
  }) as OpenAPIRouter['matchOperation'];

  const parseRequest = router.parseRequest.bind(router);
  const templates = new Map<Operation, PathTemplate | undefined>();
  const styled = new Map<Operation, boolean>();
  router.parseRequest = ((req: Request, operation?: Operation) => {
    const rawHeaders = req.headers ?? {};
    if (!operation || (req.body && typeof req.body !== 'object')) return parseRequest(req, operation);
    let styles = styled.get(operation);
    if (styles === undefined) styled.set(operation, (styles = needsQueryStyles(operation)));
    if (!templates.has(operation)) templates.set(operation, compileTemplate(operation.path));
    const template = templates.get(operation);
    if (styles || !template) return parseRequest(req, operation);

    const headers: Record<string, string | string[]> = {};
    for (const name of Object.keys(rawHeaders)) define(headers, name.toLowerCase(), rawHeaders[name]);
    if (headers.cookie !== undefined) return parseRequest(req, operation);
    const query = router.parseRequestQuery(req);
    const normalized = router.normalizeRequest(req);
    const params: Record<string, string> = {};
    const m = template.pattern.exec(router.normalizePath(normalized.path));
    if (m) template.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] as string)));
    // The spread the original does was a tenth of the sandbox's own time per request (a megamorphic
    // object copy); a request with only the usual fields gets the same object as a literal.
    if (hasOnlyUsualFields(req)) {
      const parsed: ParsedRequest = { method: normalized.method, path: normalized.path, headers, query, params, cookies: {}, requestBody: req.body };
      if ('body' in req) parsed.body = req.body;
      return parsed;
    }
    return { ...normalized, params, headers, query, cookies: {}, requestBody: req.body };
  }) as OpenAPIRouter['parseRequest'];

  const parseRequestQuery = router.parseRequestQuery.bind(router);
  // A query object holds strings and arrays of strings: a shallow copy (arrays copied) is a deep one.
  router.parseRequestQuery = (req: Request) => {
    const query = req.query;
    if (typeof query !== 'object' || query === null) return parseRequestQuery(req);
    const values = Object.values(query) as unknown[];
    if (values.some((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) return parseRequestQuery(req);
    // A plain object, like lodash's cloneDeep gives; `__proto__` stays an own property there too.
    const copy: Record<string, unknown> = {};
    for (const name of Object.keys(query)) {
      const raw = (query as Record<string, unknown>)[name];
      const value = Array.isArray(raw) ? [...(raw as unknown[])] : raw;
      define(copy, name, value);
    }
    return copy as ReturnType<OpenAPIRouter['parseRequestQuery']>;
  };
}
