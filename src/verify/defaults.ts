// The defaults of `thread-sandbox verify`, apart from the runner so that the CLI can declare its
// options without loading the verifier (and openapi-backend with it) for --help.
import type { VerifyOptions } from './runner.js';

export const VERIFY_DEFAULTS = {
  api: 'all',
  apiToken: 'thread-sandbox-verify',
  bearer: 'thread-sandbox-verify',
  maxRequests: 5000,
  timeoutMs: 10_000,
  maxPages: 200,
  workspaces: [-1, 1, 2, 3, 4, 5, 6, 7, 8],
} as const satisfies Partial<VerifyOptions>;
