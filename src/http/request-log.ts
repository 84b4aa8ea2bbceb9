// One log line per answered request. The two APIs log from their endpoint, right after the reply
// is written: a 'finish' listener per request cost more than the line itself on the hot path. The
// middleware is for everything else (control plane, docs), where a listener is cheap enough.
import type { RequestHandler } from 'express';
import { requestLineWriter } from '../logger.js';
import type { Services } from '../services.js';

export type RequestLogger = (method: string, url: string, status: number, started: number) => void;

/** `started` is performance.now() when the request came in. */
export function requestLogger(services: Services): RequestLogger {
  const write = requestLineWriter(services.log);
  return (method, url, status, started) => write(method, url, status, Math.round((performance.now() - started) * 10) / 10);
}

/** Logs each request when it finishes. */
export function requestLog(services: Services): RequestHandler {
  const log = requestLogger(services);
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => log(req.method, req.originalUrl, res.statusCode, started));
    next();
  };
}
