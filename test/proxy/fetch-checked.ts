// Requests through the proxy or straight to a sandbox, as a client sends them (the path byte for
// byte: fetch would resolve dot segments); the answer of a sandbox (directly, or forwarded
// unchanged by the proxy) is checked against the spec first.
import { request } from 'node:http';
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

export function fetchRaw(base: string, url: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Fetched> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: url, method: init.method ?? 'GET', headers: init.headers ?? CREDENTIALS, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
        resolve({ status: res.statusCode ?? 0, body, text, headers, contract: headers['sandbox-contract'] ?? null });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** For answers that come from a sandbox: asserts they match the spec. */
export async function fetchChecked(base: string, url: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Fetched> {
  const answer = await fetchRaw(base, url, init);
  await assertMatchesSpec(init.method ?? 'GET', url, answer);
  return answer;
}
