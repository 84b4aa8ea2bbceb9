// The one helper every test uses to check an HTTP response against the specs: the status must be
// documented for the operation and the body must validate. Paths that no operation owns (404, 405)
// must answer the API's own error schema. The sandbox can never drift from its contract unnoticed.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { OpenAPIBackend } from 'openapi-backend';
import { createBackend, routerFoldsPath } from '../../src/openapi/backend.js';
import { loadSpec, specPath, type SpecName } from '../../src/openapi/specs.js';

interface Checker {
  backend: OpenAPIBackend;
  validateError: (body: unknown) => boolean;
  errorsText: () => string;
}

const checkers = new Map<SpecName, Promise<Checker>>();

async function build(name: SpecName): Promise<Checker> {
  const backend = await createBackend({ definition: loadSpec(name), handlers: {}, securityHandlers: {}, lazy: true });
  const doc = backend.definition as { components: { schemas: Record<string, unknown> } };
  const ajv = new Ajv2020({ strict: false });
  ajv.addKeyword('example');
  const validate = ajv.compile(doc.components.schemas.Error as object);
  return { backend, validateError: (b) => validate(b) as boolean, errorsText: () => ajv.errorsText(validate.errors) };
}

function checker(name: SpecName): Promise<Checker> {
  let c = checkers.get(name);
  if (!c) checkers.set(name, (c = build(name)));
  return c;
}

/** Which spec owns a path: the nearest API answers paths that no spec owns. */
export function specForPath(path: string, adminPrefix = '/__sandbox'): SpecName {
  if (path === adminPrefix || path.startsWith(`${adminPrefix}/`)) return 'admin';
  if (path === '/human' || path.startsWith('/human/')) return 'v0';
  return 'v1';
}

export interface ResponseLike {
  status: number;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/** Asserts that a response is one the spec allows for this request. Returns the response. */
export async function assertMatchesSpec<R extends ResponseLike>(method: string, url: string, res: R, spec?: SpecName): Promise<R> {
  const path = url.split('?')[0] as string;
  const name = spec ?? specForPath(path);
  if (name === 'admin' && !existsSync(specPath('admin'))) return res;
  const c = await checker(name);
  const where = `${method.toUpperCase()} ${url} -> ${res.status}`;
  const operation = routerFoldsPath(path) ? undefined : c.backend.router.matchOperation({ method: method.toUpperCase(), path, headers: {} });
  // A page, a script or an event stream: its media type must be documented for the status.
  const mediaType = String(res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (operation && mediaType !== '' && mediaType !== 'application/json') {
    const responses = (operation.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>;
    const content = responses[String(res.status)]?.content ?? {};
    assert.ok(Object.hasOwn(content, mediaType), `${where}: ${mediaType} is not documented for ${operation.operationId} (documented: ${Object.keys(content).join(', ')})`);
    return res;
  }
  if (res.status !== 204 && res.body !== undefined && res.body !== '') {
    assert.match(String(res.headers['content-type']), /^application\/json/, `${where}: content-type`);
  }
  if (!operation) {
    assert.ok([404, 405].includes(res.status), `${where}: a path no operation owns must answer 404 or 405`);
    assert.ok(c.validateError(res.body), `${where}: body is not the API's error shape: ${c.errorsText()} ${JSON.stringify(res.body)}`);
    return res;
  }
  const documented = Object.keys(operation.responses ?? {});
  if (res.status === 204) {
    // No content: supertest reports an empty body as {}.
    assert.ok(documented.includes('204'), `${where}: status not documented for ${operation.operationId} (documented: ${documented.join(', ')})`);
    assert.ok(res.body === undefined || res.body === '' || (typeof res.body === 'object' && res.body !== null && Object.keys(res.body).length === 0), `${where}: a 204 has no body`);
    return res;
  }
  assert.ok(documented.includes(String(res.status)) || documented.includes('default'), `${where}: status not documented for ${operation.operationId} (documented: ${documented.join(', ')})`);
  const result = c.backend.validateResponse(res.body, operation, res.status);
  assert.equal(result.errors, null, `${where}: body does not match the spec: ${JSON.stringify(result.errors)} body=${JSON.stringify(res.body).slice(0, 500)}`);
  return res;
}

/** Asserts that a body is the error shape of an API: for answers no operation documents (431, 408 from node's parser). */
export async function assertErrorShape(name: SpecName, body: unknown): Promise<void> {
  const c = await checker(name);
  assert.ok(c.validateError(body), `body is not the ${name} error shape: ${c.errorsText()} ${JSON.stringify(body)}`);
}
