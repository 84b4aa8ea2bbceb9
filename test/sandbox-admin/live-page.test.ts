// The live page's server side: the control plane's root (a page for browsers, an index for API
// clients), `/` for browsers, the page's files, and the event stream: who may open it, what it
// carries to whom, how many may be open, and that the sandbox's stop ends it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_LIVE_LISTENERS } from '../../src/control/live-feed.js';
import { EventStream } from '../../src/http/event-stream.js';
import { loadSpec } from '../../src/openapi/specs.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { openStream, type OpenStream } from '../helpers/event-stream-client.js';
import { sandboxClient } from '../helpers/http.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';
import { TEST_STORE } from '../helpers/test-store.js';

const HTML = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const adminOperations = () =>
  Object.values(loadSpec('admin').paths ?? {}).flatMap((item) => Object.values(item as object).map((op) => (op as { operationId?: string }).operationId)).filter(Boolean);

/** Opens a stream and checks its head against the spec. */
async function stream(sandbox: Sandbox, headers: Record<string, string> = {}, path = '/__sandbox/events'): Promise<OpenStream> {
  const s = await openStream(sandbox.url + path, headers);
  const body = s.headers['content-type']?.startsWith('application/json') ? JSON.parse(await s.text()) : '';
  await assertMatchesSpec('GET', path, { status: s.status, headers: s.headers as Record<string, string>, body });
  return s;
}

