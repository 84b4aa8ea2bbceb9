// One verification run: probe the target, then run the checks of the chosen APIs in a fixed order
// (the seed decides every generated value, so a run can be repeated exactly).
import { verifyV0 } from './cases-v0.js';
import { verifyV1Requests } from './cases-v1.js';
import { verifyV1Data } from './cases-v1-data.js';
import { verifyUnknownPath } from './cases-unknown-paths.js';
import { createHttpClient, type ApiName } from './http-client.js';
import { seededRandom } from './seeded-random.js';
import { loadSpecValidator } from './spec-validator.js';
import { parseTarget, probeTarget } from './target-probe.js';
import { Verifier, type CheckResult, type VerifierEvents } from './verifier.js';

export { TargetError } from './target-probe.js';

export interface VerifyOptions {
  target: string;
  api: ApiName | 'all';
  /** Api-Token for v1 and bearer token for v0; any non-empty token suits a sandbox. */
  apiToken: string;
  bearer: string;
  seed: number;
  maxRequests: number;
  timeoutMs: number;
  /** Cap on the pages of one v0 cursor walk. */
  maxPages: number;
  /** v1 workspaces to look for data in. */
  workspaces: readonly number[];
  events?: VerifierEvents;
}

export { VERIFY_DEFAULTS } from './defaults.js';

export interface VerifyRun {
  target: string;
  apis: ApiName[];
  seed: number;
  results: CheckResult[];
  requests: number;
  durationMs: number;
}

/**
 * Verifies a live server against the specs (GET requests only). Throws TargetError when the target
 * is unreachable or not these APIs.
 * @example
 * const run = await runVerification({ ...VERIFY_DEFAULTS, target: 'http://localhost:8160', seed: 1 });
 * process.stdout.write(formatReport(run));
 * if (exitCodeOf(run) !== 0) throw new Error('the provider broke the contract');
 */
export async function runVerification(options: VerifyOptions): Promise<VerifyRun> {
  const started = performance.now();
  const target = parseTarget(options.target);
  const apis: ApiName[] = options.api === 'all' ? ['v1', 'v0'] : [options.api];
  const client = createHttpClient({ target, credentials: { apiToken: options.apiToken, bearer: options.bearer }, timeoutMs: options.timeoutMs, maxRequests: options.maxRequests });
  await probeTarget(client, apis);
  const spec = await loadSpecValidator();
  const verifier = new Verifier(client, spec, options.events);
  // One stream per API, so `--api v0 --seed N` repeats exactly the v0 cases of a full run with seed N.
  if (apis.includes('v1')) {
    const random = seededRandom(options.seed);
    await verifyV1Requests(verifier, spec, random);
    await verifyV1Data(verifier, random, options.workspaces);
    await verifyUnknownPath(verifier, spec, random, 'v1');
  }
  if (apis.includes('v0')) {
    const random = seededRandom(options.seed ^ 0x5bd1e995);
    await verifyV0(verifier, spec, random, options.maxPages);
    await verifyUnknownPath(verifier, spec, random, 'v0');
  }
  return { target, apis, seed: options.seed, results: verifier.results, requests: client.requests, durationMs: Math.round(performance.now() - started) };
}

/** 0 when every check passed (skipped ones do not count against it), 1 otherwise. */
export function exitCodeOf(run: VerifyRun): 0 | 1 {
  return run.results.some((r) => r.outcome === 'failed') ? 1 : 0;
}
