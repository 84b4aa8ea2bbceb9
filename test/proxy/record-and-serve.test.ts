// The sandbox itself as the provider: requests through the proxy reach it unchanged and come back
// marked `Sandbox-Contract: ok`; the recording, served by a new sandbox, answers those requests
// the same way.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadFixtures, DEFAULT_FIXTURES } from '../../src/fixtures.js';
import { startProxy, type Proxy } from '../../src/proxy/proxy-server.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { findDatabaseProblem } from '../../src/store/db-schema.js';
import { fetchChecked, type Fetched } from './fetch-checked.js';

// Sorted and filtered lists first: the recording must still keep the provider's creation order.
const V1_REQUESTS = [
  '/v1/threads?workspaceId=2&sorting=-CreatedAt',
  '/v1/threads?workspaceId=2&sorting=Type%20asc,ThreadToken%20desc',
  '/v1/threads?workspaceId=2&start=2&total=3',
  '/v1/threads?workspaceId=2&type=Manual',
  '/v1/threads?workspaceId=3&thread_token=tok-alpha',
  '/v1/threads',
  '/v1/threads?workspaceId=1',
  '/v1/threads?workspaceId=2',
  '/v1/threads?workspaceId=3',
  '/v1/threads?workspaceId=4',
];

const V0_LISTS = ['/human/v0/threads?limit=100', '/human/v0/threads', '/human/v0/threads?inbox_id=inbox-sales&limit=4'];

describe('the proxy in front of a sandbox, recording', () => {
  let provider: Sandbox;
  let proxy: Proxy;
  let replay: Sandbox;
  let dir: string;
  /** url -> what the proxy answered */
  const answered = new Map<string, Fetched>();
  /** What the provider's journal held once the proxy was done. */
  let forwarded: { method: string; path: string; status: number }[];

  before(async () => {
    [provider, dir] = await Promise.all([startSandbox({ journalSize: 10_000 }), mkdtemp(join(tmpdir(), 'proxy-record-'))]);
    proxy = await startProxy({ target: provider.url });
    const through = async (url: string) => {
      const answer = await fetchChecked(proxy.url, url);
      answered.set(url, answer);
      return answer;
    };
    for (const url of [...V1_REQUESTS, ...V0_LISTS]) await through(url);
    // Follow a cursor walk to its end, and read every thread by id (a get records all its messages).
    let page = answered.get('/human/v0/threads?inbox_id=inbox-sales&limit=4')!.body;
    while (page.next_page_token) page = (await through(`/human/v0/threads?inbox_id=inbox-sales&limit=4&page_token=${encodeURIComponent(page.next_page_token)}`)).body;
    for (const t of answered.get('/human/v0/threads?limit=100')!.body.threads) await through(`/human/v0/threads/${encodeURIComponent(t.thread_id)}`);
    await through('/human/v0/threads/no-such-thread');
    forwarded = await provider.services.journal.list();

    const file = join(dir, 'recorded.json');
    await writeFile(file, JSON.stringify(proxy.recording()));
    replay = await startSandbox({ inMemory: false, data: file });
  });
  after(async () => {
    await Promise.all([proxy?.stop(), replay?.stop()]);
    await provider?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('passes every request through unchanged and marks each answer Sandbox-Contract: ok', async () => {
    for (const [url, answer] of answered) {
      assert.equal(answer.contract, 'ok', `${url}: ${JSON.stringify(proxy.exchanges().find((e) => e.url === url)?.violations)}`);
      const direct = await fetchChecked(provider.url, url);
      assert.equal(answer.status, direct.status, url);
      assert.equal(answer.text, direct.text, url);
      assert.match(answer.headers['content-type'] ?? '', /^application\/json/);
    }
    assert.deepEqual(proxy.totals(), { requests: answered.size, broken: 0, consumer: 0, provider: 0, unchecked: 0 });
  });

  it('sends the provider each request once, as a GET with the credentials', () => {
    assert.equal(forwarded.length, answered.size);
    assert.deepEqual(
      forwarded.map((e) => e.path),
      [...answered.keys()].map((url) => decodeURIComponent(url.split('?')[0] as string)),
    );
    assert.ok(forwarded.every((e) => e.method === 'GET' && e.status !== 401), 'a forwarded request lost its credentials');
  });

  it('records a database the store loads, with every thread and message the provider has', async () => {
    const recorded = proxy.recording();
    assert.equal(findDatabaseProblem(recorded), null);
    const fixtures = await loadFixtures(DEFAULT_FIXTURES);
    const byId = <T extends { thread_id: string }>(list: T[]) => [...list].sort((a, b) => a.thread_id.localeCompare(b.thread_id));
    assert.deepEqual(byId(recorded.threads), byId(fixtures.threads));
    // Ids only order threads within a workspace: compare each workspace's list in id order.
    const byWorkspace = (db: typeof recorded) => {
      const out = new Map<number, unknown[]>();
      for (const { id: _id, ...item } of [...db.executionThreads].sort((a, b) => a.id - b.id)) out.set(item.workspaceId, [...(out.get(item.workspaceId) ?? []), item]);
      return Object.fromEntries([...out].sort(([a], [b]) => a - b));
    };
    assert.deepEqual(byWorkspace(recorded), byWorkspace(fixtures), "each workspace's execution threads in the provider's creation order");
    assert.deepEqual(proxy.recordingStats(), { executionThreads: fixtures.executionThreads.length, threads: fixtures.threads.length, messages: 85, incompleteThreads: 0, skipped: [], skippedCount: 0 });
  });

  it('serves the recording with the same answers to the recorded requests', async () => {
    for (const [url, answer] of answered) {
      const served = await fetchChecked(replay.url, url);
      assert.equal(served.status, answer.status, url);
      assert.deepEqual(served.body, answer.body, url);
    }
  });
});
