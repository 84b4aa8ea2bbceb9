// The control plane's express pipeline under its prefix: a gate (disabled beyond loopback without an
// admin token), a JSON body parser with a size limit for the methods that carry bodies, the
// endpoint, and an error handler that answers bad bodies in the admin error shape, never a 500.
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { splitUrl } from '../openapi/query.js';
import { isLoopback } from '../options.js';
import type { Services } from '../services.js';
import { apiEndpoint } from './api-endpoint.js';
import type { MountedApi } from './mount-api.js';
import { send } from './send.js';

/** The prefix the control plane's spec is written with. */
export const SPEC_PREFIX = '/__sandbox';

const ALWAYS_OPEN = new Set(['/health', '/ready']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * True when the control plane must refuse everything but health and readiness: beyond loopback it
 * needs a token, the admin token or (with tenants) a tenant's own.
 */
export function controlPlaneDisabled(options: Services['options']): boolean {
  return !options.adminToken && options.tenants.length === 0 && !isLoopback(options.host);
}

export function controlPlane(admin: MountedApi, services: Services): Router {
  const { adminPrefix, bodyLimitBytes } = services.options;
  const toSpecPath = (path: string) => SPEC_PREFIX + path.slice(adminPrefix.length);
  const endpoint = apiEndpoint(admin, services, { toSpecPath });
  const json = express.json({ limit: bodyLimitBytes });
  const router = Router();

  if (controlPlaneDisabled(services.options)) {
    services.log.warn({ host: services.options.host }, 'control plane disabled: listening beyond loopback without --admin-token (health and ready stay open)');
    router.use((req, res, next) => {
      if (req.method === 'GET' && ALWAYS_OPEN.has(req.path)) return next();
      send(res, admin.def.error(403, `The control plane is disabled: thread-sandbox listens on ${services.options.host} without an admin token; start it with --admin-token`));
    });
  }
  const parseBody: RequestHandler = (req, res, next) => (BODY_METHODS.has(req.method) ? json(req, res, next) : next());
  router.use(parseBody, endpoint);

  const onBodyError: ErrorRequestHandler = (error: Error & { status?: number; type?: string }, req, res, next) => {
    if (typeof error.type !== 'string' || !error.status || error.status >= 500) return next(error);
    const path = toSpecPath(splitUrl(req.originalUrl).path);
    // A body sent to a path no operation owns still gets the API's 404 or 405.
    if (!admin.backend.router.matchOperation({ method: req.method, path, headers: {} })) return void endpoint(req, res);
    if (error.type === 'entity.too.large') send(res, admin.def.error(413, `The request body is larger than the limit of ${bodyLimitBytes} bytes`));
    else if (error.type === 'entity.parse.failed') send(res, admin.def.error(400, `The request body is not valid JSON (${error.message})`));
    else send(res, admin.def.error(400, `The request body cannot be read (${error.message})`));
  };
  router.use(onBodyError);
  return router;
}
