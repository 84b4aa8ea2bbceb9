// serve --fail-on-violations: a CI service container fails the job whose client misused the API.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startCli } from '../helpers/cli.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';

async function get(url: string, path: string, headers: Record<string, string>) {
  const res = await fetch(url + path, { headers });
  return assertMatchesSpec('GET', path, { status: res.status, body: await res.json(), headers: Object.fromEntries(res.headers) });
}

describe('serve --fail-on-violations', () => {
  it('prints a summary at stop and exits 1 when a request broke the contract, even after a reset', async () => {
    const cli = await startCli(['--in-memory', '--fail-on-violations']);
    assert.equal((await get(cli.url, '/v1/threads?type=Robot', { 'Api-Token': 't' })).status, 400);
    assert.equal((await get(cli.url, '/v1/threads?type=Robot', { 'Api-Token': 't' })).status, 400);
    assert.equal((await get(cli.url, '/human/v0/threads', {})).status, 401);
    await fetch(`${cli.url}/__sandbox/reset`, { method: 'POST' });
    cli.child.kill('SIGTERM');
    const { code } = await cli.exited;
    assert.equal(code, 1);
    assert.match(cli.output(), /3 contract violations during this run \(2 distinct\)/);
    assert.match(cli.output(), /2 x GET listExecutionThreads -> 400: query parameter 'type' must be one of: Manual, BrowserInstance/);
    assert.match(cli.output(), /1 x GET listThreads -> 401/);
  });

  it('exits 0 and says so when every request kept the contract', async () => {
    const cli = await startCli(['--in-memory'], { SANDBOX_FAIL_ON_VIOLATIONS: '1' });
    assert.equal((await get(cli.url, '/v1/threads', { 'Api-Token': 't' })).status, 200);
    cli.child.kill('SIGTERM');
    assert.equal((await cli.exited).code, 0);
    assert.match(cli.output(), /no contract violations during this run/);
  });

  it('without the flag, violations do not change the exit code', async () => {
    const cli = await startCli(['--in-memory']);
    await get(cli.url, '/v1/threads', {});
    cli.child.kill('SIGTERM');
    assert.equal((await cli.exited).code, 0);
    assert.doesNotMatch(cli.output(), /contract violation/);
  });
});
