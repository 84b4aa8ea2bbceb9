// createApp(): express 5 with one openapi-backend per spec. The specs route; express only carries
// requests to the API whose paths they are, and logs one line per request.
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { agentryThreadsApi } from './apis/agentry-threads/index.js';
import { executionThreadsApi } from './apis/execution-threads/index.js';
import { sandboxAdminApi } from './apis/sandbox-admin/index.js';
import { controlPlane } from './http/control-plane.js';
import { apiEndpoint } from './http/api-endpoint.js';
import { corsFor } from './http/cors.js';
import { docsRouter } from './http/docs.js';
import { mountApi } from './http/mount-api.js';
import { send } from './http/send.js';
import type { Services } from './services.js';

function requestLog(services: Services): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      services.log.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 }, 'request');
    });
    next();
  };
}

/** Builds the express app of one sandbox. */
export async function createApp(services: Services): Promise<Express> {
  const v1 = await mountApi(executionThreadsApi);
  const v0 = await mountApi(agentryThreadsApi);
  const admin = await mountApi(sandboxAdminApi);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (services.log.isLevelEnabled('info')) app.use(requestLog(services));
  if (services.options.corsOrigins.length > 0) app.use(corsFor(services.options.corsOrigins));

  app.use(services.options.adminPrefix, controlPlane(admin, services));
  const toV1 = apiEndpoint(v1, services);
  const toV0 = apiEndpoint(v0, services);
  app.use(docsRouter(services.options.adminPrefix));
  // Unknown paths answer 404 in the shape of the nearest API.
  app.use((req, res) => (req.path === '/human' || req.path.startsWith('/human/') ? toV0(req, res) : toV1(req, res)));

  const onError: ErrorRequestHandler = (error: Error & { status?: number }, _req, res, _next) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) services.log.error({ err: error }, 'unexpected error');
    send(res, v1.def.error(status, status === 500 ? 'Internal error in thread-sandbox (see its log)' : error.message));
  };
  app.use(onError);
  return app;
}
