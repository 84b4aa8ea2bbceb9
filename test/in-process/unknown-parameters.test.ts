// In-process, an unknown query parameter fails assertNoViolations() with the suggestion; the
// option unknownParameters (startSandbox, the config file, the CLI's resolver) turns it into a 400.
import assert, { AssertionError } from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/index.js';
import { resolveOptions } from '../../src/options.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';

async function get(sandbox: Sandbox, path: string, headers: Record<string, string> = { 'Api-Token': 'tok', Authorization: 'Bearer tok' }) {
  const res = await fetch(`${sandbox.url}${path}`, { headers });
  return assertMatchesSpec('GET', path, { status: res.status, body: await res.json(), headers: Object.fromEntries(res.headers) });
}

describe('unknown query parameters in-process', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(() => sandbox.stop());

  it('assertNoViolations fails on each misspelling, naming the parameter, the operation and the suggestion', async () => {
    await get(sandbox, '/v1/threads?workspaceId=&start=0&total=1000&thread_token=&type=&sorting=');
    await sandbox.assertNoViolations();
    assert.equal((await get(sandbox, '/v1/threads?workspaceId=2&threadToken=tok-alpha')).status, 200);
    assert.equal((await get(sandbox, '/v1/threads?workspaceID=2')).status, 200);
    assert.equal((await get(sandbox, '/human/v0/threads?inboxId=inbox-sales')).status, 200);
    await assert.rejects(
      () => sandbox.assertNoViolations(),
      (e: Error) => {
        assert.ok(e instanceof AssertionError);
        assert.match(e.message, /^3 requests broke the API contract/);
        assert.match(e.message, /GET \/v1\/threads -> 200: `threadToken`: not a parameter of listExecutionThreads; did you mean `thread_token`\?/);
        assert.match(e.message, /`workspaceID`: not a parameter of listExecutionThreads; did you mean `workspaceId`\?/);
        assert.match(e.message, /GET \/human\/v0\/threads -> 200: `inboxId`: not a parameter of listThreads; did you mean `inbox_id`\?/);
        return true;
      },
    );
    assert.deepEqual(
      (await sandbox.violations()).map((v) => [v.kind, v.operationId, v.rule.name, v.rule.suggestion]),
      [
        ['unknown-parameter', 'listExecutionThreads', 'threadToken', 'thread_token'],
        ['unknown-parameter', 'listExecutionThreads', 'workspaceID', 'workspaceId'],
        ['unknown-parameter', 'listThreads', 'inboxId', 'inbox_id'],
      ],
    );
    await sandbox.reset();
    await sandbox.assertNoViolations();
  });
});

describe('the option unknownParameters', () => {
  it('startSandbox({ unknownParameters: "error" }) answers 400 in each API shape', async () => {
    const sandbox = await startSandbox({ unknownParameters: 'error' });
    try {
      const v1 = await get(sandbox, '/v1/threads?threadToken=tok-alpha');
      assert.deepEqual([v1.status, v1.body], [400, { message: '`threadToken`: not a parameter of listExecutionThreads; did you mean `thread_token`?' }]);
      const v0 = await get(sandbox, '/human/v0/threads?inboxId=inbox-sales');
      assert.deepEqual([v0.status, v0.body], [400, { name: 'ValidationError', message: '`inboxId`: not a parameter of listThreads; did you mean `inbox_id`?' }]);
      assert.equal((await get(sandbox, '/human/v0/threads?inbox_id=inbox-sales')).status, 200);
      await assert.rejects(() => sandbox.assertNoViolations(), /2 requests broke the API contract/);
    } finally {
      await sandbox.stop();
    }
  });

  it('the config file sets it, flags and variables override it, and a bad value is refused naming the choices', async () => {
    const config = join(await mkdtemp(join(tmpdir(), 'unknown-parameters-')), 'config.json');
    await writeFile(config, JSON.stringify({ unknownParameters: 'error' }));
    const sandbox = await startSandbox({ config });
    try {
      assert.equal((await get(sandbox, '/v1/threads?threadToken=a')).status, 400);
    } finally {
      await sandbox.stop();
    }
    await writeFile(config, JSON.stringify({ unknownParameters: 'strict' }));
    await assert.rejects(startSandbox({ config }), /unknownParameters must be equal to one of the allowed values/);
    await assert.rejects(startSandbox({ unknownParameters: 'fail' as 'error' }), /unknown parameters must be report or error, got 'fail'/);
    assert.equal(resolveOptions({}).unknownParameters, 'report');
    assert.equal(resolveOptions({ env: { SANDBOX_UNKNOWN_PARAMETERS: 'error' } }).unknownParameters, 'error');
    assert.equal(resolveOptions({ env: { SANDBOX_UNKNOWN_PARAMETERS: 'error' }, flags: { unknownParameters: 'report' } }).unknownParameters, 'report');
    assert.throws(() => resolveOptions({ flags: { unknownParameters: 'ERROR' } }), /unknown parameters must be report or error, got 'ERROR'/);
  });
});
