// The sorting grammar: keys, directions, combinations, stability and nulls.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseSorting, SortingError } from '../../src/apis/execution-threads/sorting.js';
import { sandboxClient, type Client } from '../helpers/http.js';

interface Item {
  workspaceId: number;
  threadToken: string | null;
  type: string;
  createdAt: string;
}

const FIELD: Record<string, keyof Item> = { CreatedAt: 'createdAt', ThreadToken: 'threadToken', Type: 'type', WorkspaceId: 'workspaceId' };

function compare(a: Item, b: Item, field: keyof Item): number {
  const x = a[field];
  const y = b[field];
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  if (field === 'createdAt') return Date.parse(x as string) - Date.parse(y as string);
  return x < y ? -1 : 1;
}

describe('sorting', () => {
  let api: Client;
  let all: Item[];
  before(async () => {
    api = await sandboxClient();
    all = (await api.get('/v1/threads?workspaceId=2')).body.items;
  });

  for (const key of Object.keys(FIELD)) {
    for (const [label, suffix, descending] of [
      ['ascending', '', false],
      ['ascending with asc', ' asc', false],
      ['descending with desc', ' desc', true],
      ['descending with -', '-', true],
    ] as const) {
      it(`${key} ${label} orders the items by ${key}`, async () => {
        const term = suffix === '-' ? `-${key}` : `${key}${suffix}`;
        const res = await api.get(`/v1/threads?workspaceId=2&sorting=${encodeURIComponent(term)}`);
        assert.equal(res.status, 200);
        const items: Item[] = res.body.items;
        assert.equal(items.length, all.length);
        for (let i = 1; i < items.length; i++) {
          const c = compare(items[i - 1] as Item, items[i] as Item, FIELD[key] as keyof Item);
          assert.ok(descending ? c >= 0 : c <= 0, `${term}: item ${i - 1} and ${i} out of order`);
        }
      });
    }
  }

  it('keys are case-insensitive and "+" in the URL is the space before asc/desc', async () => {
    const a = await api.get('/v1/threads?workspaceId=2&sorting=createdat+DESC');
    const b = await api.get('/v1/threads?workspaceId=2&sorting=-CreatedAt');
    assert.deepEqual(a.body, b.body);
  });

  it('ties keep creation order, for ascending and descending alike (stable)', async () => {
    const asc = (await api.get('/v1/threads?workspaceId=2&sorting=Type')).body.items as Item[];
    const desc = (await api.get('/v1/threads?workspaceId=2&sorting=Type+desc')).body.items as Item[];
    for (const type of ['Manual', 'BrowserInstance']) {
      const inCreationOrder = all.filter((i) => i.type === type);
      assert.deepEqual(asc.filter((i) => i.type === type), inCreationOrder);
      assert.deepEqual(desc.filter((i) => i.type === type), inCreationOrder);
    }
  });

  it('a null threadToken sorts first ascending and last descending', async () => {
    const asc = (await api.get('/v1/threads?workspaceId=2&sorting=ThreadToken')).body.items as Item[];
    const desc = (await api.get('/v1/threads?workspaceId=2&sorting=-ThreadToken')).body.items as Item[];
    const nulls = all.filter((i) => i.threadToken === null).length;
    assert.ok(nulls >= 2);
    assert.ok(asc.slice(0, nulls).every((i) => i.threadToken === null));
    assert.ok(desc.slice(-nulls).every((i) => i.threadToken === null));
  });

  it('several keys sort by the first, then the next among ties', async () => {
    const res = await api.get(`/v1/threads?workspaceId=2&sorting=${encodeURIComponent('Type desc, CreatedAt')}`);
    const items = res.body.items as Item[];
    const expected = [...all].sort((a, b) => -compare(a, b, 'type') || compare(a, b, 'createdAt'));
    assert.deepEqual(items, expected);
  });

  it('without sorting, items come in creation order', async () => {
    assert.deepEqual(all.map((i) => i.createdAt), [
      '2025-07-20T08:00:00.000Z',
      '2025-07-21T08:00:00.000Z',
      '2025-07-19T12:30:00.000Z',
      '2025-07-21T08:00:00.000Z',
      '2025-07-22T17:45:10.250Z',
      '2025-07-18T06:15:00.000Z',
      '2025-07-23T10:00:00.001Z',
    ]);
  });

  it('an empty key is a 400 like any unknown key, naming it; a blank value is no sorting', async () => {
    for (const sorting of ['CreatedAt,', ',CreatedAt', 'CreatedAt,,Type', 'CreatedAt,%20']) {
      const res = await api.get(`/v1/threads?workspaceId=2&sorting=${sorting}`);
      assert.equal(res.status, 400, sorting);
      assert.match(res.body.message, /query parameter 'sorting' has an empty sort key.*allowed keys are CreatedAt/, sorting);
    }
    assert.equal((await api.get('/v1/threads?workspaceId=2&sorting=%20')).status, 200);
  });

  it('sorting applies before the window', async () => {
    const page = await api.get('/v1/threads?workspaceId=2&sorting=-CreatedAt&start=1&total=2');
    const full = await api.get('/v1/threads?workspaceId=2&sorting=-CreatedAt');
    assert.deepEqual(page.body.items, full.body.items.slice(1, 3));
  });

  it('the parser rejects unknown keys, both - and desc, and garbage, naming the allowed keys', () => {
    for (const bad of ['Colour', 'CreatedAt sideways', '-CreatedAt desc', 'Created At', '--Type']) {
      assert.throws(() => parseSorting(bad), SortingError, bad);
    }
    assert.throws(() => parseSorting('Nope'), /CreatedAt, ThreadToken, Type, WorkspaceId/);
    assert.deepEqual(parseSorting(' type ASC ,-workspaceid'), [
      { field: 'type', descending: false },
      { field: 'workspaceId', descending: true },
    ]);
  });
});

describe('remembered sortings', () => {
  it('a sorting sent again is ordered the same, and a refused one is refused again', async () => {
    const { orderFor } = await import('../../src/apis/execution-threads/sorting.js');
    assert.equal(orderFor('-CreatedAt, Type'), orderFor('-CreatedAt, Type'), 'the order is remembered');
    assert.equal(orderFor(''), undefined);
    for (let i = 0; i < 2; i++) assert.throws(() => orderFor('Nope'), SortingError);
    // Past the bound, old entries are forgotten and rebuilt, never wrong.
    for (let i = 0; i < 300; i++) orderFor(`CreatedAt${' '.repeat(i % 3)}, Type${' '.repeat(i)}`);
    assert.equal(orderFor('-CreatedAt, Type')?.key, 'createdAt:desc,type:asc');
  });
});
