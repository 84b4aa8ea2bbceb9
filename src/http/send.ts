import type { ServerResponse } from 'node:http';
import type { Reply } from '../apis/api.js';

/** Writes a reply in one go: no etag, no content negotiation, nothing express would add per call. */
export function send(res: ServerResponse, reply: Reply, serialize: (body: unknown) => string = JSON.stringify): void {
  if (res.headersSent || res.destroyed) return;
  // Encoded once: a string would be measured (byteLength) and then encoded again by the socket.
  const bytes = Buffer.from(reply.body === undefined ? '' : serialize(reply.body));
  const headers: Record<string, string | number> = { ...reply.headers, 'content-length': bytes.length };
  if (reply.body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  res.writeHead(reply.status, headers);
  res.end(bytes);
}
