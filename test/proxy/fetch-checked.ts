// Requests through the proxy or straight to a sandbox, as a client sends them; the answer of a
// sandbox (directly, or forwarded unchanged by the proxy) is checked against the spec first.
import { assertMatchesSpec } from '../helpers/spec-check.js';

export const CREDENTIALS = { 'Api-Token': 'proxy-test-token', Authorization: 'Bearer proxy-test-token' } as const;

export interface Fetched {
  status: number;
  body: any;
  text: string;
  headers: Record<string, string>;
  /** The Sandbox-Contract header, when the proxy answered. */
  contract: string | null;
}

export async function fetchRaw(base: string, url: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Fetched> {
  const res = await fetch(`${base}${url}`, { method: init.method ?? 'GET', headers: init.headers ?? CREDENTIALS });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text, headers: Object.fromEntries(res.headers), contract: res.headers.get('sandbox-contract') };
}

/** For answers that come from a sandbox: asserts they match the spec. */
export async function fetchChecked(base: string, url: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Fetched> {
  const answer = await fetchRaw(base, url, init);
  await assertMatchesSpec(init.method ?? 'GET', url, answer);
  return answer;
}
