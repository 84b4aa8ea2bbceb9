// One load run: a warm-up, then the measured run. Run as a script (so that it can be pinned to its
// own core) it reads its job as JSON from argv and prints the summary as JSON on stdout.
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadJob {
  url: string;
  requests: LoadRequest[];
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export interface LoadSummary {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

function run(job: LoadJob, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: job.url,
    connections: job.connections,
    duration: seconds,
    requests: job.requests.map((r) => ({ method: r.method, path: r.path, headers: r.headers, ...(r.body === undefined ? {} : { body: r.body }) })),
  });
}

/** A warm-up (not counted), then the measured run. */
export async function load(job: LoadJob): Promise<LoadSummary> {
  if (job.warmupSeconds > 0) await run(job, job.warmupSeconds);
  const r = await run(job, job.seconds);
  return {
    rps: r.requests.total / job.seconds,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    total: r.requests.total,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(await load(JSON.parse(process.argv[2] as string) as LoadJob)));
}
