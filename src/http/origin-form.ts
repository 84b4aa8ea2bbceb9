// A request target in absolute form (`GET http://host:8160/v1/threads`, RFC 9112 3.2.2, as proxies
// send it) is routed by its path like any other; its authority replaces the Host header, which
// the server must then ignore.
import type { RequestHandler } from 'express';

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i;

export const originForm: RequestHandler = (req, _res, next) => {
  if (req.url.startsWith('/')) return next();
  const m = ABSOLUTE.exec(req.url);
  if (m) {
    const rest = req.url.slice(m[0].length);
    req.url = rest.startsWith('/') ? rest : `/${rest}`;
    req.originalUrl = req.url;
    req.headers.host = (m[1] as string).replace(/^[^@]*@/, '');
  }
  next();
};
