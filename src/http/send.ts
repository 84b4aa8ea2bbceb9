import type { ServerResponse } from 'node:http';
import type { Reply } from '../apis/api.js';

/** Writes a reply in one go: no etag, no content negotiation, nothing express would add per call. */
export function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  // Encoded once: a string would be measured (byteLength) and then encoded again by the socket.
  // reply.json first: a handler that gives it may build its body object only on demand.
  const json = reply.json ?? (reply.body === undefined ? undefined : JSON.stringify(reply.body));
  const bytes = Buffer.from(json ?? '');
  const headers: Record<string, string | number> = { ...reply.headers, 'content-length': bytes.length };
  if (json !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  res.writeHead(reply.status, headers);
  res.end(bytes);
}
