// A request is in the journal before its response is written: a count made right after a client's
// call returned always includes that call, however many calls run at once.
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';
import type { StoredRecord } from '../../src/control/journal.js';

describe('journal order', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ seed: 3, threads: 30, executionThreads: 30 });
  });
  after(() => sandbox.stop());

  async function call(path: string, init: RequestInit = {}) {
    const res = await fetch(`${sandbox.url}${path}`, init);
    const text = await res.text();
    return assertMatchesSpec(init.method ?? 'GET', path, { status: res.status, body: text ? JSON.parse(text) : undefined, headers: Object.fromEntries(res.headers) });
  }

  it('when a response is written, its request is already in the journal', async () => {
    const seenAtWrite: number[] = [];
    const watch = (req: { headers: Record<string, unknown> }, res: ServerResponse) => {
      const id = req.headers['x-call'];
      if (typeof id !== 'string') return;
      const writeHead = res.writeHead;
      res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
        // The in-process journal answers at once: what it holds at the moment the head is written.
        const records = sandbox.services.journal.records() as StoredRecord[];
        seenAtWrite.push(records.filter((r) => r.headers['x-call'] === id).length);
        return writeHead.apply(this, args);
      } as ServerResponse['writeHead'];
    };
    sandbox.server.prependListener('request', watch);
    try {
      await Promise.all(Array.from({ length: 20 }, (_, i) => call('/v1/threads', { headers: { 'Api-Token': 't', 'x-call': `w${i}` } })));
    } finally {
      sandbox.server.off('request', watch);
    }
    assert.deepEqual(seenAtWrite, Array(20).fill(1));
  });

  it('a count made right after each of many concurrent calls returned includes it', async () => {
    const one = async (i: number) => {
      const path = i % 2 ? `/v1/threads?start=${i}` : `/human/v0/threads?limit=${(i % 50) + 1}`;
      const res = await call(path, { headers: { 'Api-Token': 't', Authorization: 'Bearer t', 'x-call': `c${i}` } });
      assert.equal(res.status, 200);
      const counted = await call('/__sandbox/requests/count', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ headers: { 'x-call': `c${i}` } }) });
      return counted.body.count as number;
    };
    for (let round = 0; round < 5; round++) {
      const counts = await Promise.all(Array.from({ length: 40 }, (_, i) => one(round * 40 + i)));
      assert.deepEqual(counts, Array(40).fill(1));
    }
  });
});
