// The start banner: where both APIs are with one request each, the docs, the control plane, the
// data and the tokens accepted; never a token's value.
import { createLogger } from '../../src/logger.js';
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { bannerFields, formatBanner, type BannerInput } from '../../src/banner.js';
import { DEFAULTS } from '../../src/options.js';

const url = 'http://127.0.0.1:8160';
const data = { file: './data/db.json', source: 'created from the bundled fixtures', executionThreads: 1, threads: 3 };
const input = (options: Partial<BannerInput['options']> = {}): BannerInput => ({ version: '1.2.3', url, data, options: { ...DEFAULTS, ...options } });

it('names both APIs with a request each, /docs, the control plane, the data and its counts', () => {
  const banner = formatBanner(input());
  assert.match(banner, /^thread-sandbox 1\.2\.3 listening on http:\/\/127\.0\.0\.1:8160$/m);
  assert.ok(banner.includes(`curl -H 'Api-Token: any' '${url}/v1/threads?workspaceId=1'`));
  assert.ok(banner.includes(`curl -H 'Authorization: Bearer any' '${url}/human/v0/threads?limit=2'`));
  assert.ok(banner.includes(`${url}/docs`));
  assert.match(banner, /Control plane +http:\/\/127\.0\.0\.1:8160\/__sandbox\/ +\(live page; open: loopback only, no admin token\)/);
  assert.match(banner, /Data +\.\/data\/db\.json: created from the bundled fixtures/);
  assert.match(banner, /Records +1 execution thread, 3 threads/);
  assert.match(banner, /Tokens +any non-empty Api-Token \(v1\) or bearer token \(v0\)/);
});

it('with tenants it names them and counts their tokens, never printing one', () => {
  const banner = formatBanner(input({ adminToken: 'admin-secret', adminPrefix: '/ops', tenants: [{ name: 'team-a', tokens: ['tok-a1', 'tok-a2'], workspaces: [], inboxes: [] }, { name: 'team-b', tokens: ['tok-b'], workspaces: [], inboxes: [] }] }));
  assert.match(banner, /Tokens +the 3 tokens of 2 tenants \(team-a, team-b\) from the config/);
  assert.match(banner, /Control plane +http:\/\/127\.0\.0\.1:8160\/ops\/ +\(live page; bearer admin token required\)/);
  assert.ok(banner.includes("Api-Token: <token>"), 'the example does not pretend any token works');
  for (const secret of ['tok-a1', 'tok-a2', 'tok-b', 'admin-secret']) assert.ok(!banner.includes(secret), `${secret} printed`);
});

it('in memory, and beyond loopback without an admin token, it says so', () => {
  const banner = formatBanner({ ...input({ host: '0.0.0.0' }), data: { source: 'in memory, from seed 3 (2 execution threads, 1 thread)', executionThreads: 2, threads: 1 } });
  assert.match(banner, /Data +in memory, from seed 3/);
  assert.match(banner, /\(disabled beyond loopback without --admin-token; health and ready stay open\)/);
});

it('off a terminal the same facts are log fields, still without a token', () => {
  const fields = bannerFields(input({ tenants: [{ name: 'team-a', tokens: ['tok-a1'], workspaces: [], inboxes: [] }] }));
  assert.deepEqual(fields, {
    url,
    v1: `${url}/v1/threads`,
    v0: `${url}/human/v0/threads`,
    docs: `${url}/docs`,
    controlPlane: `${url}/__sandbox/  (live page; open: loopback only, no admin token)`,
    data: './data/db.json',
    source: 'created from the bundled fixtures',
    executionThreads: 1,
    threads: 3,
    acceptedTokens: 'the 1 token of 1 tenant (team-a) from the config',
  });
});

it('the JSON listening line says which tokens are accepted: the logger redacts no field of it', () => {
  const lines: string[] = [];
  const log = createLogger('info', { write: (line: string) => void lines.push(line) });
  const fields = bannerFields(input({ tenants: [{ name: 'team-a', tokens: ['tok-a1'], workspaces: [], inboxes: [] }] }));
  log.info(fields, 'listening');
  const logged = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) assert.equal(logged[key], value, key);
  assert.doesNotMatch(lines[0] ?? '', /tok-a1/);
});
