// createApp(): express 5 with one openapi-backend per spec. Every route the server answers is
// mounted here, in the order a request meets them.
import type { ServerResponse } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { agentryThreadsApi } from './apis/agentry-threads/index.js';
import { executionThreadsApi } from './apis/execution-threads/index.js';
import { sandboxAdminApi } from './apis/sandbox-admin/index.js';
import { apiEndpoint } from './http/api-endpoint.js';
import { specRoutes } from './http/api-router.js';
import { controlPlane } from './http/control-plane.js';
import { apiCorsFor } from './http/cors.js';
import { docsRouter } from './http/docs.js';
import { withApiFastPath } from './http/fast-path.js';
import { homePage } from './http/home-page.js';
import { mountApi } from './http/mount-api.js';
import { originForm } from './http/origin-form.js';
import { requestLog, requestLogger } from './http/request-log.js';
import { send } from './http/send.js';
import type { Services } from './services.js';

/** Builds the express app of one sandbox. */
export async function createApp(services: Services): Promise<Express> {
  const { adminPrefix, corsOrigins } = services.options;
  const v1 = await mountApi(executionThreadsApi);
  const v0 = await mountApi(agentryThreadsApi);
  const admin = await mountApi(sandboxAdminApi);
  const toV1 = apiEndpoint(v1, services);
  const toV0 = apiEndpoint(v0, services);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Like openapi-backend's router: /V1/threads is not /v1/threads (a trailing slash is ignored by both).
  app.set('case sensitive routing', true);

  // Every request: routed by its path even in absolute form, logged once when answered, and
  // (when origins are configured) CORS preflights answered before any API sees them. The control
  // plane is left out: it has its own origins (--control-plane-cors) and gate.
  app.use(originForm);
  if (services.log.isLevelEnabled('info')) app.use(requestLog(services));
  if (corsOrigins.length > 0) app.use(apiCorsFor(corsOrigins, adminPrefix));

  // The public APIs: one route per path of execution-threads.v1.yaml and agentry-threads.v0.yaml
  // (/v1/threads, /human/v0/threads, /human/v0/threads/:thread_id); each API's endpoint picks the
  // operation, or answers 405 with Allow. Without CORS, their requests skip express altogether
  // (withApiFastPath below) and meet these routes only in absolute form.
  for (const path of specRoutes(v1.backend.definition)) app.all(path, toV1);
  for (const path of specRoutes(v0.backend.definition)) app.all(path, toV0);

  // The control plane (sandbox-admin.yaml) under its prefix, with its own gates and body parser;
  // its root is the live page for a browser.
  app.use(adminPrefix, controlPlane(admin, services));

  // Documentation: GET /docs (Swagger UI) and GET /openapi/{name}.json|yaml.
  app.use(docsRouter(adminPrefix));

  // GET / for a browser: links to the live page and the docs (API clients get the 404 below).
  app.get('/', homePage(adminPrefix));

  // Anything else answers 404 in the shape of the nearest API.
  const nearest: RequestHandler = (req, res) => (req.path === '/human' || req.path.startsWith('/human/') ? toV0(req, res) : toV1(req, res));
  app.use(nearest);

  const fail = (error: Error & { status?: number }, res: ServerResponse) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) services.log.error({ err: error }, 'unexpected error');
    send(res, v1.def.error(status, status === 500 ? 'Internal error in thread-sandbox (see its log)' : error.message));
  };
  const onError: ErrorRequestHandler = (error: Error & { status?: number }, req, res, next) => {
    // Express decodes path parameters to match a route and fails on '%zz': the API answers that
    // in its own shape (its pipeline finds the same bad encoding).
    if (error instanceof URIError) return nearest(req, res, next);
    fail(error, res);
  };
  app.use(onError);
  if (corsOrigins.length > 0) return app;
  const log = services.log.isLevelEnabled('info') ? requestLogger(services) : undefined;
  const routes = [
    { api: v1, endpoint: toV1 },
    { api: v0, endpoint: toV0 },
  ];
  return withApiFastPath(app, { routes, adminPrefix, log, fail: (error, res) => fail(error as Error, res) });
}
