// Requests node's HTTP parser refuses before there is a request object: headers past the size limit
// (431), a request that did not arrive within the request timeout (408), bytes that are not HTTP
// (400). Node answers them with an empty body; we answer in the error shape of the API the
// request's path belongs to, when the bytes received show it (the 'clientError' event of
// node:http, whose `rawPacket` holds them), else in v1's. The answer is written to the socket
// itself, as node's documentation says, and the connection is closed.
import { maxHeaderSize, STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** The error body for a status and message, in the shape of the API that owns `path` (undefined: not known). */
export type ClientErrorBody = (status: number, message: string, path: string | undefined) => unknown;

interface ParserError extends Error {
  code?: string;
  rawPacket?: Buffer;
}

function statusAndMessage(error: ParserError): { status: number; message: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, message: `Request header fields too large: the request line and headers may be at most ${maxHeaderSize} bytes together` };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, message: 'Request timeout: the request was not received completely in time' };
    default:
      return { status: 400, message: `Bad request: the request is not valid HTTP/1.1 (${error.code ?? 'unreadable'})` };
  }
}

/** The path of the request line at the start of the bytes received, if they begin with one. */
export function requestPathOf(raw: Buffer | undefined): string | undefined {
  if (!raw) return undefined;
  const line = /^[A-Z]+ (\/[^ ?\r\n]*)/.exec(raw.subarray(0, 4096).toString('latin1'));
  return line?.[1];
}

export function answerClientErrors(server: Server, body: ClientErrorBody): void {
  server.on('clientError', (error: ParserError, socket: Duplex) => {
    // The peer is gone: nothing can be answered.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, message } = statusAndMessage(error);
    const text = JSON.stringify(body(status, message, requestPathOf(error.rawPacket)));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  });
}
