// serve --unknown-parameters: the flag reaches the server, and --fail-on-violations counts a
// misspelled parameter with its suggestion, so a CI job whose client sent one fails.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { startCli } from '../helpers/cli.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';

async function get(url: string, path: string, headers: Record<string, string>) {
  const res = await fetch(url + path, { headers });
  return assertMatchesSpec('GET', path, { status: res.status, body: await res.json(), headers: Object.fromEntries(res.headers) });
}

it('--unknown-parameters error answers 400, and --fail-on-violations names the parameter and the suggestion', { timeout: 120_000 }, async () => {
  const cli = await startCli(['--in-memory', '--fail-on-violations', '--unknown-parameters', 'error']);
  const refused = await get(cli.url, '/v1/threads?workspaceId=2&threadToken=tok-alpha', { 'Api-Token': 't' });
  assert.deepEqual([refused.status, refused.body], [400, { message: '`threadToken`: not a parameter of listExecutionThreads; did you mean `thread_token`?' }]);
  assert.equal((await get(cli.url, '/human/v0/threads?inboxId=inbox-sales', { Authorization: 'Bearer t', Prefer: 'unknown-parameters=report' })).status, 200);
  cli.child.kill('SIGTERM');
  assert.equal((await cli.exited).code, 1);
  assert.match(cli.output(), /2 contract violations during this run \(2 distinct\)/);
  assert.match(cli.output(), /1 x GET listExecutionThreads -> 400: `threadToken`: not a parameter of listExecutionThreads; did you mean `thread_token`\?/);
  assert.match(cli.output(), /1 x GET listThreads -> 200: `inboxId`: not a parameter of listThreads; did you mean `inbox_id`\? .*\[query 'inboxId', parameter\]/);
});
