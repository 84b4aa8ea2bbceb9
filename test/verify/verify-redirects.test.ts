// A provider that redirects is checked on its redirect: verify never follows it, so the client's
// credentials never reach the other origin.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { runVerification, VERIFY_DEFAULTS } from '../../src/verify/runner.js';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('verify against a provider that redirects', () => {
  let elsewhere: Server;
  let redirecting: Server;
  let redirectingUrl: string;
  const seenElsewhere: IncomingHttpHeaders[] = [];
  before(async () => {
    elsewhere = createServer((req, res) => {
      seenElsewhere.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"totalCount":0,"items":[]}');
    });
    const elsewhereUrl = await listen(elsewhere);
    redirecting = createServer((req, res) => res.writeHead(307, { location: `${elsewhereUrl}${req.url}` }).end());
    redirectingUrl = await listen(redirecting);
  });
  after(async () => {
    await Promise.all([new Promise((resolve) => elsewhere.close(resolve)), new Promise((resolve) => redirecting.close(resolve))]);
  });

  it('does not follow the 307 and never sends the token to the other origin', async () => {
    const report = await runVerification({ ...VERIFY_DEFAULTS, target: redirectingUrl, seed: 1, api: 'v1' }).catch((error: Error) => error);
    assert.deepEqual(seenElsewhere, [], 'the other origin was called');
    // Whether as a failed run or a refused target, the 307 is what verify saw.
    assert.match(JSON.stringify(report, Object.getOwnPropertyNames(report)), /307/);
  });
});
