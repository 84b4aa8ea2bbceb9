// CORS for browser clients (a web app calling the sandbox from another origin). Off unless origins
// are configured; "*" allows any origin. Preflights are answered here, before the specs route.
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
