// The only way verify talks to a target: GET requests (read-only by construction), each with a
// timeout, counted against a request budget so a runaway walk cannot hammer a staging server.

export type ApiName = 'v1' | 'v0';

export interface Answer {
  /** Path and query exactly as sent, relative to the target. */
  url: string;
  status: number;
  contentType: string;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  body: unknown;
}

/** The target did not answer at all (refused, reset, DNS, timeout). */
export class TransportError extends Error {
  constructor(
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

export class RequestBudgetExceeded extends Error {}

export interface Credentials {
  apiToken: string;
  bearer: string;
}

export interface RequestOptions {
  /** Send the API's credentials (default true). */
  auth?: boolean;
  headers?: Record<string, string>;
}

export interface HttpClient {
  readonly target: string;
  readonly requests: number;
  get(api: ApiName, url: string, options?: RequestOptions): Promise<Answer>;
}

export interface HttpClientOptions {
  target: string;
  credentials: Credentials;
  timeoutMs: number;
  maxRequests: number;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = e?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return e?.message ?? String(error);
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const base = options.target.replace(/\/+$/, '');
  const authHeaders: Record<ApiName, Record<string, string>> = {
    v1: { 'Api-Token': options.credentials.apiToken },
    v0: { Authorization: `Bearer ${options.credentials.bearer}` },
  };
  let requests = 0;
  return {
    target: base,
    get requests() {
      return requests;
    },
    async get(api, url, { auth = true, headers = {} } = {}) {
      if (requests >= options.maxRequests) throw new RequestBudgetExceeded(`request budget of ${options.maxRequests} used up (--max-requests)`);
      requests++;
      let response: Response;
      let text: string;
      try {
        response = await fetch(`${base}${url}`, {
          method: 'GET',
          headers: { accept: 'application/json', ...(auth ? authHeaders[api] : {}), ...headers },
          // A redirect is the provider's answer to check, not a place to send the credentials to.
          redirect: 'manual',
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        throw new TransportError(url, `GET ${url}: ${describeFailure(error, options.timeoutMs)}`);
      }
      const contentType = response.headers.get('content-type') ?? '';
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { url, status: response.status, contentType, text, body };
    },
  };
}
