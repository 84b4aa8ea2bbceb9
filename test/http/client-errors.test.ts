// Requests node's parser refuses before express sees them (headers too large, a request that never
// ends, bytes that are not HTTP) are answered in the error shape of the API their path belongs to,
// never with an empty body, and the server keeps serving.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { assertErrorShape } from '../helpers/spec-check.js';

interface RawAnswer {
  status: number;
  headers: string;
  body: any;
}

/** Writes bytes on a fresh connection and reads until the server closes it. */
function exchangeRaw(port: number, bytes: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const end = received.indexOf('\r\n\r\n');
      const text = received.slice(end + 4);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1]), headers: received.slice(0, end), body });
    });
    socket.write(bytes);
  });
}

const LONG = 'x'.repeat(20_000);

describe('answers of the HTTP parser', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ requestTimeoutMs: 300 });
  });
  after(() => sandbox.stop());

  const cases = [
    { does: 'a v1 request line past the limit', bytes: `GET /v1/threads?thread_token=${LONG} HTTP/1.1\r\nHost: s\r\nApi-Token: t\r\n\r\n`, status: 431, spec: 'v1', shape: { message: /Request header fields too large: .* at most 16384 bytes/ } },
    { does: 'a v0 request line past the limit', bytes: `GET /human/v0/threads?page_token=${LONG} HTTP/1.1\r\nHost: s\r\n\r\n`, status: 431, spec: 'v0', shape: { name: /^RequestHeaderFieldsTooLargeError$/, message: /too large/ } },
    { does: 'a control-plane request with a header past the limit', bytes: `GET /__sandbox/health HTTP/1.1\r\nHost: s\r\nX-Big: ${LONG}\r\n\r\n`, status: 431, spec: 'admin', shape: { name: /^RequestHeaderFieldsTooLargeError$/, message: /too large/ } },
    { does: 'bytes that are not HTTP', bytes: 'HELLO WORLD\r\n\r\n', status: 400, spec: 'v1', shape: { message: /^Bad request: the request is not valid HTTP/ } },
    // Node gives no bytes with a timeout: v1's shape, the default.
    { does: 'a request whose headers never end', bytes: 'GET /v1/threads HTTP/1.1\r\nHost: s\r\n', status: 408, spec: 'v1', shape: { message: /^Request timeout/ } },
  ] as const;

  for (const c of cases) {
    it(`${c.does} is a ${c.status} in the API's error shape, as JSON`, async () => {
      const answer = await exchangeRaw(sandbox.port, c.bytes);
      assert.equal(answer.status, c.status);
      assert.match(answer.headers, /\r\ncontent-type: application\/json; charset=utf-8\r\n/i);
      await assertErrorShape(c.spec, answer.body);
      for (const [key, pattern] of Object.entries(c.shape)) assert.match(String(answer.body[key]), pattern, JSON.stringify(answer.body));
    });
  }

  it('keeps serving after them', async () => {
    const res = await fetch(`${sandbox.url}/v1/threads`, { headers: { 'Api-Token': 't' } });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
  });
});
