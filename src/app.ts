// createApp(): express 5 with one openapi-backend per spec. The specs route; express only carries
// requests to the API whose paths they are, and logs one line per request.
import express, { type ErrorRequestHandler, type Express, type Request } from 'express';
import { agentryThreadsApi } from './apis/agentry-threads/index.js';
import { executionThreadsApi } from './apis/execution-threads/index.js';
import { sandboxAdminApi } from './apis/sandbox-admin/index.js';
import { controlPlane } from './http/control-plane.js';
import { apiEndpoint } from './http/api-endpoint.js';
import { corsFor } from './http/cors.js';
import { docsRouter } from './http/docs.js';
import { mountApi } from './http/mount-api.js';
import { requestLog } from './http/request-log.js';
import { send } from './http/send.js';
import type { Services } from './services.js';

/** The public API a path belongs to; undefined for the control plane, docs and anything else. */
function publicApiOf(url: string, adminPrefix: string): 'v1' | 'v0' | undefined {
  if (url.startsWith(adminPrefix)) return undefined;
  if (url.startsWith('/v1') && (url.length === 3 || url[3] === '/' || url[3] === '?')) return 'v1';
  if (url.startsWith('/human') && (url.length === 6 || url[6] === '/' || url[6] === '?')) return 'v0';
  return undefined;
}

/** Builds the express app of one sandbox. */
export async function createApp(services: Services): Promise<Express> {
  const v1 = await mountApi(executionThreadsApi);
  const v0 = await mountApi(agentryThreadsApi);
  const admin = await mountApi(sandboxAdminApi);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const logs = services.log.isLevelEnabled('info');
  const toV1 = apiEndpoint(v1, services, { logs });
  const toV0 = apiEndpoint(v0, services, { logs });
  const endpointFor = (req: Request) => {
    const api = publicApiOf(req.url, services.options.adminPrefix);
    return api === 'v1' ? toV1 : api === 'v0' ? toV0 : undefined;
  };
  // The two APIs log from their endpoint; everything else is logged by requestLog.
  const logOthers = logs ? requestLog(services) : undefined;
  const withCors = services.options.corsOrigins.length > 0;
  if (withCors) {
    // CORS answers preflights before any API sees them: log, then CORS, then the APIs.
    if (logOthers) app.use((req, res, next) => (endpointFor(req) && req.method !== 'OPTIONS' ? next() : logOthers(req, res, next)));
    app.use(corsFor(services.options.corsOrigins));
  }
  // Without CORS this is the one layer in front of the APIs, as on a bare express route: every
  // other layer costs each API request a few microseconds (bench/README.md).
  const logHere = withCors ? undefined : logOthers;
  app.use((req, res, next) => {
    const endpoint = endpointFor(req);
    if (endpoint) return endpoint(req, res);
    if (logHere) return logHere(req, res, next);
    next();
  });

  app.use(services.options.adminPrefix, controlPlane(admin, services));
  app.use(docsRouter(services.options.adminPrefix));
  // Unknown paths answer 404 in the shape of the nearest API (logged by requestLog above).
  const notFoundV1 = apiEndpoint(v1, services);
  const notFoundV0 = apiEndpoint(v0, services);
  app.use((req, res) => (req.path === '/human' || req.path.startsWith('/human/') ? notFoundV0(req, res) : notFoundV1(req, res)));

  const onError: ErrorRequestHandler = (error: Error & { status?: number }, _req, res, _next) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) services.log.error({ err: error }, 'unexpected error');
    send(res, v1.def.error(status, status === 500 ? 'Internal error in thread-sandbox (see its log)' : error.message));
  };
  app.use(onError);
  return app;
}
