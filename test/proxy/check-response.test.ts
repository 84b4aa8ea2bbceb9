// Which status a provider owes a request that broke the contract, judged without a server.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { checkResponse, type ProviderAnswer } from '../../src/proxy/check-response.js';
import { CursorWalks } from '../../src/proxy/cursor-walks.js';
import type { ContractViolation } from '../../src/proxy/exchange.js';
import { loadSpecValidator, type SpecValidator } from '../../src/verify/spec-validator.js';

const credentials: ContractViolation = { side: 'consumer', rule: 'credentials', message: 'no token' };
const parameter: ContractViolation = { side: 'consumer', rule: 'parameter', message: "query parameter 'limit' must be >= 1" };
const answer = (status: number, body: unknown): ProviderAnswer => ({ url: '/human/v0/threads?limit=0', status, contentType: 'application/json', contentTypes: ['application/json'], text: JSON.stringify(body), body, bodyChecked: true });
const error = (status: number, name: string) => answer(status, { name, message: 'x' });
const emptyPage = answer(200, { count: 0, limit: 10, threads: [] });

describe('the status a provider owes', () => {
  let spec: SpecValidator;
  const judge = (consumerViolations: ContractViolation[], a: ProviderAnswer) =>
    checkResponse(spec, new CursorWalks(), { api: 'v0', operation: spec.operation('v0', 'listThreads'), path: '/human/v0/threads', query: 'limit=0', consumerViolations }, a).map((v) => v.message);
  before(async () => {
    spec = await loadSpecValidator();
  });

  it('is a 401 without credentials and a 400 for a bad parameter', () => {
    assert.deepEqual(judge([credentials], error(401, 'UnauthorizedError')), []);
    assert.deepEqual(judge([parameter], error(400, 'ValidationError')), []);
    assert.deepEqual(judge([parameter], emptyPage), ["answered 200 to a request the spec rejects (query parameter 'limit' must be >= 1); the spec says 400"]);
    assert.deepEqual(judge([credentials], error(400, 'ValidationError')), ['answered 400 to a request without valid credentials (no token); the spec says 401']);
  });

  it('is either when a request has both mistakes: the specs do not order the checks', () => {
    assert.deepEqual(judge([credentials, parameter], error(400, 'ValidationError')), []);
    assert.deepEqual(judge([credentials, parameter], error(401, 'UnauthorizedError')), []);
    assert.match(judge([credentials, parameter], emptyPage)[0]!, /the spec says 400 or 401$/);
  });

  it('may be a documented 500 whatever the request', () => {
    assert.deepEqual(judge([parameter], error(500, 'InternalServerError')), []);
  });
});
