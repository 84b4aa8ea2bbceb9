// supertest with the spec check built in: every response a test sees has been checked against the
// spec first (see spec-check.ts).
import type { Express } from 'express';
import request from 'supertest';
import { createSandboxApp, type StartOptions } from '../../src/sandbox.js';
import type { Services } from '../../src/services.js';
import { assertMatchesSpec } from './spec-check.js';
import { testStore } from './test-store.js';

export interface CheckedResponse {
  status: number;
  body: any;
  text: string;
  headers: Record<string, string>;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Client {
  app: Express;
  services: Services;
  get(url: string, headers?: Record<string, string>): Promise<CheckedResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<CheckedResponse>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<CheckedResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<CheckedResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<CheckedResponse>;
  /** Any method, raw body (a string is sent as is). */
  send(method: Method, url: string, body: unknown, headers?: Record<string, string>): Promise<CheckedResponse>;
}

/** Default credentials for both APIs (any non-empty token works without tenants). */
export const AUTH = { 'Api-Token': 'test-token', Authorization: 'Bearer test-token' } as const;

export function clientFor(app: Express, services: Services, defaults: Record<string, string> = AUTH): Client {
  const send = async (method: Method, url: string, body: unknown, headers: Record<string, string> = {}) => {
    let req = request(app)[method](url).set({ ...defaults, ...headers });
    if (body !== undefined) req = typeof body === 'string' ? req.set('content-type', headers['content-type'] ?? 'application/json').send(body) : req.send(body as object);
    const res = await req;
    const checked: CheckedResponse = { status: res.status, body: res.body, text: res.text, headers: res.headers as Record<string, string> };
    await assertMatchesSpec(method, url, checked, undefined);
    return checked;
  };
  return {
    app,
    services,
    send,
    get: (url, headers) => send('get', url, undefined, headers),
    post: (url, body, headers) => send('post', url, body, headers),
    put: (url, body, headers) => send('put', url, body, headers),
    patch: (url, body, headers) => send('patch', url, body, headers),
    delete: (url, headers) => send('delete', url, undefined, headers),
  };
}

/**
 * An in-memory sandbox app (fixtures unless options say otherwise) and a checked client for it.
 * Under `npm run test:postgres` (SANDBOX_TEST_STORE=postgres) the same sandbox keeps its state in a
 * fresh schema of the test cluster instead: the same tests run against both engines.
 */
export async function sandboxClient(options: StartOptions = {}, defaults: Record<string, string> = AUTH): Promise<Client> {
  const { app, services } = await createSandboxApp({ inMemory: true, logLevel: 'silent', validateResponses: true, ...options, ...(await testStore(options)) });
  return clientFor(app, services, defaults);
}
