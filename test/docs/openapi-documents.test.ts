// GET /openapi/{name}.json|yaml and the /docs page. These are documentation resources, not API
// operations (no spec describes them), so their responses are checked here rather than by
// assertMatchesSpec; an unknown document is a path no operation owns and goes through the checker.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import request from 'supertest';
import { parse } from 'yaml';
import { SPEC_DIR } from '../../src/openapi/specs.js';
import { createSandboxApp } from '../../src/sandbox.js';
import { sandboxClient } from '../helpers/http.js';

const SPEC_NAMES = readdirSync(SPEC_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
const source = (name: string) => parse(readFileSync(`${SPEC_DIR}${name}.yaml`, 'utf8')) as Record<string, any>;

async function app(options = {}) {
  return (await createSandboxApp({ inMemory: true, logLevel: 'silent', ...options })).app;
}

describe('the OpenAPI documents and the /docs page', () => {
  it('serves every spec in specs/ as JSON and as YAML, the same document in both', async () => {
    const a = await app();
    assert.ok(SPEC_NAMES.includes('execution-threads.v1') && SPEC_NAMES.includes('agentry-threads.v0'));
    for (const name of SPEC_NAMES) {
      const json = await request(a).get(`/openapi/${name}.json`);
      const yaml = await request(a).get(`/openapi/${name}.yaml`);
      assert.equal(json.status, 200, name);
      assert.match(json.headers['content-type'] as string, /^application\/json/);
      assert.equal(yaml.status, 200, name);
      assert.match(yaml.headers['content-type'] as string, /^application\/yaml/);
      assert.deepEqual(parse(yaml.text), json.body, `${name}: YAML and JSON differ`);
      const { servers: _s, ...served } = json.body;
      const { servers: _o, ...original } = source(name);
      assert.deepEqual(served, original, `${name}: the served document must be the spec`);
    }
  });

  it('lists this sandbox first among the servers, so that "Try it out" calls it whatever its port', async () => {
    const res = await request(await app()).get('/openapi/execution-threads.v1.json');
    assert.deepEqual(res.body.servers[0], { url: '/', description: 'this sandbox' });
    assert.deepEqual(res.body.servers.slice(1), source('execution-threads.v1').servers);
  });

  it('serves the control plane under the configured prefix', { skip: !existsSync(`${SPEC_DIR}sandbox-admin.yaml`) && 'no control-plane spec yet' }, async () => {
    const res = await request(await app({ adminPrefix: '/ctl' })).get('/openapi/sandbox-admin.json');
    const paths = Object.keys(res.body.paths);
    assert.ok(paths.length > 0 && paths.every((p) => p === '/ctl' || p.startsWith('/ctl/')), paths.join(', '));
  });

  it('answers an unknown document with the API 404', async () => {
    const api = await sandboxClient();
    for (const url of ['/openapi/nope.json', '/openapi/execution-threads.v1.xml', '/openapi/execution-threads.v1']) {
      assert.equal((await api.get(url)).status, 404, url);
    }
  });

  it('serves Swagger UI from the package, with every spec selectable and no outside address', async () => {
    const a = await app();
    const page = await request(a).get('/docs');
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'] as string, /^text\/html/);
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    assert.ok(assets.length >= 4);
    for (const asset of assets) {
      assert.match(asset, /^\/docs\//, `${asset} must be served by the sandbox`);
      assert.equal((await request(a).get(asset)).status, 200, asset);
    }
    const init = await request(a).get('/docs/swagger-initializer.js');
    assert.doesNotMatch(init.text, /https?:\/\//, 'nothing may be fetched from elsewhere (validator badge, CDN)');
    for (const name of SPEC_NAMES) assert.ok(init.text.includes(`"/openapi/${name}.json"`), name);
  });
});