describe('the control plane root', () => {
  it('answers JSON clients with an index of every operation under the prefix, with and without the slash', async () => {
    const api = await sandboxClient();
    for (const url of ['/__sandbox', '/__sandbox/']) {
      const res = await api.get(url);
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'] ?? '', /^application\/json/);
      assert.equal(res.body.livePage, '/__sandbox/');
      assert.deepEqual(res.body.operations.map((o: { operationId: string }) => o.operationId).sort(), adminOperations().sort());
      assert.ok(res.body.operations.some((o: { method: string; path: string }) => o.method === 'DELETE' && o.path === '/__sandbox/faults/{id}'));
    }
    // Under another prefix (the spec check knows only the default one: the answer is mapped back).
    const moved = await sandboxClient({ adminPrefix: '/ops' });
    const res = await request(moved.app).get('/ops/');
    await assertMatchesSpec('GET', '/__sandbox', { status: res.status, headers: res.headers, body: res.body });
    assert.equal(res.body.livePage, '/ops/');
    assert.ok(res.body.operations.every((o: { path: string }) => o.path.startsWith('/ops/') || o.path === '/ops'), 'paths under the configured prefix');
  });

  it('answers a browser with the page: its own script and style sheet, a strict content security policy', async () => {
    const api = await sandboxClient({ adminToken: 'secret' }, {});
    const res = await api.get('/__sandbox/', HTML);
    assert.equal(res.status, 200, 'the page holds no data: it asks for the token itself');
    assert.match(res.headers['content-type'] ?? '', /^text\/html/);
    assert.match(res.text, /<script type="module" src="\/__sandbox\/live\/live\.js"><\/script>/);
    assert.match(res.text, /data-prefix="\/__sandbox"/);
    assert.doesNotMatch(res.text, /https?:\/\//, 'nothing from another address');
    assert.match(res.headers['content-security-policy'] ?? '', /script-src 'self'/);
    assert.doesNotMatch(res.headers['content-security-policy'] ?? '', /unsafe-inline/);
    const assets = ['live.js', 'dom.js', 'control.js', 'stream.js', 'views.js', 'live.css'];
    for (const asset of assets) {
      const file = await api.get(`/__sandbox/live/${asset}`);
      assert.equal(file.status, 200);
      assert.match(file.headers['content-type'] ?? '', asset.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
      assert.doesNotMatch(file.text, /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|https?:\/\//, `${asset} builds the page from text and loads nothing from elsewhere`);
      for (const imported of file.text.matchAll(/from '\.\/([\w.-]+)'/g)) assert.ok(assets.includes(imported[1] as string), `${asset} imports ${imported[1]}, which is not served`);
    }
    assert.equal((await api.get('/__sandbox/live/other.js')).status, 400);
    const moved = await request((await sandboxClient({ adminPrefix: '/ops' })).app).get('/ops').set(HTML);
    assert.match(moved.text, /<script type="module" src="\/ops\/live\/live\.js">/);
  });

  it('/ for a browser links the live page and the docs; for API clients it stays a JSON 404', async () => {
    const api = await sandboxClient();
    // No spec owns / (like /docs): checked by hand.
    const page = await request(api.app).get('/').set(HTML);
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'] ?? '', /^text\/html/);
    assert.match(page.text, /href="\/__sandbox\/"/);
    assert.match(page.text, /href="\/docs"/);
    const json = await api.get('/');
    assert.equal(json.status, 404);
    assert.deepEqual(json.body, { message: 'Not found: GET /' });
  });

  it('summarizes the data: origin, counts per workspace and inbox, the journal', async () => {
    const api = await sandboxClient();
    await api.get('/v1/threads?workspaceId=abc');
    const res = await api.get('/__sandbox/summary');
    // The suite runs on memory and, through test:postgres, on PostgreSQL: the origin is the banner's.
    assert.equal(res.body.source, TEST_STORE === 'postgres' ? api.services.data?.source : 'in memory, from the bundled fixtures');
    assert.ok(res.body.source);
    assert.equal(res.body.replaced, false);
    const store = api.services.store;
    assert.equal(res.body.executionThreads, store.executionThreads.size);
    assert.equal(res.body.workspaces.reduce((n: number, w: { executionThreads: number }) => n + w.executionThreads, 0), store.executionThreads.size);
    assert.equal(res.body.inboxes.reduce((n: number, i: { threads: number }) => n + i.threads, 0), store.threads.size);
    assert.deepEqual([res.body.requests, res.body.violations, res.body.faults], [1, 1, 0]);
    await api.post('/__sandbox/reset', { seed: 2, executionThreads: 3, threads: 2 });
    const after = (await api.get('/__sandbox/summary')).body;
    assert.equal(after.replaced, true);
    assert.deepEqual([after.executionThreads, after.threads, after.requests], [3, 2, 0]);
  });
});

describe('the event stream', () => {
  let sandbox: Sandbox;
  const tenants = [
    { name: 'team-a', tokens: ['tok-a'], workspaces: [1], inboxes: ['inbox-support'] },
    { name: 'team-b', tokens: ['tok-b'], workspaces: [2], inboxes: ['inbox-sales'] },
  ];
  const admin = { Authorization: 'Bearer admin-tok' };
  before(async () => {
    sandbox = await startSandbox({ port: 0, logLevel: 'silent', tenants, adminToken: 'admin-tok' });
  });
  after(() => sandbox?.stop());

  it('needs the admin token or a tenant token', async () => {
    for (const headers of [{}, { Authorization: 'Bearer wrong' }, { 'Api-Token': 'tok-a' }] as Record<string, string>[]) {
      const s = await stream(sandbox, headers);
      assert.equal(s.status, 401);
    }
    const ok = await stream(sandbox, admin);
    assert.equal(ok.status, 200);
    assert.match(String(ok.headers['content-type']), /^text\/event-stream/);
    assert.equal((await ok.waitFor((e) => e.event === 'hello')).data.tenant, null);
    ok.close();
  });

  it("carries requests, violations and changes as they happen; a tenant's stream only its own", async () => {
    const all = await stream(sandbox, admin);
    const a = await stream(sandbox, { Authorization: 'Bearer tok-a' });
    assert.equal((await a.waitFor((e) => e.event === 'hello')).data.tenant, 'team-a');
    await fetch(`${sandbox.url}/v1/threads?workspaceId=2`, { headers: { 'Api-Token': 'tok-b' } });
    await fetch(`${sandbox.url}/v1/threads?workspaceId=1`, { headers: { 'Api-Token': 'tok-a' } });
    await fetch(`${sandbox.url}/v1/threads?workspaceId=abc`, { headers: { 'Api-Token': 'tok-a' } });
    const mine = await a.waitFor((e) => e.event === 'request' && e.data.query.workspaceId === '1');
    assert.deepEqual([mine.data.method, mine.data.path, mine.data.status, mine.data.tenant], ['GET', '/v1/threads', 200, 'team-a']);
    assert.equal(typeof mine.data.durationMs, 'number');
    assert.equal(mine.data.headers, undefined, 'no headers, not even redacted ones');
    const violation = await a.waitFor((e) => e.event === 'violation');
    assert.equal(violation.data.rule.name, 'workspaceId');
    await all.waitFor((e) => e.event === 'request' && e.data.tenant === 'team-b');
    assert.equal(a.events.filter((e) => e.event === 'request' && e.data.tenant !== 'team-a').length, 0, "no other tenant's request");

    await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: '{"kind":"delay","delayMs":1}' });
    assert.deepEqual((await a.waitFor((e) => e.event === 'changed')).data, { what: 'createFault', reload: false }, "the admin's changes reach every page");
    await fetch(`${sandbox.url}/__sandbox/requests`, { method: 'DELETE', headers: { Authorization: 'Bearer tok-b' } });
    assert.deepEqual((await all.waitFor((e) => e.event === 'changed' && e.data.what === 'clearRequests')).data.reload, true);
    await sandbox.reset();
    await a.waitFor((e) => e.event === 'changed' && e.data.what === 'resetSandbox');
    assert.equal(a.events.filter((e) => e.event === 'changed' && e.data.what === 'clearRequests').length, 0, "team-b's clearing is not told to team-a");
    all.close();
    a.close();
  });

  it('starts with the backlog, each request once', async () => {
    await sandbox.reset();
    for (let i = 0; i < 3; i++) await fetch(`${sandbox.url}/human/v0/threads?limit=${i + 1}`, { headers: { Authorization: 'Bearer tok-b' } });
    const b = await stream(sandbox, { Authorization: 'Bearer tok-b' });
    await b.waitFor((e) => e.event === 'request' && e.data.query.limit === '3');
    await fetch(`${sandbox.url}/human/v0/threads?limit=4`, { headers: { Authorization: 'Bearer tok-b' } });
    await b.waitFor((e) => e.event === 'request' && e.data.query.limit === '4');
    const ids = b.events.filter((e) => e.event === 'request').map((e) => e.data.id);
    assert.equal(ids.length, 4);
    assert.equal(new Set(ids).size, 4);
    b.close();
  });

  it(`holds at most ${MAX_LIVE_LISTENERS} streams; the journal has no listener once they are gone`, async () => {
    const open = await Promise.all(Array.from({ length: MAX_LIVE_LISTENERS }, () => stream(sandbox, admin)));
    assert.ok(open.every((s) => s.status === 200));
    const refused = await stream(sandbox, admin);
    assert.equal(refused.status, 503);
    assert.match(JSON.parse(await refused.text()).message, /Too many live pages/);
    for (const s of open) s.close();
    for (let i = 0; i < 100 && sandbox.services.live.listening; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(sandbox.services.live.listening, false, 'closed streams are forgotten: requests pay nothing again');
    const again = await stream(sandbox, admin);
    assert.equal(again.status, 200);
    again.close();
  });

  it('sends a heartbeat comment while nothing happens', async () => {
    const server = createServer((_req, res) => new EventStream(null, 20).open(res, [{ event: 'hello', data: '{}' }], () => true));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const s = await openStream(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const raw = s.text();
    await new Promise((r) => setTimeout(r, 150));
    server.closeAllConnections();
    server.close();
    const text = await raw;
    assert.match(text, /^event: hello\ndata: \{\}\n\n/);
    assert.ok((text.match(/^: ping$/gm) ?? []).length >= 2, text);
  });

  it("the sandbox's stop ends open streams at once", async () => {
    const own = await startSandbox({ port: 0, logLevel: 'silent' });
    const s = await stream(own, {});
    await s.waitFor((e) => e.event === 'hello');
    const started = performance.now();
    await own.stop();
    await s.ended;
    assert.ok(performance.now() - started < 1000, `stop took ${Math.round(performance.now() - started)} ms`);
  });
});
