// Tenant B creates execution threads from several writers while tenant A resets its own part and
// imports its own snapshot in a loop: the race of issue 21 ("no other tenant's acknowledged write
// is ever lost"). The engines' tests run it on memory, file and two PostgreSQL replicas.
import assert from 'node:assert/strict';
import type { TenantConfig } from '../../src/auth.js';
import { generateDatabase } from '../../src/fake.js';
import type { StartOptions } from '../../src/sandbox.js';
import type { Client } from './http.js';

/**
 * The sandbox options of the race (add the engine's): seeded data of this size, tenant A owning
 * workspace 1 and the first inbox, B workspace 2 and the second. The size sets how long a reset
 * takes, so how wide the window a copy-and-replace reset leaves open.
 */
export function raceOptions(executionThreads: number, threads: number): StartOptions {
  const data = generateDatabase(11, { executionThreads, threads });
  const inboxes = [...new Set(data.threads.map((t) => t.inbox_id))].sort();
  const tenants: TenantConfig[] = [
    { name: 'team-a', tokens: ['tok-a'], workspaces: [1], inboxes: [inboxes[0] as string] },
    { name: 'team-b', tokens: ['tok-b'], workspaces: [2], inboxes: [inboxes[1] as string] },
  ];
  // A's snapshot is imported whole: more than the default body limit.
  return { seed: 11, executionThreads, threads, tenants, logLevel: 'silent', bodyLimitBytes: 32 * 1024 * 1024 };
}

const A = { Authorization: 'Bearer tok-a' };
const B = { Authorization: 'Bearer tok-b' };

export interface RaceResult {
  acknowledged: number[];
  resets: number;
  imports: number;
}

/**
 * Runs the race for `ms`: A resets and imports on `resetter`, `writers` loops of B create on the
 * clients given (round robin). Only 201s count as acknowledged; any other answer fails the test.
 */
export async function raceTenantReset(resetter: Client, writerClients: readonly Client[], { ms = 3000, writers = 3 } = {}): Promise<RaceResult> {
  const own = await resetter.get('/__sandbox/snapshot', A);
  assert.equal(own.status, 200);
  const snapshot = own.body;
  assert.ok(snapshot.executionThreads.length > 0 && snapshot.threads.length > 0, "tenant A's part holds records to replace");
  const until = Date.now() + ms;
  const result: RaceResult = { acknowledged: [], resets: 0, imports: 0 };

  const resetLoop = async () => {
    while (Date.now() < until) {
      const reset = await resetter.post('/__sandbox/reset', undefined, A);
      assert.equal(reset.status, 200, JSON.stringify(reset.body));
      result.resets++;
      const imported = await resetter.put('/__sandbox/snapshot', snapshot, A);
      assert.equal(imported.status, 200, JSON.stringify(imported.body));
      result.imports++;
    }
  };
  const writeLoop = async (w: number) => {
    const client = writerClients[w % writerClients.length] as Client;
    for (let i = 0; Date.now() < until; i++) {
      const created = await client.post('/__sandbox/execution-threads', { workspaceId: 2, threadToken: `b-${w}-${i}` }, B);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      result.acknowledged.push(created.body.id);
    }
  };
  await Promise.all([resetLoop(), ...Array.from({ length: writers }, (_, w) => writeLoop(w))]);
  return result;
}

/** Fails naming how many acknowledged creates `client` no longer finds. */
export async function assertNoneLost(client: Client, acknowledged: readonly number[], where: string): Promise<void> {
  const lost = await lostCreates(client, acknowledged);
  assert.equal(lost.length, 0, `${where}: ${lost.length} of ${acknowledged.length} acknowledged creates of tenant B are gone (ids ${lost.slice(0, 5).join(', ')}...)`);
}

/** The acknowledged ids `client` no longer finds in B's workspace (a list, then a GET of some). */
export async function lostCreates(client: Client, acknowledged: readonly number[]): Promise<number[]> {
  const held = new Set<number>();
  for (let offset = 0; ; offset += 10_000) {
    const page = await client.get(`/__sandbox/execution-threads?workspaceId=2&offset=${offset}&limit=10000`, B);
    assert.equal(page.status, 200);
    for (const e of page.body.executionThreads as { id: number }[]) held.add(e.id);
    if (offset + 10_000 >= page.body.total) break;
  }
  const lost = acknowledged.filter((id) => !held.has(id));
  // The list and a GET by id agree, for the first and last creates.
  for (const id of [...acknowledged.slice(0, 10), ...acknowledged.slice(-10)]) {
    const one = await client.get(`/__sandbox/execution-threads/${id}`, B);
    assert.equal(one.status === 200, held.has(id), `GET of execution thread ${id} answers ${one.status}`);
  }
  return lost;
}
