// Credentials never reach the logs, the request journal or a response: every line the sandbox
// logged and every journal entry is searched for the tokens the requests used.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from '../../src/logger.js';
import { specPath } from '../../src/openapi/specs.js';
import { sandboxClient } from '../helpers/http.js';

const TOKENS = ['tok-alpha-5f3a9c', 'tok-beta-7d1e22', 'wrong-token-0b9f44', 'admin-secret-c81d0e'];

test('tokens, good and bad, appear in no log line, no journal entry and no response', async () => {
  let logged = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged += chunk.toString();
      done();
    },
  });
  const client = await sandboxClient(
    {
      logger: createLogger('trace', sink),
      adminToken: 'admin-secret-c81d0e',
      tenants: [
        { name: 'alpha', tokens: ['tok-alpha-5f3a9c'], workspaces: [1], inboxes: ['inbox-support'] },
        { name: 'beta', tokens: ['tok-beta-7d1e22'], workspaces: [2], inboxes: ['inbox-sales'] },
      ],
    },
    {},
  );
  const requests: [string, Record<string, string>][] = [
    ['/v1/threads', { 'Api-Token': 'tok-alpha-5f3a9c' }],
    ['/v1/threads?workspaceId=abc', { 'Api-Token': 'tok-beta-7d1e22' }],
    ['/v1/threads', { 'Api-Token': 'wrong-token-0b9f44' }],
    ['/v1/nowhere', { 'Api-Token': 'tok-alpha-5f3a9c' }],
    ['/human/v0/threads', { Authorization: 'Bearer tok-beta-7d1e22' }],
    ['/human/v0/threads?limit=0', { Authorization: 'Bearer tok-alpha-5f3a9c' }],
    ['/human/v0/threads', { Authorization: 'Bearer wrong-token-0b9f44' }],
    ['/human/v0/threads', { Authorization: 'Basic tok-alpha-5f3a9c' }],
    ['/human/v0/threads/thr_missing', { Authorization: 'Bearer tok-alpha-5f3a9c' }],
    ['/human/v0/threads', { Authorization: 'Bearer tok-alpha-5f3a9c', Prefer: 'code=500' }],
    ['/__sandbox/health', { Authorization: 'Bearer admin-secret-c81d0e' }],
    ['/__sandbox/requests', { Authorization: 'Bearer wrong-token-0b9f44' }],
    // Last: the control plane's view of the journal must be as clean as the journal itself.
    ['/__sandbox/requests', { Authorization: 'Bearer admin-secret-c81d0e' }],
  ];
  let responses = '';
  let last = 0;
  for (const [url, headers] of requests) {
    const res = await client.get(url, headers);
    responses += `${JSON.stringify(res.headers)} ${res.text}\n`;
    last = res.status;
  }
  if (existsSync(specPath('admin'))) assert.equal(last, 200, 'the control plane listed the journal');
  const journal = JSON.stringify(await client.services.journal.list());
  assert.ok(logged.includes('"url":"/v1/threads'), 'the logs were captured');
  assert.ok((await client.services.journal.list()).length >= 8, 'the journal recorded the calls');
  for (const token of TOKENS) {
    assert.equal(logged.includes(token), false, `a log line contains ${token}`);
    assert.equal(journal.includes(token), false, `the journal contains ${token}`);
    assert.equal(responses.includes(token), false, `a response contains ${token}`);
  }
});
