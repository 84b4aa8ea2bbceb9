// The control plane's express router under its prefix. In order: the gates that keep it out of a
// web page's reach (a foreign Origin or a cross-site fetch, a foreign Host on loopback without an
// admin token, a body that is not JSON) and off beyond loopback without an admin token; CORS for
// the --control-plane-cors origins only (--cors is the APIs'); the JSON body parser; one route per
// path of its spec; an error handler that answers bad bodies in the admin error shape.
// Health and readiness stay open to everything: container probes call them, and they say nothing.
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import type { Reply } from '../apis/api.js';
import { splitUrl } from '../openapi/query.js';
import { tenantOfHeaders } from '../control/scope.js';
import { isLoopback } from '../options.js';
import type { Services } from '../services.js';
import { apiEndpoint } from './api-endpoint.js';
import { corsFor } from './cors.js';
import { apiRouter } from './api-router.js';
import type { MountedApi } from './mount-api.js';
import { send } from './send.js';

/** The prefix the control plane's spec is written with. */
export const SPEC_PREFIX = '/__sandbox';

const ALWAYS_OPEN = new Set(['/health', '/ready']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** Calls after which the live page reads its request and violation lists again (they were cleared). */
const RELOADING = new Set(['resetSandbox', 'importSnapshot', 'clearRequests', 'clearViolations']);

/**
 * True when the control plane must refuse everything but health and readiness: beyond loopback it
 * needs a token, the admin token or (with tenants) a tenant's own.
 */
export function controlPlaneDisabled(options: Services['options']): boolean {
  return !options.adminToken && options.tenants.length === 0 && !isLoopback(options.host);
}

/** `localhost`, `*.localhost`, `127.0.0.1` or `[::1]`, with any port. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/:\d*$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || name === '127.0.0.1' || name === '[::1]';
}

function mediaType(req: Request): string | undefined {
  const type = req.headers['content-type'];
  return type === undefined ? undefined : (type.split(';')[0] as string).trim().toLowerCase();
}

const hasBody = (req: Request) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/** Why the request may not reach the control plane, or undefined. */
function refusal(req: Request, admin: MountedApi, services: Services, hasRequestBody: boolean): Reply | undefined {
  const { options } = services;
  const error = admin.def.error;
  if (controlPlaneDisabled(options)) {
    return error(403, `The control plane is disabled: thread-sandbox listens on ${options.host} without an admin token; start it with --admin-token`);
  }
  const crossSite = crossSiteRefusal(req, options.controlPlaneCorsOrigins);
  if (crossSite) return error(403, crossSite);
  // Without any token (admin or tenant), only a loopback Host: a DNS name rebound to 127.0.0.1
  // must not reach it.
  const host = req.headers.host;
  if (!options.adminToken && options.tenants.length === 0 && isLoopback(options.host) && host !== undefined && !isLoopbackHost(host)) {
    return error(403, `Host '${host}' may not call the control plane without an admin token (use localhost or 127.0.0.1)`);
  }
  const type = mediaType(req);
  if (hasRequestBody && (type !== undefined || hasBody(req)) && type !== 'application/json') {
    return error(415, `The request body must be application/json${type === undefined ? '' : ` (got '${type}')`}`);
  }
  return undefined;
}

/**
 * Why a browser's request from another site may not reach the control plane, or undefined. A
 * browser names the page's origin (Origin) on every cross-origin fetch but a no-cors GET, and says
 * where a request comes from (Sec-Fetch-Site) on all of them; CLI clients send neither. Only the
 * sandbox's own pages (/docs, the live page) and the --control-plane-cors origins may call.
 */
export function crossSiteRefusal(req: Request, allowed: readonly string[]): string | undefined {
  const site = req.headers['sec-fetch-site'];
  // A page cannot forge Sec-Fetch-Site: same-origin is the sandbox's own page, even behind a proxy
  // that changes Host (where Origin and Host differ).
  if (site === 'same-origin') return undefined;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (isSameOrigin(origin, req.headers.host) || allowed.includes(origin)) return undefined;
    return `Origin '${origin}' may not call the control plane (allowed: its own origin and the --control-plane-cors origins; --cors is for the two APIs only)`;
  }
  // none: the user typed the address or followed a bookmark.
  if (site !== undefined && site !== 'none') {
    return `A ${site} request from a web page may not call the control plane (Sec-Fetch-Site: ${site}); allow its origin with --control-plane-cors`;
  }
  return undefined;
}

function isSameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

export function controlPlane(admin: MountedApi, services: Services): Router {
  const { adminPrefix, bodyLimitBytes } = services.options;
  const toSpecPath = (path: string) => SPEC_PREFIX + path.slice(adminPrefix.length);
  const endpoint = apiEndpoint(admin, services, { toSpecPath });
  const json = express.json({ limit: bodyLimitBytes });
  const router = Router();

  if (controlPlaneDisabled(services.options)) {
    services.log.warn({ host: services.options.host }, 'control plane disabled: listening beyond loopback without --admin-token (health and ready stay open)');
  }
  const gate: RequestHandler = (req, res, next) => {
    if (req.method === 'GET' && ALWAYS_OPEN.has(req.path)) return next();
    const route = admin.pipeline.route(req.method, toSpecPath(splitUrl(req.originalUrl).path));
    const refused = refusal(req, admin, services, route.kind === 'operation' && route.operation.requestBody !== undefined);
    if (refused) return send(res, refused);
    next();
  };
  const parseBody: RequestHandler = (req, res, next) => (BODY_METHODS.has(req.method) ? json(req, res, next) : next());
  // A change made here is told to the live pages (who made it decides which pages hear of it).
  const tellLivePages: RequestHandler = (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || !services.live.listening) return next();
    res.once('finish', () => {
      if (res.statusCode >= 300) return;
      const route = admin.pipeline.route(req.method, toSpecPath(splitUrl(req.originalUrl).path));
      const what = route.kind === 'operation' ? (route.operation.operationId ?? '') : '';
      services.live.changed({ what, reload: RELOADING.has(what) }, tenantOfHeaders(services.auth, req.headers));
    });
    next();
  };
  router.use(gate);
  // After the gate, which has let through only the allowed origins: their preflights and headers.
  const { controlPlaneCorsOrigins } = services.options;
  if (controlPlaneCorsOrigins.length > 0) router.use(corsFor(controlPlaneCorsOrigins));
  router.use(parseBody, tellLivePages);
  router.use(apiRouter(admin.backend.definition, endpoint, SPEC_PREFIX));
  // Paths the spec does not have: the endpoint answers its 404.
  router.use(endpoint);

  const onBodyError: ErrorRequestHandler = (error: Error & { status?: number; type?: string }, req, res, next) => {
    if (typeof error.type !== 'string' || !error.status || error.status >= 500) return next(error);
    // A body sent to a path no operation owns still gets the API's 404 or 405.
    if (admin.pipeline.route(req.method, toSpecPath(splitUrl(req.originalUrl).path)).kind !== 'operation') return void endpoint(req, res);
    if (error.type === 'entity.too.large') send(res, admin.def.error(413, `The request body is larger than the limit of ${bodyLimitBytes} bytes`));
    else if (error.type === 'entity.parse.failed') send(res, admin.def.error(400, `The request body is not valid JSON (${error.message})`));
    else send(res, admin.def.error(400, `The request body cannot be read (${error.message})`));
  };
  router.use(onBodyError);
  return router;
}
