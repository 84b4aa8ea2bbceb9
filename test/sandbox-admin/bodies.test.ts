// The control plane's JSON bodies: malformed, too large, not JSON or deeply nested bodies are
// answered 400 or 413 in the admin error shape, never 500.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';

describe('control plane: request bodies', () => {
  let api: Client;
  before(async () => {
    api = await sandboxClient({ bodyLimitBytes: 2048 });
  });

  it('malformed JSON is a 400 ValidationError', async () => {
    const res = await api.send('post', '/__sandbox/execution-threads', '{"workspaceId": 1,');
    assert.equal(res.status, 400);
    assert.equal(res.body.name, 'ValidationError');
    assert.match(res.body.message, /not valid JSON/);
  });

  it('a body over the configured limit is a 413 PayloadTooLargeError naming the limit', async () => {
    const res = await api.post('/__sandbox/execution-threads', { threadToken: 'x'.repeat(3000) });
    assert.equal(res.status, 413);
    assert.equal(res.body.name, 'PayloadTooLargeError');
    assert.match(res.body.message, /2048 bytes/);
  });

  it('a body just under the limit is accepted', async () => {
    const res = await api.post('/__sandbox/execution-threads', { threadToken: 'x'.repeat(1000) });
    assert.equal(res.status, 201);
  });

  it('the default limit is 1 MiB', async () => {
    const roomy = await sandboxClient();
    const big = JSON.stringify({ seed: 1, pad: 'x'.repeat(1024 * 1024) });
    const res = await roomy.send('post', '/__sandbox/reset', big);
    assert.equal(res.status, 413);
    assert.match(res.body.message, /1048576 bytes/);
  });

  it('a JSON scalar where an object is due is a 400', async () => {
    const res = await api.send('post', '/__sandbox/faults', '"status"');
    assert.equal(res.status, 400);
  });

  it('a deeply nested body is a 400, not a crash', async () => {
    const deep = '['.repeat(900) + ']'.repeat(900);
    const res = await api.send('put', '/__sandbox/snapshot', deep);
    assert.equal(res.status, 400);
    assert.equal(res.body.name, 'ValidationError');
  });

  it('a body that is not JSON is refused with a 415 rather than read as empty', async () => {
    const res = await api.send('post', '/__sandbox/faults', 'kind=status', { 'content-type': 'text/plain' });
    assert.equal(res.status, 415);
    assert.equal(res.body.name, 'UnsupportedMediaTypeError');
  });

  it('a bad body sent to a path no operation owns still gets the 404 of the control plane', async () => {
    const res = await api.send('post', '/__sandbox/nothing-here', '{oops');
    assert.equal(res.status, 404);
    assert.equal(res.body.name, 'NotFoundError');
  });

  it('__proto__ and constructor keys are plain unknown fields', async () => {
    const res = await api.send('post', '/__sandbox/execution-threads', '{"__proto__": {"id": 1}, "constructor": 1}');
    assert.equal(res.status, 400);
    assert.match(res.body.message, /unknown property/);
  });
});
