// Providers that are not friendly: one that redirects elsewhere, one that sends two Content-Type
// headers, one whose body is over the check limit, one that never answers or breaks off. The proxy
// passes redirects back as they are, sends the provider only what the consumer sent, calls a
// doubled Content-Type a violation, passes a large body on unread (and says so), and answers its
// own errors in the API's error shape.
import assert from 'node:assert/strict';
import { createServer, get, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { startProxy, type Proxy } from '../../src/proxy/proxy-server.js';
import { assertErrorShape } from '../helpers/spec-check.js';
import { fetchChecked, fetchRaw } from './fetch-checked.js';

interface Provider {
  url: string;
  /** What each request brought: path and headers as received. */
  received: { url: string; headers: IncomingHttpHeaders; rawHeaders: string[] }[];
  answer: RequestListener;
  close(): Promise<void>;
}

async function startProvider(): Promise<Provider> {
  const provider: Provider = { url: '', received: [], answer: (_req, res) => res.writeHead(500).end(), close: async () => {} };
  const server: Server = createServer((req, res) => {
    provider.received.push({ url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders });
    provider.answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return provider;
}

/** The Content-Type headers of an answer as sent (node's `headers` keeps only the first). */
function contentTypesThrough(proxy: Proxy): Promise<string[]> {
  return new Promise((resolve, reject) => {
    get(`${proxy.url}/v1/threads`, { headers: TOKEN }, (res) => {
      res.resume();
      resolve(res.rawHeaders.filter((_, i) => i % 2 === 1 && res.rawHeaders[i - 1]!.toLowerCase() === 'content-type'));
    }).on('error', reject);
  });
}

const PAGE = { totalCount: 1, items: [{ workspaceId: 1, threadToken: null, type: 'Manual', createdAt: '2025-07-25T09:34:29.768Z' }] };
const TOKEN = { 'Api-Token': 'secret-client-token' };

describe('a provider that redirects to another origin', () => {
  let provider: Provider;
  let elsewhere: Provider;
  let proxy: Proxy;
  before(async () => {
    [provider, elsewhere] = await Promise.all([startProvider(), startProvider()]);
    provider.answer = (_req, res) => res.writeHead(307, { location: `${elsewhere.url}/v1/threads`, 'content-type': 'text/plain' }).end('moved for now');
    elsewhere.answer = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(PAGE));
    proxy = await startProxy({ target: provider.url });
  });
  after(async () => {
    await proxy.stop();
    await Promise.all([provider.close(), elsewhere.close()]);
  });

  it('passes the redirect back unchanged and does not follow it with the consumer\'s credentials', async () => {
    const answer = await fetchRaw(proxy.url, '/v1/threads?workspaceId=1', { headers: TOKEN });
    assert.equal(answer.status, 307);
    assert.equal(answer.headers.location, `${elsewhere.url}/v1/threads`);
    assert.equal(answer.text, 'moved for now');
    assert.equal(elsewhere.received.length, 0, 'the other origin was called');
    // The specs document no redirect: the provider broke the contract, and the header says so.
    assert.equal(answer.contract, '1');
    assert.match(proxy.exchanges().at(-1)!.violations[0]!.message, /status 307 is not documented/);
  });

  it('sends the provider only the headers the consumer sent (and Host, Connection)', async () => {
    provider.received.length = 0;
    await fetchRaw(proxy.url, '/v1/threads', { headers: { ...TOKEN, Accept: 'application/json' } });
    const names = provider.received[0]!.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase()).sort();
    assert.deepEqual(names, ['accept', 'api-token', 'connection', 'host']);
    assert.equal(provider.received[0]!.headers['api-token'], 'secret-client-token');
  });
});

describe('a provider that sends two Content-Type headers', () => {
  let provider: Provider;
  let proxy: Proxy;
  before(async () => {
    provider = await startProvider();
    provider.answer = (_req, res) => res.writeHead(200, [['Content-Type', 'application/json'], ['Content-Type', 'text/plain']].flat()).end(JSON.stringify(PAGE));
    proxy = await startProxy({ target: provider.url });
  });
  after(async () => {
    await proxy.stop();
    await provider.close();
  });

  it('is a content-type violation, and both headers reach the consumer as sent', async () => {
    const answer = await fetchRaw(proxy.url, '/v1/threads', { headers: TOKEN });
    assert.equal(answer.status, 200);
    assert.equal(answer.contract, '1');
    const [violation] = proxy.exchanges().at(-1)!.violations;
    assert.equal(violation?.rule, 'content-type');
    assert.match(violation!.message, /the answer has 2 Content-Type headers \('application\/json', 'text\/plain'\)/);
    assert.deepEqual(await contentTypesThrough(proxy), ['application/json', 'text/plain']);
    assert.equal(proxy.recording().executionThreads.length, 0, 'an answer that breaks the contract is not recorded');
  });
});

describe('a body over the check limit', () => {
  let provider: Provider;
  let proxy: Proxy;
  const big = { totalCount: 400, items: Array.from({ length: 400 }, (_, i) => ({ ...PAGE.items[0], threadToken: `tok-${i}` })) };
  const text = JSON.stringify(big);
  before(async () => {
    provider = await startProvider();
    proxy = await startProxy({ target: provider.url, checkLimit: 4096 });
  });
  beforeEach(() => (provider.received.length = 0));
  after(async () => {
    await proxy.stop();
    await provider.close();
  });

  for (const [how, declare] of [['with a Content-Length', true], ['chunked', false]] as const) {
    it(`${how}: is passed on byte for byte, marked unchecked, not recorded`, async () => {
      provider.answer = (_req, res) => res.writeHead(200, { 'content-type': 'application/json', ...(declare ? { 'content-length': String(Buffer.byteLength(text)) } : {}) }).end(text);
      const answer = await fetchRaw(proxy.url, '/v1/threads?total=400', { headers: TOKEN });
      assert.equal(answer.status, 200);
      assert.equal(answer.text, text);
      assert.equal(answer.contract, 'unchecked');
      const exchange = proxy.exchanges().at(-1)!;
      assert.match(exchange.unchecked ?? '', /over the check limit of 4096 bytes/);
      assert.equal(proxy.recording().executionThreads.length, 0);
    });
  }

  it('still has its status and Content-Type checked', async () => {
    provider.answer = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(text);
    const answer = await fetchRaw(proxy.url, '/v1/threads', { headers: TOKEN });
    assert.equal(answer.contract, '1');
    assert.match(proxy.exchanges().at(-1)!.violations[0]!.message, /content-type is 'text\/html'/);
    assert.equal(proxy.totals().unchecked, 3);
    assert.match(proxy.summary(), /3 answers passed on with the body unchecked/);
  });
});

describe('a provider that compresses its answer', () => {
  let provider: Provider;
  let proxy: Proxy;
  before(async () => {
    provider = await startProvider();
    provider.answer = (req, res) => {
      const gzip = /gzip/.test(String(req.headers['accept-encoding']));
      res.writeHead(200, { 'content-type': 'application/json', ...(gzip ? { 'content-encoding': 'gzip' } : {}) }).end(gzip ? gzipSync(JSON.stringify(PAGE)) : JSON.stringify(PAGE));
    };
    proxy = await startProxy({ target: provider.url });
  });
  after(async () => {
    await proxy.stop();
    await provider.close();
  });

  it('is passed on compressed as the client asked, checked and recorded decoded', async () => {
    const compressed = await new Promise<{ encoding: string | undefined; contract: string | undefined; bytes: Buffer }>((resolve, reject) => {
      get(`${proxy.url}/v1/threads`, { headers: { ...TOKEN, 'Accept-Encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], contract: res.headers['sandbox-contract'] as string | undefined, bytes: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    assert.equal(compressed.encoding, 'gzip');
    assert.deepEqual(JSON.parse(gunzipSync(compressed.bytes).toString('utf8')), PAGE);
    assert.equal(compressed.contract, 'ok');
    assert.equal(proxy.recording().executionThreads.length, 1);
    // Without Accept-Encoding the provider is not asked for compression.
    const plain = await fetchRaw(proxy.url, '/v1/threads', { headers: TOKEN });
    assert.deepEqual(plain.body, PAGE);
    assert.equal(provider.received.at(-1)!.headers['accept-encoding'], undefined);
  });
});

describe("the proxy's own errors", () => {
  let provider: Provider;
  let proxy: Proxy;
  before(async () => {
    provider = await startProvider();
    proxy = await startProxy({ target: provider.url, timeoutMs: 300 });
  });
  after(async () => {
    await proxy.stop();
    await provider.close();
  });

  it('a provider that does not answer within --timeout is a 502 in each API\'s error shape', async () => {
    provider.answer = () => {};
    const v0 = await fetchChecked(proxy.url, '/human/v0/threads/thr-1');
    assert.equal(v0.status, 502);
    assert.equal(v0.body.name, 'BadGatewayError');
    assert.match(v0.body.message, /the provider did not answer: GET \/human\/v0\/threads\/thr-1: no answer within 300 ms/);
    const v1 = await fetchChecked(proxy.url, '/v1/threads');
    assert.equal(v1.status, 502);
    assert.match(v1.body.message, /no answer within 300 ms/);
  });

  it('a request line past the size limit is a 431 in the API\'s error shape', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      let text = '';
      const socket = connect(proxy.port, '127.0.0.1', () => socket.write(`GET /human/v0/threads?page_token=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: p\r\n\r\n`));
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(received, /^HTTP\/1\.1 431 /);
    const body = JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4));
    await assertErrorShape('v0', body);
    assert.equal(body.name, 'RequestHeaderFieldsTooLargeError');
  });

  it('a body that breaks off before the check limit is a 502 too', async () => {
    provider.answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"totalCount":');
      setTimeout(() => res.destroy(), 20);
    };
    const v1 = await fetchChecked(proxy.url, '/v1/threads');
    assert.equal(v1.status, 502);
    assert.match(v1.body.message, /the answer broke off/);
    assert.equal(v1.contract, '1');
  });
});
