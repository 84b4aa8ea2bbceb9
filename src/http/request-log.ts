// One log line per answered request, from one middleware in front of everything: the APIs, the
// control plane, the docs and CORS preflights alike. A request whose connection was dropped (a
// fault, a client that left) is never finished and not logged; the journal still has it.
import type { RequestHandler } from 'express';
import { requestLineWriter } from '../logger.js';
import type { Services } from '../services.js';

export type RequestLogger = (method: string, url: string, status: number, started: number) => void;

/** `started` is performance.now() when the request came in. */
export function requestLogger(services: Services): RequestLogger {
  const write = requestLineWriter(services.log);
  return (method, url, status, started) => write(method, url, status, Math.round((performance.now() - started) * 10) / 10);
}

/** Logs each request when its response is finished. */
export function requestLog(services: Services): RequestHandler {
  const log = requestLogger(services);
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => log(req.method, req.originalUrl, res.statusCode, started));
    next();
  };
}
