// startSandbox() checks its options the way the CLI checks flags: the same resolver, the same
// limits, the same config file rules. A bad option rejects before anything listens.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { OptionsError, startSandbox, type StartOptions } from '../../src/index.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';

async function checkedGet(url: string, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}${path}`, { headers });
  return assertMatchesSpec('GET', path, { status: res.status, body: await res.json(), headers: Object.fromEntries(res.headers) });
}

const refusals: [string, StartOptions, RegExp][] = [
  ['an admin prefix without a leading slash', { adminPrefix: 'admin' }, /admin prefix must start with \//],
  ['a negative journal size', { journalSize: -1 }, /option journalSize must be between 0 and 1000000, got -1/],
  ['a port out of range', { port: 70000 }, /option port must be between 0 and 65535/],
  ['a port given as text', { port: '8160' as unknown as number }, /option port must be an integer, got "8160"/],
  ['counts without a seed', { executionThreads: 10 }, /executionThreads and threads need the option seed/],
  ['a missing config file', { config: '/nonexistent/sandbox.config.json' }, /config file \/nonexistent\/sandbox\.config\.json: cannot be read/],
  ['an unknown log level', { logLevel: 'loud' as 'info' }, /log level must be one of/],
  ['an unknown option', { prot: 1 } as unknown as StartOptions, /unknown option 'prot'/],
  ['a tenant without tokens', { tenants: [{ name: 'a' }] } as unknown as StartOptions, /option tenants: .*tokens/],
];

describe('startSandbox() refuses what the CLI refuses', () => {
  for (const [what, options, message] of refusals) {
    it(`refuses ${what}`, async () => {
      await assert.rejects(startSandbox(options), (e: Error) => e instanceof OptionsError && message.test(e.message));
    });
  }

  it('reads the config file it is given, below the options given directly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'start-options-'));
    const config = join(dir, 'sandbox.config.json');
    await writeFile(config, JSON.stringify({ adminToken: 'from-config', limits: { journalSize: 2 } }));
    const sandbox = await startSandbox({ config, journalSize: 3 });
    try {
      const denied = await checkedGet(sandbox.url, '/__sandbox/requests');
      assert.equal(denied.status, 401, 'the admin token from the config file is required');
      for (let i = 0; i < 5; i++) assert.equal((await checkedGet(sandbox.url, '/v1/threads', { 'Api-Token': 't' })).status, 200);
      assert.equal((await sandbox.journal()).length, 3, 'journalSize given directly wins over the config file');
    } finally {
      await sandbox.stop();
    }
  });
});

describe('startSandbox() tenants', () => {
  it('a tenant that owns only workspaces may leave out inboxes, as in a config file', async () => {
    const tenants = [{ name: 'v1-only', tokens: ['tok-v1'], workspaces: [2] }] as unknown as StartOptions['tenants'];
    const sandbox = await startSandbox({ tenants });
    try {
      const own = await checkedGet(sandbox.url, '/v1/threads?workspaceId=2', { 'Api-Token': 'tok-v1' });
      assert.equal(own.status, 200);
      const inboxes = await checkedGet(sandbox.url, '/human/v0/threads', { Authorization: 'Bearer tok-v1' });
      assert.deepEqual([inboxes.status, (inboxes.body as { threads: unknown[] }).threads], [200, []]);
    } finally {
      await sandbox.stop();
    }
  });
});

describe('startSandbox() options by the CLI\'s names (issue 25)', () => {
  it('accepts the CLI\'s long names in camelCase: bodyLimit is bodyLimitBytes', async () => {
    const sandbox = await startSandbox({ bodyLimit: 64, requestTimeout: 5000 });
    try {
      const res = await fetch(`${sandbox.url}/__sandbox/execution-threads`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ workspaceId: 1, threadToken: 'x'.repeat(100) }) });
      const checked = await assertMatchesSpec('POST', '/__sandbox/execution-threads', { status: res.status, body: await res.json(), headers: Object.fromEntries(res.headers) });
      assert.equal(checked.status, 413, 'a 100-byte body is over bodyLimit: 64');
    } finally {
      await sandbox.stop();
    }
  });

  it('refuses both names of one option', async () => {
    await assert.rejects(startSandbox({ bodyLimit: 64, bodyLimitBytes: 128 }), (e: Error) => e instanceof OptionsError && /options bodyLimit and bodyLimitBytes are the same option/.test(e.message));
  });

  it('an unknown option names the closest one', async () => {
    await assert.rejects(startSandbox({ bodyLimt: 64 } as unknown as StartOptions), (e: Error) => e instanceof OptionsError && /unknown option 'bodyLimt' \(did you mean bodyLimit\?\)/.test(e.message));
    await assert.rejects(startSandbox({ adminTokn: 'x' } as unknown as StartOptions), (e: Error) => e instanceof OptionsError && /did you mean adminToken\?/.test(e.message));
  });

  it('a port in use rejects with an OptionsError naming the port', async () => {
    const first = await startSandbox();
    try {
      await assert.rejects(startSandbox({ port: first.port, host: '127.0.0.1' }), (e: Error) => e instanceof OptionsError && e.message.includes(`port ${first.port} on 127.0.0.1 is already in use`));
    } finally {
      await first.stop();
    }
  });
});
