// The PostgreSQL tables hold what the data file's JSON Schema says a record is: records built from
// the schema itself (every property it has, at the edges its keywords allow) are stored, whether
// seeded, written one change at a time or replaced, and come back the same on a fresh replica. A
// field added to the schema is in these records at once: no list of fields here to forget.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { Database, ExecutionThreadRecord, ThreadRecord } from '../../src/model.js';
import { putExecutionThread, putThread } from '../../src/store/contract.js';
import { findDatabaseProblem } from '../../src/store/db-schema.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { clusterForTests, freshSchemaUrl, postgresSkip } from '../helpers/postgres.js';

type Schema = { type?: string | string[]; enum?: unknown[]; format?: string; properties?: Record<string, Schema>; items?: Schema; minimum?: number; maximum?: number; minLength?: number; maxLength?: number };

const schema = JSON.parse(readFileSync(new URL('../../fixtures/database.schema.json', import.meta.url), 'utf8')) as Schema;
const recordSchemas = { executionThread: schema.properties!.executionThreads!.items!, thread: schema.properties!.threads!.items! };

/**
 * A value the schema allows, built from it: `edge` 'high' takes the largest numbers and the longest
 * strings (in code points: an astral character counts once), 'low' the smallest and null where
 * allowed. `tag` makes ids distinct.
 */
function example(s: Schema, edge: 'high' | 'low', tag: string): unknown {
  if (s.enum) return edge === 'high' ? s.enum[s.enum.length - 1] : s.enum[0];
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (edge === 'low' && types.includes('null')) return null;
  if (types.includes('object')) return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, example(v, edge, `${tag}.${k}`)]));
  if (types.includes('array')) return [example(s.items!, edge, `${tag}.0`), ...(edge === 'high' ? [example(s.items!, edge, `${tag}.1`)] : [])];
  if (types.includes('integer')) return edge === 'high' ? (s.maximum ?? 2 ** 31) : (s.minimum ?? 0);
  if (types.includes('string')) {
    if (s.format === 'timestamp') return edge === 'high' ? '2099-12-31T23:59:59.999Z' : '1970-01-01T00:00:00Z';
    if (edge === 'low') return s.minLength ? tag.slice(-(s.minLength ?? 1)).padStart(s.minLength, 'x') : '';
    const max = s.maxLength ?? 64;
    // Distinct, quotes and backslashes and an astral character included, exactly max code points long.
    const text = `${tag} "\\ \u{1F600} é`;
    return [...text.padEnd(max, '~')].slice(0, max).join('');
  }
  throw new Error(`no example for ${JSON.stringify(s)}`);
}

function records(edge: 'high' | 'low', n: number): { exec: ExecutionThreadRecord; thread: ThreadRecord } {
  const exec = example(recordSchemas.executionThread, edge, `e${n}`) as ExecutionThreadRecord;
  if (edge === 'low') exec.id = n; // the lowest id is 1 for every record: ids must differ
  const thread = example(recordSchemas.thread, edge, `t${n}`) as ThreadRecord;
  return { exec, thread };
}

const skip = postgresSkip();

describe('the PostgreSQL tables hold every field of the schema', { skip }, () => {
  let cluster: Awaited<ReturnType<typeof clusterForTests>>;
  const opened: PostgresStore[] = [];
  const open = async (url: string, initial: Database) => {
    const store = await PostgresStore.open({ url, initial: () => structuredClone(initial), cursorSecret: 's' });
    opened.push(store);
    return store;
  };

  before(async () => {
    cluster = await clusterForTests();
  });
  after(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await cluster?.release();
  });

  it('records built from the schema round-trip: seeded, written one change at a time, replaced', async () => {
    const url = await freshSchemaUrl(cluster.url);
    const a = records('high', 1);
    const b = records('low', 2);
    const seeded: Database = { schemaVersion: 1, executionThreads: [a.exec], threads: [a.thread] };
    assert.equal(findDatabaseProblem(seeded), null, 'the records are ones the schema allows');
    const writer = await open(url, seeded);
    await putExecutionThread(writer, b.exec);
    await putThread(writer, b.thread);

    const fresh = await open(url, { schemaVersion: 1, executionThreads: [], threads: [] });
    assert.deepEqual(fresh.executionThreads.get(a.exec.id), a.exec);
    assert.deepEqual(fresh.executionThreads.get(b.exec.id), b.exec);
    assert.deepEqual(fresh.threads.get(a.thread.thread_id), a.thread);
    assert.deepEqual(fresh.threads.get(b.thread.thread_id), b.thread);

    // Each row's record holds exactly the schema's fields; the columns SQL queries agree with it.
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    try {
      const exec = await sql.query<{ id: string; workspace_id: string; record: Record<string, unknown> }>('SELECT id, workspace_id, record FROM execution_threads ORDER BY id');
      assert.equal(exec.rows.length, 2);
      for (const row of exec.rows) {
        assert.deepEqual(Object.keys(row.record).sort(), Object.keys(recordSchemas.executionThread.properties!).sort());
        assert.equal(Number(row.id), row.record.id);
        assert.equal(Number(row.workspace_id), row.record.workspaceId);
      }
      const threads = await sql.query<{ thread_id: string; inbox_id: string; record: ThreadRecord }>('SELECT thread_id, inbox_id, record FROM threads ORDER BY position');
      assert.deepEqual(threads.rows.map((r) => r.record), [a.thread, b.thread]);
      for (const row of threads.rows) {
        assert.equal(row.thread_id, row.record.thread_id);
        assert.equal(row.inbox_id, row.record.inbox_id);
      }
    } finally {
      await sql.end();
    }

    // A replace writes the whole database: the same records come back from it too.
    const replaced: Database = { schemaVersion: 1, executionThreads: [b.exec, a.exec], threads: [b.thread, a.thread] };
    await writer.replace(replaced);
    const afterReplace = await open(url, { schemaVersion: 1, executionThreads: [], threads: [] });
    const { executionThreads, threads } = afterReplace.snapshot();
    assert.deepEqual({ executionThreads, threads }, { executionThreads: replaced.executionThreads, threads: replaced.threads });
  });
});
