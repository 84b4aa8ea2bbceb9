// Sends a consumer's GET on to the provider with node:http(s): only the headers the consumer sent
// (of those listed), nothing added, redirects not followed (the consumer gets the 3xx and decides),
// and the answer handed back as a stream, so a large body is never held whole. The consumer's own
// credentials go with it; the proxy has none of its own.
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { TransportError } from '../verify/http-client.js';

/** Request headers passed on as they came; everything else (cookies, hop-by-hop headers) stays here. */
const PASSED_ON = ['accept', 'accept-encoding', 'accept-language', 'api-token', 'authorization', 'prefer', 'user-agent'] as const;

/** Sends GET `url` (path and query) to the provider; resolves with its answer as soon as its headers arrive. */
export type Forward = (url: string, headers: IncomingHttpHeaders) => Promise<IncomingMessage>;

function describeFailure(error: NodeJS.ErrnoException): string {
  return error.code ? `${error.code}${error.message && !error.message.includes(error.code) ? ` (${error.message})` : ''}` : error.message;
}

/**
 * `timeoutMs` bounds each wait on the provider: for the connection, for the answer's headers, and
 * for every pause in its body (a body that keeps coming may take longer in all).
 */
export function createForwarder(target: string, timeoutMs: number): Forward {
  const base = new URL(target);
  const send = base.protocol === 'https:' ? httpsRequest : httpRequest;
  const prefix = base.pathname.replace(/\/+$/, '');
  // URL keeps an IPv6 address in brackets; node:http wants it bare.
  const hostname = base.hostname.replace(/^\[(.*)\]$/, '$1');
  return (url, incoming) =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      for (const name of PASSED_ON) {
        const value = incoming[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const req = send({ protocol: base.protocol, hostname, port: base.port, path: `${prefix}${url}`, method: 'GET', headers, timeout: timeoutMs }, resolve);
      req.on('timeout', () => req.destroy(new TransportError(url, `GET ${url}: no answer within ${timeoutMs} ms`)));
      req.on('error', (error: NodeJS.ErrnoException) => reject(error instanceof TransportError ? error : new TransportError(url, `GET ${url}: ${describeFailure(error)}`)));
      req.end();
    });
}
