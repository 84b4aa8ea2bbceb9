// The deliberately broken providers of the verify tests behind the proxy: each broken behaviour is
// reported as a provider violation on the answer that shows it, and the Sandbox-Contract header
// counts the violations of that answer. Answers that show nothing broken stay `ok`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startProxy, type Proxy } from '../../src/proxy/proxy-server.js';
import { startBrokenServer, type BrokenKind, type BrokenServer } from '../verify/broken-servers.js';
import { CREDENTIALS, fetchRaw, type Fetched } from './fetch-checked.js';

interface Case {
  kind: BrokenKind;
  does: string;
  /** Requests sent in order; the last one shows the broken behaviour. */
  send: (proxy: Proxy) => Promise<Fetched>;
  /** Each provider violation the last answer must carry, in order. */
  expected: RegExp[];
  /** A request the broken behaviour does not touch. */
  clean: string;
}

const get = (proxy: Proxy, url: string, headers: Record<string, string> = CREDENTIALS) => fetchRaw(proxy.url, url, { headers });

const CASES: Case[] = [
  {
    kind: 'ignoresTotal',
    does: 'ignores total',
    send: (p) => get(p, '/v1/threads?workspaceId=2&total=3'),
    expected: [/items\.length 7 exceeds total=3/, /the window \[start=0, start\+total=3\) of totalCount 7 holds 3/],
    clean: '/v1/threads?workspaceId=2',
  },
  {
    kind: 'sortsWrongly',
    does: 'sorts ascending when asked for descending',
    send: (p) => get(p, '/v1/threads?workspaceId=2&sorting=-CreatedAt'),
    expected: [/sorting=-CreatedAt was asked for, but items 0 and 1 are out of order/],
    clean: '/v1/threads?workspaceId=2&sorting=CreatedAt',
  },
  {
    kind: 'cursorRepeatsAThread',
    does: 'repeats a thread on the next cursor page',
    send: async (p) => {
      const first = await get(p, '/human/v0/threads?limit=5');
      return get(p, `/human/v0/threads?limit=5&page_token=${encodeURIComponent(first.body.next_page_token)}`);
    },
    expected: [/the cursor walk repeats a thread: thread \S+ came twice \(page 1 and page 2\)/],
    clean: '/human/v0/threads?limit=5',
  },
  {
    kind: 'wrongFieldType',
    does: 'sends workspaceId as a string',
    send: (p) => get(p, '/v1/threads?workspaceId=3'),
    expected: [/body does not match the spec: \/items\/0\/workspaceId must be integer/],
    clean: '/human/v0/threads',
  },
  {
    kind: 'acceptsMissingCredentials',
    does: 'answers 200 without credentials',
    send: (p) => get(p, '/v1/threads', {}),
    expected: [/answered 200 to a request without valid credentials .*; the spec says 401/],
    clean: '/v1/threads',
  },
];

for (const c of CASES) {
  describe(`through the proxy, a provider that ${c.does}`, () => {
    let server: BrokenServer;
    let proxy: Proxy;
    let answer: Fetched;
    before(async () => {
      server = await startBrokenServer(c.kind);
      proxy = await startProxy({ target: server.url });
      answer = await c.send(proxy);
    });
    after(async () => {
      await proxy.stop();
      await server.close();
    });

    it('reports the broken behaviour as a provider violation of that answer', () => {
      const exchange = proxy.exchanges().at(-1)!;
      const provider = exchange.violations.filter((v) => v.side === 'provider').map((v) => v.message);
      assert.equal(provider.length, c.expected.length, provider.join(' | '));
      c.expected.forEach((pattern, i) => assert.match(provider[i]!, pattern));
    });

    it('counts every violation of the answer in the Sandbox-Contract header', () => {
      const exchange = proxy.exchanges().at(-1)!;
      assert.equal(answer.contract, String(exchange.violations.length));
      assert.notEqual(answer.contract, 'ok');
    });

    it('marks an answer the breakage does not touch ok, and lists the violations in the summary', async () => {
      const clean = await get(proxy, c.clean);
      assert.equal(clean.contract, 'ok', JSON.stringify(proxy.exchanges().at(-1)?.violations));
      const summary = proxy.summary();
      for (const pattern of c.expected) assert.match(summary, new RegExp(`provider +\\S+ +.*${pattern.source}`));
    });
  });
}

describe('recording from a provider whose answers break the schema', () => {
  let server: BrokenServer;
  let proxy: Proxy;
  before(async () => {
    server = await startBrokenServer('wrongFieldType');
    proxy = await startProxy({ target: server.url });
  });
  after(async () => {
    await proxy.stop();
    await server.close();
  });

  it('records nothing from an answer that breaks the schema, and the rest as usual', async () => {
    await get(proxy, '/v1/threads?workspaceId=2');
    await get(proxy, '/human/v0/threads/thr-0001');
    const recorded = proxy.recording();
    assert.equal(recorded.executionThreads.length, 0);
    assert.deepEqual(recorded.threads.map((t) => t.thread_id), ['thr-0001']);
  });
});
