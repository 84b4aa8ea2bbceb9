// A provider answering a body far larger than the check limit (128 MiB, generated as it is sent):
// the proxy (the CLI, as a child process) passes every byte on while its memory stays bounded, and
// says the body went through unchecked.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CLI } from '../helpers/cli.js';

const BODY_BYTES = 128 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, '{"padding":"0123456789abcdef"},');
/** The proxy may hold one checked body (16 MiB by default) and stream buffers; not the whole body. */
const MAX_GROWTH_BYTES = 96 * 1024 * 1024;

/** Peak and current resident memory of a process, in bytes (Linux). */
function memoryOf(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
  return { peak: kb('VmHWM'), now: kb('VmRSS') };
}

function startProxyChild(target: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'proxy', '--port', '0', '--target', target], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the proxy did not start:\n${stderr}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /listening on (http:\/\/\S+),/.exec(stderr);
      if (!m) return;
      clearTimeout(timer);
      resolve({ child, url: m[1] as string });
    });
    child.on('close', () => reject(new Error(`the proxy exited:\n${stderr}`)));
  });
}

/** Reads an answer through, keeping only its size and digest. */
function download(url: string): Promise<{ status: number; contract: string | undefined; bytes: number; digest: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'Api-Token': 't' } }, (res) => {
      const hash = createHash('sha256');
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        hash.update(chunk);
      });
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contract: res.headers['sandbox-contract'] as string | undefined, bytes, digest: hash.digest('hex') }));
    }).on('error', reject);
  });
}

describe('a body far over the check limit', { timeout: 120_000 }, () => {
  let provider: Server;
  let proxy: { child: ChildProcess; url: string };
  const sent = createHash('sha256');
  before(async () => {
    provider = createServer((req, res) => {
      if (!req.url?.startsWith('/v1/threads?total=1000')) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"totalCount":0,"items":[]}');
      res.writeHead(200, { 'content-type': 'application/json' });
      let left = BODY_BYTES;
      const pump = () => {
        while (left > 0) {
          const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, left));
          left -= chunk.length;
          sent.update(chunk);
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    proxy = await startProxyChild(`http://127.0.0.1:${(provider.address() as AddressInfo).port}`);
  });
  after(async () => {
    proxy?.child.kill('SIGKILL');
    provider.closeAllConnections();
    await new Promise((resolve) => provider.close(resolve));
  });

  it('reaches the consumer byte for byte, marked unchecked, with the proxy\'s memory bounded', async (t) => {
    // A small answer first: the proxy's own working set (specs, validators) is in place.
    assert.equal((await download(`${proxy.url}/v1/threads`)).contract, 'ok');
    const before = memoryOf(proxy.child.pid!);
    const answer = await download(`${proxy.url}/v1/threads?total=1000`);
    const afterwards = memoryOf(proxy.child.pid!);
    const growth = afterwards.peak - before.now;
    t.diagnostic(`proxy resident before ${(before.now / 2 ** 20).toFixed(1)} MiB, peak after ${(afterwards.peak / 2 ** 20).toFixed(1)} MiB`);
    assert.equal(answer.status, 200);
    assert.equal(answer.bytes, BODY_BYTES);
    assert.equal(answer.digest, sent.digest('hex'));
    assert.ok(growth < MAX_GROWTH_BYTES, `the proxy's peak memory grew by ${(growth / 2 ** 20).toFixed(1)} MiB passing on ${BODY_BYTES / 2 ** 20} MiB (before: ${(before.now / 2 ** 20).toFixed(1)} MiB resident, peak ${(before.peak / 2 ** 20).toFixed(1)} MiB)`);
    assert.equal(answer.contract, 'unchecked');
  });
});
