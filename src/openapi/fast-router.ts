// openapi-backend's router recomputes on every request what never changes after init: it flattens
// every operation of the spec with lodash (more than once per request), tests every path template
// as a fresh RegExp, and deep-clones the query once per parse (three or four parses per request).
// The profile of W1 (bench/README.md) put those at about a fifth of the sandbox's time, so the
// router of an initialized backend gets memoized versions of them. Results are the same.
import type { OpenAPIRouter, Operation, Request } from 'openapi-backend';

const MAX_MATCHES = 4096;

type Match = { operation: Operation } | { error: string };

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

  const parseRequestQuery = router.parseRequestQuery.bind(router);
  // A query object holds strings and arrays of strings: a shallow copy (arrays copied) is a deep one.
  router.parseRequestQuery = (req: Request) => {
    const query = req.query;
    if (typeof query !== 'object' || query === null) return parseRequestQuery(req);
    const values = Object.values(query) as unknown[];
    if (values.some((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) return parseRequestQuery(req);
    const copy = Object.create(Object.getPrototypeOf(query) as object | null) as Record<string, unknown>;
    for (const name of Object.keys(query)) {
      const value = (query as Record<string, unknown>)[name];
      copy[name] = Array.isArray(value) ? [...(value as unknown[])] : value;
    }
    return copy as ReturnType<OpenAPIRouter['parseRequestQuery']>;
  };
}
