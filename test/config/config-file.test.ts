import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigFileError, findConfigProblem, loadConfigFile, resolveOptionsWithConfig } from '../../src/config-file.js';
import { DEFAULTS } from '../../src/options.js';
import { fileURLToPath } from 'node:url';
import { runCli, startCli } from '../helpers/cli.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';

const folder = await mkdtemp(join(tmpdir(), 'sandbox-config-'));
const EXAMPLE = new URL('../../sandbox.config.example.json', import.meta.url);

async function configFile(name: string, content: unknown): Promise<string> {
  const file = join(folder, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

test('the example config file validates against the published schema', async () => {
  const example = JSON.parse(await readFile(EXAMPLE, 'utf8')) as { $schema: string };
  assert.equal(findConfigProblem(example), null);
  assert.equal(example.$schema, './sandbox.config.schema.json');
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { files: string[] };
  assert.ok(pkg.files.includes('sandbox.config.schema.json'), 'the schema is published with the package');
});

test('a config file sets tenants, the admin token, the default workspace and limits', async () => {
  const file = await configFile('full.json', {
    tenants: [{ name: 'team-a', tokens: ['tok-a'], workspaces: [7], inboxes: ['inbox-a'] }, { name: 'team-b', tokens: ['tok-b'] }],
    adminToken: 'admin-secret',
    defaultWorkspace: 4,
    limits: { bodyLimitBytes: 2048, requestTimeoutMs: 5000, journalSize: 10, corsOrigins: ['http://localhost:3000'] },
  });
  const options = await resolveOptionsWithConfig({ flags: { config: file }, env: {} });
  assert.deepEqual(options.tenants, [
    { name: 'team-a', tokens: ['tok-a'], workspaces: [7], inboxes: ['inbox-a'] },
    { name: 'team-b', tokens: ['tok-b'], workspaces: [], inboxes: [] },
  ]);
  assert.equal(options.adminToken, 'admin-secret');
  assert.equal(options.defaultWorkspace, 4);
  assert.equal(options.bodyLimitBytes, 2048);
  assert.equal(options.requestTimeoutMs, 5000);
  assert.equal(options.journalSize, 10);
  assert.deepEqual(options.corsOrigins, ['http://localhost:3000']);
  assert.equal(options.port, DEFAULTS.port, 'what the file does not set keeps its default');
});

test('precedence is defaults, then the config file, then the environment, then flags', async () => {
  const file = await configFile('limits.json', { limits: { journalSize: 10, requestTimeoutMs: 5000, bodyLimitBytes: 4096 } });
  const options = await resolveOptionsWithConfig({
    flags: { requestTimeoutMs: '7000' },
    env: { SANDBOX_CONFIG: file, SANDBOX_REQUEST_TIMEOUT_MS: '6000', SANDBOX_BODY_LIMIT: '8192' },
  });
  assert.equal(options.journalSize, 10, 'config over default');
  assert.equal(options.bodyLimitBytes, 8192, 'environment over config');
  assert.equal(options.requestTimeoutMs, 7000, 'flag over environment and config');
});

const invalid: [string, unknown, RegExp][] = [
  ['not JSON', '{"tenants": [', /is not valid JSON/],
  ['an unknown top-level key', { tenant: [] }, /unknown property 'tenant'/],
  ['a tenant without tokens', { tenants: [{ name: 'a', tokens: [] }] }, /\/tenants\/0\/tokens must NOT have fewer than 1 items/],
  ['a tenant without a name', { tenants: [{ tokens: ['x'] }] }, /\/tenants\/0 is missing the property 'name'/],
  ['a workspace that is not an integer', { tenants: [{ name: 'a', tokens: ['x'], workspaces: ['1'] }] }, /\/tenants\/0\/workspaces\/0 must be integer/],
  ['a limit out of range', { limits: { bodyLimitBytes: 0 } }, /\/limits\/bodyLimitBytes must be >= 1/],
  ['two tenants with one token', { tenants: [{ name: 'a', tokens: ['same-token'] }, { name: 'b', tokens: ['same-token'] }] }, /a token of tenant 'b' is also a token of tenant 'a'/],
  ['two tenants with one name', { tenants: [{ name: 'a', tokens: ['x'] }, { name: 'a', tokens: ['y'] }] }, /'a' is used by two tenants/],
];

for (const [what, content, problem] of invalid) {
  test(`a config file with ${what} is rejected with a message naming the file and the problem`, async () => {
    const file = await configFile(`${what.replaceAll(' ', '-')}.json`, content);
    await assert.rejects(loadConfigFile(file), (error: Error) => {
      assert.ok(error instanceof ConfigFileError);
      assert.ok(error.message.includes(file), error.message);
      assert.match(error.message, problem);
      assert.doesNotMatch(error.message, /same-token/, 'tokens never appear in messages');
      return true;
    });
  });
}

test('a missing config file is reported with its name', async () => {
  const file = join(folder, 'absent.json');
  await assert.rejects(loadConfigFile(file), (error: Error) => error instanceof ConfigFileError && error.message.includes(file) && /cannot be read/.test(error.message));
});

test('the CLI exits non-zero and names the config file and the problem when it is invalid', async () => {
  const file = await configFile('cli-invalid.json', { tenants: [{ name: 'a', tokens: ['x'], inboxes: [1] }] });
  const result = await runCli(['serve', '--in-memory', '--port', '0', '--config', file]);
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, new RegExp(`config file ${file.replaceAll('/', '\\/')}: .*\\/tenants\\/0\\/inboxes\\/0 must be string`));
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
});

test('the shipped example config works with the bundled fixtures: each tenant sees its own data', { timeout: 60_000 }, async () => {
  const cli = await startCli(['--in-memory', '--config', fileURLToPath(EXAMPLE)]);
  try {
    const teamA = await fetch(`${cli.url}/v1/threads?workspaceId=1`, { headers: { 'Api-Token': 'tok-a' } });
    const a = await assertMatchesSpec('GET', '/v1/threads?workspaceId=1', { status: teamA.status, body: (await teamA.json()) as { totalCount: number }, headers: Object.fromEntries(teamA.headers) });
    assert.equal(a.body.totalCount, 1);
    const teamB = await fetch(`${cli.url}/human/v0/threads?limit=50`, { headers: { Authorization: 'Bearer tok-b-ci' } });
    const b = await assertMatchesSpec('GET', '/human/v0/threads?limit=50', { status: teamB.status, body: (await teamB.json()) as { threads: { inbox_id: string }[] }, headers: Object.fromEntries(teamB.headers) });
    assert.ok(b.body.threads.length > 0, 'team-b sees the threads of its inbox');
    assert.ok(b.body.threads.every((t) => t.inbox_id === 'inbox-sales'));
  } finally {
    cli.child.kill('SIGTERM');
    await cli.exited;
  }
  assert.doesNotMatch(cli.output(), /owns .* none of which the data holds/);
});

test('a tenant that owns nothing the data holds is named once in a warning at start', { timeout: 60_000 }, async () => {
  const file = await configFile('ghost.json', {
    tenants: [
      { name: 'team-a', tokens: ['tok-a'], workspaces: [1], inboxes: ['inbox-a'] },
      { name: 'ghost', tokens: ['tok-g'], workspaces: [99], inboxes: ['inbox-nowhere'] },
    ],
  });
  const cli = await startCli(['--in-memory', '--config', file, '--log-level', 'warn']);
  cli.child.kill('SIGTERM');
  await cli.exited;
  const warnings = cli.output().split('\n').filter((l) => /none of which the data holds/.test(l));
  assert.equal(warnings.length, 1, cli.output());
  const entry = JSON.parse(warnings[0] ?? '') as { level: number; tenant: string; msg: string };
  assert.equal(entry.level, 40);
  assert.equal(entry.tenant, 'ghost');
  assert.equal(entry.msg, 'tenant ghost owns workspaces 99 and inboxes inbox-nowhere, none of which the data holds: its lists are empty until records are created there');
});
