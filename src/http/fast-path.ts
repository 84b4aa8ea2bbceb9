// The two public APIs' requests go from node:http straight to their endpoint; everything else
// (the control plane, the docs, CORS, absolute-form targets, paths no API owns) goes through the
// express app, whose routes (app.ts) still list every path, the APIs' included.
//
// Why: express's per-request setup (swapping the prototypes of req and res, its router's layer
// walk) kept about 9 KB per request alive past two scavenges, i.e. promoted to the old generation,
// where node:http alone promotes next to nothing (bench/README.md, "Issue 22"). Which requests
// take this path is decided by the same openapi-backend match the endpoint routes by.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';
import { splitUrl } from '../openapi/query.js';
import type { EndpointRequest } from './api-endpoint.js';
import type { MountedApi } from './mount-api.js';
import type { RequestLogger } from './request-log.js';

export interface FastRoute {
  api: MountedApi;
  endpoint: (req: EndpointRequest, res: ServerResponse) => Promise<void>;
}

export interface FastPathOptions {
  routes: readonly FastRoute[];
  /** Requests under it are the control plane's, whatever an API's spec says. */
  adminPrefix: string;
  /** Set when each request is logged (log level info). */
  log: RequestLogger | undefined;
  /** Answers an error the endpoint let escape (as the app's error handler does). */
  fail: (error: unknown, res: ServerResponse) => void;
}

/** The API (and its endpoint) that owns the method and path of an origin-form URL, if any. */
function owner(routes: readonly FastRoute[], method: string, path: string): FastRoute | undefined {
  for (const r of routes) {
    const kind = r.api.pipeline.route(method, path).kind;
    if (kind === 'operation' || kind === 'methodNotAllowed') return r;
  }
  return undefined;
}

/**
 * A request listener that answers the APIs' requests itself and hands every other request to
 * `app`. It is `app` in every other respect (its methods and settings, through the prototype), so
 * callers that use it as the express app (supertest, `Sandbox.app`) meet both paths.
 */
export function withApiFastPath(app: Express, { routes, adminPrefix, log, fail }: FastPathOptions): Express {
  const underAdmin = (path: string) => path === adminPrefix || path.startsWith(`${adminPrefix}/`);
  const listener = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void => {
    const url = req.url as string;
    // Absolute-form targets go through express (origin-form.ts rewrites them first).
    if (url.charCodeAt(0) === 47 /* '/' */) {
      const { path } = splitUrl(url);
      const route = underAdmin(path) ? undefined : owner(routes, req.method as string, path);
      if (route) {
        if (log) {
          const started = performance.now();
          res.once('finish', () => log(req.method as string, url, res.statusCode, started));
        }
        route.endpoint(req as EndpointRequest, res).catch((error: unknown) => fail(error, res));
        return;
      }
    }
    app(req as never, res as never, next as never);
  };
  Object.setPrototypeOf(listener, app);
  return listener as unknown as Express;
}
