// Hostile input for every operation of the control plane, generated from its spec: hostile path
// parameters and queries, and bodies that are not JSON, too large, deeply nested, random JSON or
// the operation's own fields with hostile values and prototype keys. Never a 5xx, never a stack
// trace, always what the spec allows, no prototype pollution, and the process healthy after.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { loadSpec, specPath } from '../../src/openapi/specs.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { STACK_FRAME, hostileHeaderValue, hostileQuery, hostileValue, wireSafe } from '../helpers/hostile.js';
import { rawClient, type RawRequest } from '../helpers/raw-http.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';

const RUNS = Number(process.env.FUZZ_ADMIN_RUNS ?? process.env.FUZZ_RUNS ?? 400);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const BODY_LIMIT = 8192;
const ADMIN_TOKEN = 'fuzz-admin-token';
const hasAdmin = existsSync(specPath('admin'));

interface AdminOperation {
  id: string;
  method: string;
  template: string;
  query: string[];
  /** Top-level fields of the request body, when the operation takes one. */
  fields: string[] | null;
}

type Schema = { $ref?: string; properties?: Record<string, unknown> };
type Spec = {
  paths: Record<string, Record<string, { operationId: string; parameters?: ({ name: string; in: string } | { $ref: string })[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema>; parameters?: Record<string, { name: string; in: string }> };
};

function operations(): AdminOperation[] {
  const spec = loadSpec('admin') as unknown as Spec;
  const deref = <T>(x: T | { $ref: string }, where: Record<string, T> | undefined): T => ('$ref' in (x as object) ? (where?.[String((x as { $ref: string }).$ref).split('/').pop() as string] as T) : (x as T));
  const out: AdminOperation[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      // An accepted event stream never ends: its refusals, limit and end are tested in test/sandbox-admin/live-page.test.ts.
      if (op.operationId === 'streamEvents') continue;
      const params = [...((item as { parameters?: [] }).parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(p, spec.components.parameters));
      let fields: string[] | null = null;
      const schema = op.requestBody?.content['application/json']?.schema;
      if (schema) fields = Object.keys(deref(schema as Schema & { $ref: string }, spec.components.schemas)?.properties ?? {});
      // A reset with a generated body could ask for a million threads: fuzz its body shape only.
      if (op.operationId === 'resetSandbox') fields = [];
      out.push({ id: op.operationId, method: method.toUpperCase(), template, query: params.filter((p) => p.in === 'query').map((p) => p.name), fields });
    }
  }
  return out;
}

const field = fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileValue.map((v) => v.slice(0, 300)), fc.constantFrom(-1, 0, 1, 2 ** 53, -(2 ** 63), 1e308, null, true, [], {}));
const depth = fc.integer({ min: 50, max: 3000 });

function bodies(fields: string[]): fc.Arbitrary<string> {
  const own = fields.length === 0 ? fc.constant({}) : fc.dictionary(fc.constantFrom(...fields), field, { maxKeys: fields.length });
  return fc.oneof(
    own.map((o) => JSON.stringify(o)),
    own.map((o) => JSON.stringify(o).replace(/^\{/, '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},').replace(',}', '}')),
    fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
    fc.string({ maxLength: 60 }),
    fc.constantFrom('', '{', '{"a":', '[1,]', "{'a':1}", 'null', '"string"', '1e999', '{"a":1}{"b":2}', '\u0000', '\ufeff{}'),
    depth.map((n) => '['.repeat(n) + ']'.repeat(n)),
    depth.map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
    fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT * 3 }).map((n) => JSON.stringify({ threadToken: 'x'.repeat(n) })),
  );
}

const contentType = fc.constantFrom<string | undefined>('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', undefined, 'application/json; charset=latin1');
const auth = fc.constantFrom<string | undefined>(`Bearer ${ADMIN_TOKEN}`, `Bearer ${ADMIN_TOKEN}`, `Bearer ${ADMIN_TOKEN}`, undefined, 'Bearer wrong', 'Basic x');

let sandbox: Sandbox;
let client: ReturnType<typeof rawClient>;
let sent = 0;

