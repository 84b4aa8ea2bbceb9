// Hostile input, generated: raw requests to every operation of the APIs. Whatever arrives, the
// sandbox answers below 500, without a stack trace, with a response its spec allows, and stays
// healthy. FUZZ_RUNS sets the requests per operation (`npm run fuzz` sends many more).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { STACK_FRAME, hostileHeaderValue, hostilePrefer, hostileQuery, hostileValue, wireSafe } from '../helpers/hostile.js';
import { rawClient, type RawRequest } from '../helpers/raw-http.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 700);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

let sandbox: Sandbox;
let client: ReturnType<typeof rawClient>;
let threadId: string;
let pageToken: string;
let sent = 0;

before(async () => {
  sandbox = await startSandbox({
    seed: 9,
    executionThreads: 300,
    threads: 60,
    tenants: [
      { name: 'a', tokens: ['tok-a'], workspaces: [1, 2], inboxes: [] },
      { name: 'b', tokens: ['tok-b'], workspaces: [3], inboxes: [] },
    ],
  });
  client = rawClient(sandbox.url);
  const [first] = sandbox.store.threads.all();
  threadId = first?.thread_id ?? 'thr_none';
  // Tenants above see no inbox; a token-free walk needs a sandbox without tenants, so cursors are
  // made by the same code path the handler uses: ask the open store for one page.
  const open = await startSandbox({ seed: 9, executionThreads: 1, threads: 60 });
  const res = await fetch(`${open.url}/human/v0/threads?limit=2`, { headers: { Authorization: 'Bearer x' } });
  pageToken = ((await res.json()) as { next_page_token: string }).next_page_token;
  await open.stop();
});

after(async () => {
  client.close();
  await sandbox.stop();
  process.stderr.write(`fuzz: ${sent} generated requests\n`);
});

async function check(r: RawRequest): Promise<void> {
  try {
    await checkOne(r);
  } catch (error) {
    // fast-check prints the (possibly huge) counterexample; say what went wrong in a readable line.
    process.stderr.write(`fuzz failure: ${String((error as Error).message).replace(/(.)\1{20,}/g, '$1…').slice(0, 1500)}\n`);
    throw error;
  }
}

async function checkOne(r: RawRequest): Promise<void> {
  sent++;
  const res = await client.send(r);
  const where = `${r.method} ${r.path.replace(/(.)\1{20,}/g, '$1…').slice(0, 400)} -> ${res.status}`;
  assert.ok(res.status < 500, `${where}: a 5xx nobody asked for: ${res.text.slice(0, 300)}`);
  assert.doesNotMatch(res.text, STACK_FRAME, `${where}: looks like a stack trace`);
  await assertMatchesSpec(r.method, r.path, res);
}

const v1Auth = fc.option(fc.oneof(fc.constantFrom('tok-a', 'tok-b', 'tok-unknown'), hostileHeaderValue), { nil: undefined });
const v0Auth = fc.option(fc.oneof(fc.constantFrom('Bearer tok-a', 'Bearer tok-b', 'Bearer tok-unknown'), hostileHeaderValue), { nil: undefined });
const extraHeaders = fc.record({ prefer: hostilePrefer, long: fc.option(hostileHeaderValue, { nil: undefined }) });

function headers(auth: [string, string | undefined], extra: { prefer: string | undefined; long: string | undefined }): Record<string, string> {
  const out: Record<string, string> = {};
  if (auth[1] !== undefined) out[auth[0]] = auth[1];
  if (extra.prefer !== undefined) out.prefer = extra.prefer;
  if (extra.long !== undefined) out['x-fuzz'] = extra.long;
  return out;
}

const params = { numRuns: RUNS, seed: SEED, endOnFailure: true };

async function assertHealthy(): Promise<void> {
  const res = await client.send({ method: 'GET', path: '/v1/threads?workspaceId=-1', headers: { 'api-token': 'tok-a' } });
  assert.equal(res.status, 200);
  await assertMatchesSpec('GET', '/v1/threads', res);
}

test('GET /v1/threads survives generated hostile queries and headers', { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(hostileQuery(['workspaceId', 'start', 'total', 'thread_token', 'type', 'sorting']), v1Auth, extraHeaders, async (q, auth, extra) => {
      await check({ method: 'GET', path: `/v1/threads?${q}`, headers: headers(['api-token', auth], extra) });
    }),
    params,
  );
  await assertHealthy();
});

test('GET /human/v0/threads survives generated hostile queries, page tokens and headers', { timeout: 600_000 }, async () => {
  const tokens = fc.oneof(hostileValue, fc.constantFrom(pageToken, `${pageToken}x`, pageToken.slice(0, -2), pageToken.toUpperCase(), pageToken.replace(/.$/, 'A')).map(wireSafe));
  const query = fc.tuple(hostileQuery(['inbox_id', 'limit', 'page_token']), fc.option(tokens, { nil: undefined })).map(([q, t]) => (t === undefined ? q : `${q}&page_token=${encodeURIComponent(t).slice(0, 2_000)}`));
  await fc.assert(
    fc.asyncProperty(query, v0Auth, extraHeaders, async (q, auth, extra) => {
      await check({ method: 'GET', path: `/human/v0/threads?${q}`, headers: headers(['authorization', auth], extra) });
    }),
    params,
  );
  await assertHealthy();
});

test('GET /human/v0/threads/{thread_id} survives generated hostile ids, queries and headers', { timeout: 600_000 }, async () => {
  const id = fc.oneof(
    fc.constant(threadId),
    hostileValue.filter((v) => v !== '').map((v) => wireSafe(v).slice(0, 1_500).replaceAll('/', '%2F').replaceAll('?', '%3F').replaceAll('#', '%23')),
    fc.constantFrom('%2F', '..', '.', '%2e%2e', '%00', 'thr_' + '9'.repeat(300), '__proto__', 'constructor'),
  );
  await fc.assert(
    fc.asyncProperty(id, hostileQuery(['inbox_id', 'limit']), v0Auth, extraHeaders, async (segment, q, auth, extra) => {
      await check({ method: 'GET', path: `/human/v0/threads/${segment}?${q}`, headers: headers(['authorization', auth], extra) });
    }),
    params,
  );
  await assertHealthy();
});
