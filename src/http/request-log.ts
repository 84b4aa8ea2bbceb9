// One log line per answered request. The two APIs log from their endpoint, right after the reply
// is written: a 'finish' listener per request cost more than the line itself on the hot path. The
// middleware is for everything else (control plane, docs), where a listener is cheap enough.
import type { RequestHandler } from 'express';
import type { Services } from '../services.js';

export function logRequest(services: Services, method: string, url: string, status: number, started: number): void {
  services.log.info({ method, url, status, ms: Math.round((performance.now() - started) * 10) / 10 }, 'request');
}

export function requestLog(services: Services): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => logRequest(services, req.method, req.originalUrl, res.statusCode, started));
    next();
  };
}
