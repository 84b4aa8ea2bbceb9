// An express router with one route per path of an API's spec, under the path of its server: the
// spec says which paths exist, express carries their requests to the API's endpoint, and the
// endpoint's pipeline (openapi-backend) decides the operation, 404 or 405.
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import type { Document } from 'openapi-backend';
import { serverPath } from '../openapi/backend.js';

/** Express's form of each path of the spec (`/threads/{id}` -> `/threads/:id`), after `base`. */
export function specRoutes(definition: Document, strip = ''): string[] {
  const base = serverPath(definition);
  return Object.keys(definition.paths ?? {}).map((template) => {
    const path = template.startsWith(strip) ? template.slice(strip.length) || '/' : template;
    return base + path.replace(/\{([^}]+)\}/g, ':$1');
  });
}

/** Routes every path of the spec (every method: the endpoint answers 405 itself) to `endpoint`. */
export function apiRouter(definition: Document, endpoint: RequestHandler, strip = ''): Router {
  // Case-sensitive like openapi-backend's router; a trailing slash is ignored by both.
  const router = express.Router({ caseSensitive: true });
  for (const path of specRoutes(definition, strip)) router.all(path, endpoint);
  // Express decodes path parameters to match a route and fails on '%zz': the endpoint answers
  // that in the API's own shape (its pipeline finds the same bad encoding).
  const badEncoding: ErrorRequestHandler = (error, req, res, next) => (error instanceof URIError ? endpoint(req, res, next) : next(error));
  router.use(badEncoding);
  return router;
}
