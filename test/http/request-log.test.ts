// One log line per answered request, whichever part of the app answered it: the two APIs log from
// their endpoint, everything else (control plane, docs, CORS preflights) from a middleware.
import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import request from 'supertest';
import { createLogger } from '../../src/logger.js';
import { createSandboxApp } from '../../src/sandbox.js';
import { clientFor } from '../helpers/http.js';

for (const corsOrigins of [[], ['http://app.example']]) test(`every answered request is logged exactly once (CORS origins: ${corsOrigins.length})`, async () => {
  const lines: { method: string; url: string; status: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const { app, services } = await createSandboxApp({ inMemory: true, validateResponses: true, logger: createLogger('info', sink), corsOrigins });
  const client = clientFor(app, services);
  const calls: [string, string, number][] = [
    ['GET', '/v1/threads?total=1', 200],
    ['GET', '/human/v0/threads?limit=1', 200],
    ['GET', '/human/v0/threads?limit=0', 400],
    ['GET', '/v1/nowhere', 404],
    ['GET', '/__sandbox/health', 200],
  ];
  for (const [, url, status] of calls) assert.equal((await client.get(url)).status, status, url);
  const preflight = await request(app).options('/v1/threads').set({ Origin: 'http://app.example', 'Access-Control-Request-Method': 'GET' });
  // Without CORS the API answers OPTIONS itself (405): logged by its endpoint, once as well.
  const preflightStatus = corsOrigins.length > 0 ? 204 : 405;
  assert.equal(preflight.status, preflightStatus);
  assert.equal((await request(app).get('/docs/')).status, 200);
  await new Promise((r) => setImmediate(r));
  const requests = lines.filter((l) => l.msg === 'request');
  const seen = requests.map((l) => `${l.method} ${l.url} ${l.status}`).sort();
  const expected = [...calls.map(([m, u, s]) => `${m} ${u} ${s}`), `OPTIONS /v1/threads ${preflightStatus}`, 'GET /docs/ 200'].sort();
  assert.deepEqual(seen, expected);
});
