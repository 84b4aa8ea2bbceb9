// Sends a consumer's GET on to the provider through verify's HTTP client (GET only, with a
// timeout). The consumer's own credentials go with it; the proxy has none of its own.
import type { IncomingHttpHeaders } from 'node:http';
import { createHttpClient, type Answer, type ApiName } from '../verify/http-client.js';

/** Request headers passed on as they came; everything else (cookies, hop-by-hop headers) stays here. */
const PASSED_ON = ['accept', 'accept-language', 'api-token', 'authorization', 'prefer', 'user-agent'] as const;

export type Forward = (api: ApiName, url: string, headers: IncomingHttpHeaders) => Promise<Answer>;

export function createForwarder(target: string, timeoutMs: number): Forward {
  const client = createHttpClient({ target, credentials: { apiToken: '', bearer: '' }, timeoutMs, maxRequests: Number.POSITIVE_INFINITY });
  return (api, url, headers) => {
    const passed: Record<string, string> = {};
    for (const name of PASSED_ON) {
      const value = headers[name];
      if (typeof value === 'string') passed[name] = value;
    }
    return client.get(api, url, { auth: false, headers: passed });
  };
}
