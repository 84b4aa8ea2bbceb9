// The names an operation defines, found once; a request's unknown names with the defined name the
// client most likely meant (case, `_`/`-` and camelCase confusions, small typos), none for others.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { Operation } from 'openapi-backend';
import { parseQuery } from '../../src/openapi/query.js';
import { editDistance, QueryParameterNames } from '../../src/openapi/unknown-parameters.js';

const query = (...names: string[]) => names.map((name) => ({ name, in: 'query', schema: { type: 'string' } }));
const names = new QueryParameterNames([
  { operationId: 'listExecutionThreads', method: 'get', path: '/v1/threads', parameters: query('workspaceId', 'start', 'total', 'thread_token', 'type', 'sorting'), responses: {} },
  { operationId: 'listThreads', method: 'get', path: '/human/v0/threads', parameters: [...query('inbox_id', 'limit', 'page_token'), { name: 'x-trace', in: 'header' }], responses: {} },
  { operationId: 'getThread', method: 'get', path: '/human/v0/threads/{thread_id}', parameters: [{ name: 'thread_id', in: 'path', required: true }], responses: {} },
] as unknown as Operation[]);

function suggestions(operationId: string, raw: string): Record<string, string | null> {
  const blank: string[] = [];
  const found = names.unknown(operationId, parseQuery(raw, blank), blank);
  return Object.fromEntries(found.map((u) => [u.name, u.suggestion ?? null]));
}

test('defined names, empty values and empty names are not unknown', () => {
  assert.deepEqual(suggestions('listExecutionThreads', 'workspaceId=&start=0&total=1000&thread_token=&type=&sorting='), {});
  assert.deepEqual(suggestions('listExecutionThreads', 'workspaceId=&start=&total=&thread_token=&=&sorting='), {});
  assert.deepEqual(suggestions('listThreads', 'inbox_id=a&limit=5&page_token=p'), {});
});

test('the confusions of issue 24 suggest the defined name', () => {
  assert.deepEqual(suggestions('listExecutionThreads', 'workspaceId=2&threadToken=tok-alpha&workspaceID=2'), { threadToken: 'thread_token', workspaceID: 'workspaceId' });
  assert.deepEqual(suggestions('listThreads', 'inboxId=&InboxID=a&pageToken=p&LIMIT=5'), { inboxId: 'inbox_id', InboxID: 'inbox_id', pageToken: 'page_token', LIMIT: 'limit' });
  assert.deepEqual(suggestions('listExecutionThreads', 'sortng=a&totl=1&thread-tokn=x&strat=1'), { sortng: 'sorting', totl: 'total', 'thread-tokn': 'thread_token', strat: 'start' });
});

test('unrelated names get no suggestion; an operation without query parameters suggests nothing', () => {
  assert.deepEqual(suggestions('listExecutionThreads', 'foo=1&color=red&sort=Type&id=3&x-trace=1&__proto__=1'), { foo: null, color: null, sort: null, id: null, 'x-trace': null, ['__proto__']: null });
  assert.deepEqual(suggestions('listThreads', 'page=2&token=t&x-trace=1'), { page: null, token: null, 'x-trace': null });
  const [only] = names.unknown('getThread', parseQuery('limit=5'), []);
  assert.equal(only?.message, '`limit`: not a parameter of getThread (it takes no query parameters)');
});

test('each unknown name once, with the sentence and the defined names', () => {
  const blank: string[] = [];
  const found = names.unknown('listExecutionThreads', parseQuery('threadToken=a&threadToken=b&threadToken=', blank), blank);
  assert.deepEqual(found, [
    { name: 'threadToken', operationId: 'listExecutionThreads', suggestion: 'thread_token', defined: ['workspaceId', 'start', 'total', 'thread_token', 'type', 'sorting'], message: '`threadToken`: not a parameter of listExecutionThreads; did you mean `thread_token`?' },
  ]);
  assert.equal(names.unknown('listExecutionThreads', parseQuery('start=1'), []).length, 0);
});

test('editDistance counts insertions, deletions, substitutions and swaps of neighbours', () => {
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('sorting', 'sorting'), 0);
  assert.equal(editDistance('sortng', 'sorting'), 1);
  assert.equal(editDistance('strat', 'start'), 1);
  assert.equal(editDistance('sort', 'start'), 2);
});
