// Property: walking all pages returns every thread that existed for the whole walk exactly once,
// in list order, even when threads are inserted and deleted between pages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ThreadRecord } from '../../src/model.js';
import { sandboxClient } from '../helpers/http.js';
import { deleteThread, putThread } from '../../src/store/contract.js';

const BASE = Date.parse('2026-01-01T00:00:00Z');

type Change = { kind: 'insert'; minutes: number; inbox: number } | { kind: 'delete'; pick: number };

const change: fc.Arbitrary<Change> = fc.oneof(
  // Minutes from a small range, so inserted threads often tie with existing ones.
  fc.record({ kind: fc.constant('insert' as const), minutes: fc.integer({ min: -3000, max: 3000 }), inbox: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
);

function thread(id: string, inbox: string, at: number): ThreadRecord {
  return {
    thread_id: id,
    inbox_id: inbox,
    messages: [{ message_id: `m-${id}`, message_id_header: `<${id}@x>`, from: 'A <a@x>', subject: 's', snippet: 'p', received_at: new Date(at).toISOString().replace('.000Z', 'Z'), folder: 'INBOX', uid: 1 }],
  };
}

describe('cursor walk under concurrent changes', () => {
  it('every thread present for the whole walk comes exactly once, in order', async () => {
    let run = 0;
    const api = await sandboxClient({ seed: 1, executionThreads: 0, threads: 0 });
    const store = api.services.store;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.option(fc.constantFrom('inbox-0', 'inbox-1'), { nil: undefined }),
        fc.array(fc.array(change, { maxLength: 4 }), { maxLength: 20 }),
        async (initial, limit, inbox, changesPerPage) => {
          await store.replace({ schemaVersion: 1, executionThreads: [], threads: [] });
          let next = 0;
          const insert = async (minutes: number, box: number) => {
            const id = `t${run}-${next++}`;
            await putThread(store, thread(id, `inbox-${box}`, BASE + minutes * 60_000));
          };
          for (let i = 0; i < initial; i++) await insert((i * 37) % 2000 - 1000, i % 3);
          const atStart = new Set(store.threads.all().filter((t) => !inbox || t.inbox_id === inbox).map((t) => t.thread_id));
          const deleted = new Set<string>();
          const seen: { id: string; at: number }[] = [];
          let token: string | undefined;
          let page = 0;
          do {
            const q = `limit=${limit}${inbox ? `&inbox_id=${inbox}` : ''}${token ? `&page_token=${encodeURIComponent(token)}` : ''}`;
            const res = await api.get(`/human/v0/threads?${q}`);
            assert.equal(res.status, 200);
            for (const t of res.body.threads) seen.push({ id: t.thread_id, at: Date.parse(t.latest_message_received_at) });
            token = res.body.next_page_token;
            for (const c of changesPerPage[page] ?? []) {
              if (c.kind === 'insert') await insert(c.minutes, c.inbox);
              else {
                const all = store.threads.all();
                const victim = all[c.pick % Math.max(1, all.length)];
                if (victim) {
                  deleted.add(victim.thread_id);
                  await deleteThread(store, victim.thread_id);
                }
              }
            }
            page++;
          } while (token && page < 500);
          run++;
          assert.equal(token, undefined, 'the walk ends');
          const ids = seen.map((s) => s.id);
          assert.equal(new Set(ids).size, ids.length, 'no thread twice');
          for (const id of atStart) if (!deleted.has(id)) assert.ok(ids.includes(id), `${id} was present all along but missing`);
          for (let i = 1; i < seen.length; i++) {
            const a = seen[i - 1] as { id: string; at: number };
            const b = seen[i] as { id: string; at: number };
            assert.ok(a.at > b.at || (a.at === b.at && a.id < b.id), `order: ${a.id} before ${b.id}`);
          }
        },
      ),
      { numRuns: 60, seed: 20261125 },
    );
  });
});