before(async () => {
  if (!hasAdmin) return;
  sandbox = await startSandbox({ seed: 4, executionThreads: 50, threads: 20, bodyLimitBytes: BODY_LIMIT, adminToken: ADMIN_TOKEN });
  client = rawClient(sandbox.url);
});

after(async () => {
  if (!hasAdmin) return;
  client.close();
  await sandbox.stop();
  process.stderr.write(`fuzz (control plane): ${sent} generated requests\n`);
});

async function check(r: RawRequest): Promise<void> {
  sent++;
  const res = await client.send(r);
  const where = `${r.method} ${r.path.replace(/(.)\1{20,}/g, '$1…').slice(0, 300)} body ${String(r.body ?? '').replace(/(.)\1{20,}/g, '$1…').slice(0, 200)} -> ${res.status}`;
  try {
    assert.ok(res.status < 500, `a 5xx nobody asked for: ${res.text.slice(0, 300)}`);
    assert.doesNotMatch(res.text, STACK_FRAME, 'looks like a stack trace');
    await assertMatchesSpec(r.method, r.path, res);
  } catch (error) {
    process.stderr.write(`fuzz failure: ${where}: ${String((error as Error).message).slice(0, 800)}\n`);
    throw error;
  }
}

for (const op of hasAdmin ? operations() : []) {
  test(`control plane ${op.id} (${op.method} ${op.template}) survives generated hostile requests`, { timeout: 600_000 }, async () => {
    const known = fc.constantFrom('1', '2', sandbox.store.threads.all()[0]?.thread_id ?? 'x', sandbox.store.threads.all()[0]?.messages[0]?.message_id ?? 'y');
    const segment = fc.oneof(known, hostileValue.filter((v) => v !== '').map((v) => wireSafe(v).slice(0, 500).replaceAll('/', '%2F').replaceAll('?', '%3F').replaceAll('#', '%23')));
    const request = fc.record({
      segments: fc.array(segment, { minLength: 3, maxLength: 3 }),
      query: hostileQuery(op.query.length ? op.query : ['limit']),
      body: op.fields === null ? fc.constant(undefined) : bodies(op.fields),
      type: contentType,
      auth,
      long: fc.option(hostileHeaderValue, { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let i = 0;
        const path = op.template.replace(/\{[^}]+\}/g, () => r.segments[i++] as string);
        const headers: Record<string, string> = {};
        if (r.auth !== undefined) headers.authorization = r.auth;
        if (r.body !== undefined && r.type !== undefined) headers['content-type'] = r.type;
        if (r.long !== undefined) headers['x-fuzz'] = r.long;
        await check({ method: op.method, path: `${path}?${r.query}`, headers, ...(r.body === undefined ? {} : { body: r.body }) });
      }),
      { numRuns: Math.ceil(RUNS / 8), seed: SEED, endOnFailure: true },
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
  });
}

test('after the control-plane fuzzing the sandbox is healthy and serves the public APIs', { skip: !hasAdmin }, async () => {
  await client.send({ method: 'DELETE', path: '/__sandbox/faults', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const health = await client.send({ method: 'GET', path: '/__sandbox/health', headers: {} });
  await assertMatchesSpec('GET', '/__sandbox/health', health);
  assert.equal(health.status, 200);
  const res = await client.send({ method: 'GET', path: '/v1/threads', headers: { 'api-token': 't' } });
  await assertMatchesSpec('GET', '/v1/threads', res);
  assert.equal(res.status, 200);
});

test('a body nested 100,000 levels deep under the default 1 MiB limit is a 4xx, not a crash', { skip: !hasAdmin }, async () => {
  const big = await startSandbox();
  const raw = rawClient(big.url);
  try {
    for (const body of ['['.repeat(100_000) + ']'.repeat(100_000), '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)]) {
      for (const path of ['/__sandbox/execution-threads', '/__sandbox/snapshot', '/__sandbox/faults']) {
        const method = path === '/__sandbox/snapshot' ? 'PUT' : 'POST';
        const res = await raw.send({ method, path, headers: { 'content-type': 'application/json' }, body });
        assert.ok(res.status >= 400 && res.status < 500, `${method} ${path} -> ${res.status} ${res.text.slice(0, 200)}`);
        await assertMatchesSpec(method, path, res);
      }
    }
  } finally {
    raw.close();
    await big.stop();
  }
});
