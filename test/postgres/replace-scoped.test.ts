// The store's scoped replace on PostgreSQL: the cases of helpers/replace-scoped-cases.ts, each
// checked on a second replica too.
import assert from 'node:assert/strict';
import { after, describe } from 'node:test';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { clusterForTests, freshSchemaUrl, postgresSkip } from '../helpers/postgres.js';
import { behaviour, byId, delegate, START, threadsOf } from '../helpers/replace-scoped-cases.js';

describe('scoped replace on PostgreSQL (seen by a second replica)', { skip: postgresSkip() }, () => {
  let cluster: Awaited<ReturnType<typeof clusterForTests>> | undefined;
  after(async () => cluster?.release());
  behaviour(async () => {
    cluster ??= await clusterForTests();
    const url = await freshSchemaUrl(cluster.url);
    const open = () => PostgresStore.open({ url, initial: () => structuredClone(START), cursorSecret: 's' });
    const store = await open();
    return {
      ...delegate(store),
      close: async () => {
        const other = await open();
        await other.sync();
        assert.deepEqual([byId(other), threadsOf(other)], [byId(store), threadsOf(store)], 'the other replica sees the same');
        await other.close();
        await store.close();
      },
    };
  });
});

