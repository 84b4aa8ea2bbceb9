import type { ServerResponse } from 'node:http';
import type { Reply } from '../apis/api.js';

/** Writes a reply in one go: no etag, no content negotiation, nothing express would add per call. */
export function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  if (reply.stream) return reply.stream(res);
  if (reply.text !== undefined) {
    res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.text) });
    res.end(reply.text);
    return;
  }
  // reply.json first: a handler that gives it may build its body object only on demand.
  const json = reply.json ?? (reply.body === undefined ? undefined : JSON.stringify(reply.body));
  // The string goes to the socket as it is: encoding it into a Buffer first allocated a new
  // ArrayBuffer per response over 4 KB, which cost more than measuring the string (bench/README.md).
  const body = json ?? '';
  const headers: Record<string, string | number> = { ...reply.headers, 'content-length': Buffer.byteLength(body) };
  if (json !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  res.writeHead(reply.status, headers);
  res.end(body);
}
