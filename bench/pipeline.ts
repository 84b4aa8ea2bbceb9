// npm run bench:pipeline: the sandbox's own work per request, without node:http or express around
// it. Calls the v1 and v0 endpoints in-process with stub requests and responses, in a loop, and
// prints microseconds per request (best of 5 rounds), with and without the journal (the request
// log is a middleware in front of the endpoints, outside what this measures). A profiling aid, not a target: in a server the same code costs about three times as
// much (caches and GC shared with node:http; bench/README.md), so the targets are measured by
// `npm run bench`. Pin it for steadier figures: `taskset -c 0 npm run bench:pipeline`.
import type { Request, Response } from 'express';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { agentryThreadsApi } from '../src/apis/agentry-threads/index.js';
import { executionThreadsApi } from '../src/apis/execution-threads/index.js';
import { apiEndpoint } from '../src/http/api-endpoint.js';
import { mountApi } from '../src/http/mount-api.js';
import { createLogger } from '../src/logger.js';
import { createSandboxApp } from '../src/sandbox.js';

const { values: args } = parseArgs({ options: { smoke: { type: 'boolean', default: false } } });
const rounds = args.smoke ? 1 : 5;
const scale = args.smoke ? 0.002 : 1;

const CASES = [
  { name: 'W0', api: 'v1', url: '/v1/threads?workspaceId=&start=0&total=1000&thread_token=&type=&sorting=', headers: { 'api-token': 't' }, n: 5_000 },
  { name: 'W1', api: 'v1', url: '/v1/threads?start=0&total=50', headers: { 'api-token': 't' }, n: 40_000 },
  { name: 'W2', api: 'v0', url: '/human/v0/threads?limit=20', headers: { authorization: 'Bearer t' }, n: 40_000 },
] as const;

interface StubResponse {
  headersSent: boolean;
  destroyed: boolean;
  status: number;
  writeHead(status: number): void;
  end(): void;
}

function stubResponse(): StubResponse {
  return {
    headersSent: false,
    destroyed: false,
    status: 0,
    writeHead(status) {
      this.status = status;
    },
    end() {},
  };
}

async function measure(variant: 'full' | 'no log, no journal'): Promise<Record<string, number>> {
  const quiet = variant !== 'full';
  const logger = createLogger(quiet ? 'warn' : 'info', pino.destination({ dest: '/dev/null', sync: false, minLength: 4096 }));
  // In memory: the pipeline is measured on reads, and two runs in one process must not share a data file.
  const { services } = await createSandboxApp({ inMemory: true, seed: 7, executionThreads: 1000, threads: 1000, logger, journalSize: quiet ? 0 : 1000 });
  const endpoints = {
    v1: apiEndpoint(await mountApi(executionThreadsApi), services),
    v0: apiEndpoint(await mountApi(agentryThreadsApi), services),
  };
  const out: Record<string, number> = {};
  for (const c of CASES) {
    const endpoint = endpoints[c.api];
    const request = () => ({ method: 'GET', originalUrl: c.url, url: c.url, headers: { host: 'bench', ...c.headers }, socket: {} }) as unknown as Request;
    const first = stubResponse();
    await endpoint(request(), first as unknown as Response);
    if (first.status !== 200) throw new Error(`${c.name}: ${c.url} answered ${first.status}`);
    const n = Math.max(10, Math.round(c.n * scale));
    let best = Infinity;
    for (let round = 0; round < rounds; round++) {
      const started = performance.now();
      for (let i = 0; i < n; i++) await endpoint(request(), stubResponse() as unknown as Response);
      best = Math.min(best, ((performance.now() - started) * 1000) / n);
    }
    out[c.name] = best;
  }
  logger.flush();
  return out;
}

const full = await measure('full');
const bare = await measure('no log, no journal');
console.log('| workload | µs per request | without log and journal |');
console.log('|---|---|---|');
for (const c of CASES) console.log(`| ${c.name} | ${full[c.name]!.toFixed(1)} | ${bare[c.name]!.toFixed(1)} |`);
process.exit(0);
