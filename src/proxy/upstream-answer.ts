// The provider's answer as the proxy handles it: which of its headers go back to the consumer (all
// but the hop-by-hop ones, duplicates kept as sent), its Content-Type headers as sent (node's
// `headers` keeps only the first; `rawHeaders` has them all), and its body read up to the check
// limit and no further, so a body of any size is passed on without being held whole.
import type { IncomingMessage } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/** Headers that describe one connection, not the answer (RFC 9110, 7.6.1), and the proxy's own. */
const NOT_PASSED_BACK = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authenticate', 'sandbox-contract']);

export interface AnswerHead {
  status: number;
  /** Name, value, name, value, ... as node's writeHead takes them. */
  passedBack: string[];
  contentTypes: string[];
  contentEncoding: string | undefined;
  /** Content-Length when the provider declared one. */
  declaredLength: number | undefined;
}

export function answerHead(answer: IncomingMessage): AnswerHead {
  const raw = answer.rawHeaders;
  const named = new Set(String(answer.headers.connection ?? '').split(',').map((name) => name.trim().toLowerCase()));
  const passedBack: string[] = [];
  const contentTypes: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    if (name === 'content-type') contentTypes.push(value);
    if (!NOT_PASSED_BACK.has(name) && !named.has(name)) passedBack.push(raw[i] as string, value);
  }
  const length = Number(answer.headers['content-length']);
  return { status: answer.statusCode ?? 502, passedBack, contentTypes, contentEncoding: answer.headers['content-encoding']?.trim().toLowerCase(), declaredLength: Number.isSafeInteger(length) ? length : undefined };
}

export type CappedRead = { complete: true; bytes: Buffer } | { complete: false; head: Buffer[] };

/**
 * Reads a body until it ends or passes `limit` bytes. Past the limit, the stream is left paused
 * with what was read in `head`: the caller passes both on.
 */
export function readCapped(body: IncomingMessage, limit: number): Promise<CappedRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      body.off('data', onData).off('end', onEnd).off('error', reject);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size <= limit) return;
      body.pause();
      stop();
      resolve({ complete: false, head: chunks });
    };
    const onEnd = () => {
      stop();
      resolve({ complete: true, bytes: Buffer.concat(chunks, size) });
    };
    body.on('data', onData).on('end', onEnd).on('error', reject);
  });
}

/**
 * The body as text, decoded from its Content-Encoding (the consumer's Accept-Encoding went on to
 * the provider); a string saying why not when it cannot be read within the limit.
 */
export function decodedText(bytes: Buffer, contentEncoding: string | undefined, limit: number): { text: string } | { unreadable: string } {
  const options = { maxOutputLength: Math.max(1, limit) };
  try {
    switch (contentEncoding) {
      case undefined:
      case '':
      case 'identity':
        return { text: bytes.toString('utf8') };
      case 'gzip':
      case 'x-gzip':
        return { text: gunzipSync(bytes, options).toString('utf8') };
      case 'deflate':
        return { text: inflateSync(bytes, options).toString('utf8') };
      case 'br':
        return { text: brotliDecompressSync(bytes, options).toString('utf8') };
      default:
        return { unreadable: `its Content-Encoding '${contentEncoding}' is not one the proxy decodes (gzip, deflate, br)` };
    }
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE') return { unreadable: `it is over the check limit of ${limit} bytes once decoded` };
    return { unreadable: `it could not be decoded as ${contentEncoding} (${e.message})` };
  }
}
