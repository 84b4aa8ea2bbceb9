// CORS for browser clients (a web app calling the sandbox from another origin). Off unless origins
// are configured; "*" allows any origin. Preflights are answered here, before the specs route.
// `--cors` is for the two APIs only: the control plane resets and reads every tenant's data, so it
// answers CORS only for the origins of `--control-plane-cors` (see control-plane.ts).
import cors from 'cors';
import type { RequestHandler } from 'express';

export function corsFor(origins: readonly string[]): RequestHandler {
  const any = origins.includes('*');
  return cors({
    origin: any ? '*' : [...origins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Api-Token', 'Authorization', 'Content-Type', 'Prefer'],
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
}

/** True for the control plane's paths (any case: what reaches it must not get the APIs' CORS). */
export function isUnderPrefix(path: string, prefix: string): boolean {
  const p = path.toLowerCase();
  const at = prefix.toLowerCase();
  return p === at || p.startsWith(`${at}/`);
}

/** The APIs' CORS (`--cors`), on every path but the control plane's. */
export function apiCorsFor(origins: readonly string[], adminPrefix: string): RequestHandler {
  const handler = corsFor(origins);
  return (req, res, next) => (isUnderPrefix(req.path, adminPrefix) ? next() : handler(req, res, next));
}
