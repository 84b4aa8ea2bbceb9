// Execution Threads v1 against the target's own data: every sort key both ways, filters taken from
// threads the target returned, and offset windows that must tile the full list.
import { compareBy, listDifference, orderViolation, parseSorting, SORT_KEYS, stableSorted, type ExecutionThread, type SortTerm } from './invariants.js';
import type { Random } from './seeded-random.js';
import { CheckSkipped, type CheckScope, type Verifier } from './verifier.js';
import { withQuery } from './urls.js';
import { LIST_V1, listV1, V1, V1_PATH, type ExecutionThreadPage } from './v1-list.js';

/** Lists longer than this are compared by order only, not item by item. */
const FULL_LIST_CAP = 5000;
const MAX_WINDOWS = 40;

interface Workspace {
  id: number;
  totalCount: number;
  /** The list in creation order, at most FULL_LIST_CAP long. */
  all: ExecutionThread[];
}

const complete = (ws: Workspace) => ws.all.length === ws.totalCount;

export async function verifyV1Data(v: Verifier, random: Random, workspaces: readonly number[]): Promise<void> {
  const ws = await v.check(V1, LIST_V1, `workspaces ${workspaces.join(', ')} can be listed; the one with most threads is used below`, async (t) => {
    let best = { id: workspaces[0] ?? -1, totalCount: 0 };
    // Only totalCount is read here: the window checks below judge `total` on their own.
    for (const id of workspaces) {
      const { totalCount } = (await t.get(withQuery(V1_PATH, { workspaceId: id, total: 1 }), { expect: 200 })).body as ExecutionThreadPage;
      if (totalCount > best.totalCount) best = { id, totalCount };
    }
    const page = await listV1(t, { workspaceId: best.id, total: Math.min(best.totalCount, FULL_LIST_CAP) });
    return { id: best.id, totalCount: page.totalCount, all: page.items };
  });
  const check = (name: string, body: (t: CheckScope, ws: Workspace) => Promise<void>) =>
    v.check(V1, LIST_V1, name, async (t) => {
      if (!ws) throw new CheckSkipped('listing the workspaces failed (see above), so there is no data to work with');
      if (ws.totalCount === 0) throw new CheckSkipped(`no execution threads to work with (workspaces ${workspaces.join(', ')} are empty; see --workspaces)`);
      await body(t, ws);
    });
  const all = ws?.all ?? [];
  const n = ws?.all.length ?? 0;
  const where = ws ? `workspace ${ws.id}` : 'the workspace';

  // ---- sorting: every key both ways, in each spelling of the grammar ----
  const spellings = SORT_KEYS.flatMap((k) => [k, `${k} asc`, `${k} desc`, `-${k}`, `${k.toLowerCase()} desc`]);
  const [first, second] = random.sample(SORT_KEYS, 2);
  spellings.push(`${first} ${random.int(0, 1) ? 'desc' : 'asc'},${random.int(0, 1) ? '-' : ''}${second}`);
  spellings.push('-CreatedAt', 'Type asc,ThreadToken desc');
  for (const sorting of new Set(spellings)) {
    await check(`sorting=${sorting} orders ${where} accordingly`, async (t, ws) => {
      const page = await listV1(t, { workspaceId: ws.id, total: n, sorting });
      checkSorted(t, page.items, ws, parseSorting(sorting) as SortTerm[], sorting);
    });
  }

  // ---- filters taken from the target's own data ----
  const tokens = random.sample([...new Set(all.map((i) => i.threadToken).filter((x): x is string => x !== null))], 3);
  for (const token of tokens) {
    await check(`thread_token=${token} (from the data) lists exactly the threads with that token`, async (t, ws) => {
      const page = await listV1(t, { workspaceId: ws.id, thread_token: token, total: n });
      if (complete(ws)) expectList(t, page.items, all.filter((i) => i.threadToken === token), page.totalCount);
    });
  }
  for (const type of ['Manual', 'BrowserInstance']) {
    await check(`type=${type} lists exactly the ${type} threads of ${where}`, async (t, ws) => {
      const page = await listV1(t, { workspaceId: ws.id, type, total: n });
      if (complete(ws)) expectList(t, page.items, all.filter((i) => i.type === type), page.totalCount);
    });
  }
  const [sample] = random.sample(all.filter((i) => i.threadToken !== null), 1);
  if (sample) {
    await check(`thread_token=${sample.threadToken}&type=${sample.type} applies both filters`, async (t, ws) => {
      const page = await listV1(t, { workspaceId: ws.id, thread_token: sample.threadToken ?? '', type: sample.type, total: n });
      if (complete(ws)) expectList(t, page.items, all.filter((i) => i.threadToken === sample.threadToken && i.type === sample.type), page.totalCount);
    });
  }
  const absent = `verify-absent-${random.word(10)}`;
  const swapped = sample?.threadToken?.toUpperCase() !== sample?.threadToken ? sample?.threadToken?.toUpperCase() : undefined;
  for (const token of [absent, ...(swapped && !all.some((i) => i.threadToken === swapped) ? [swapped] : [])]) {
    await check(`thread_token=${token} (not in the data; matching is exact and case-sensitive) lists nothing`, async (t, ws) => {
      const page = await listV1(t, { workspaceId: ws.id, thread_token: token });
      t.assertEqual(page, { totalCount: 0, items: [] }, 'a token no thread has must match nothing');
    });
  }

  // ---- offset windows ----
  await check(`total=0 gives no items but the full totalCount`, async (t, ws) => {
    const page = await listV1(t, { workspaceId: ws.id, total: 0 });
    t.assert(page.totalCount === ws.totalCount, `totalCount is ${page.totalCount} with total=0, ${ws.totalCount} without`);
  });
  await check(`start=totalCount (past the last thread) gives no items but the full totalCount`, async (t, ws) => {
    const page = await listV1(t, { workspaceId: ws.id, start: ws.totalCount });
    t.assert(page.totalCount === ws.totalCount, `totalCount is ${page.totalCount} with start=${ws.totalCount}, ${ws.totalCount} without`);
  });
  const size = Math.max(random.int(1, Math.max(1, Math.ceil(n / 3))), Math.ceil(n / MAX_WINDOWS));
  const [key] = random.sample(SORT_KEYS, 1);
  for (const sorting of [undefined, `${key} ${random.int(0, 1) ? 'desc' : 'asc'}`]) {
    await check(`windows of total=${size}${sorting ? ` with sorting=${sorting}` : ''} tile the whole list without gaps or overlaps`, async (t, ws) => {
      const whole = sorting ? (await listV1(t, { workspaceId: ws.id, total: n, sorting })).items : all;
      const tiled: ExecutionThread[] = [];
      for (let start = 0; start < n; start += size) {
        const page = await listV1(t, { workspaceId: ws.id, start, total: size, sorting });
        t.assert(page.totalCount === ws.totalCount, `totalCount changed from ${ws.totalCount} to ${page.totalCount} between windows`);
        tiled.push(...page.items);
      }
      const diff = listDifference(tiled, whole, 'position');
      t.assert(!diff, `the windows put together differ from the whole list at ${diff}`);
    });
  }
}

function checkSorted(t: CheckScope, items: ExecutionThread[], ws: Workspace, terms: SortTerm[], sorting: string): void {
  const compare = compareBy(terms);
  const disorder = orderViolation(items, compare);
  t.assert(!disorder, `not ordered by '${sorting}': ${disorder}`);
  if (!complete(ws)) return;
  const diff = listDifference(items, stableSorted(ws.all, compare), 'position');
  t.assert(!diff, `ordered by '${sorting}', but ties do not keep creation order (sorting must be stable) or threads differ: ${diff}`);
}

function expectList(t: CheckScope, items: ExecutionThread[], expected: ExecutionThread[], totalCount: number): void {
  t.assert(totalCount === expected.length, `totalCount is ${totalCount}, the data has ${expected.length} such threads`);
  const diff = listDifference(items, expected, 'position');
  t.assert(!diff, `the filtered list (in creation order) differs from the data at ${diff}`);
}
