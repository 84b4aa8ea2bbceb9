// Agentry Threads v0: the documented request, parameter boundaries, cursor walks that must agree
// with each other, inbox filters from the target's data, get-by-id against the list, credentials.
import { derivedFieldProblems, summaryOf, type Thread, type ThreadSummary } from './invariants.js';
import { parameterCases, shown } from './parameter-cases.js';
import type { Random } from './seeded-random.js';
import type { SpecValidator } from './spec-validator.js';
import { withQuery } from './urls.js';
import { CheckSkipped, type CheckScope, type Verifier } from './verifier.js';
import { expectV0Error, GET_V0, LIST_V0, listV0, V0, V0_PATH, walkV0, type Walk } from './v0-list.js';

const byId = (id: string) => `${V0_PATH}/${encodeURIComponent(id)}`;
const ids = (threads: readonly ThreadSummary[]) => threads.map((x) => x.thread_id);

export async function verifyV0(v: Verifier, spec: SpecValidator, random: Random, maxPages: number): Promise<void> {
  const list = (name: string, body: (t: CheckScope) => Promise<void>) => v.check(V0, LIST_V0, name, body);
  const get = (name: string, body: (t: CheckScope) => Promise<void>) => v.check(V0, GET_V0, name, body);

  await list(`the documented request (GET ${V0_PATH}) answers 200 with the default limit 10`, async (t) => {
    await listV0(t, {});
  });
  const full = await v.check(V0, LIST_V0, `a cursor walk with limit=100 lists every thread once, newest first`, (t) => walkV0(t, { limit: 100 }, maxPages));
  const all = full?.threads ?? [];
  const needData = (t: CheckScope) => {
    if (!full) throw new CheckSkipped('the full cursor walk failed (see above), so there is no data to work with');
    if (all.length === 0) throw new CheckSkipped('no threads to work with (the target listed none)');
    return full;
  };

  const limit = Math.max(random.int(1, 7), Math.ceil(all.length / maxPages));
  await list(`a cursor walk with limit=${limit} returns the same threads, without duplicates or gaps`, async (t) => {
    const reference = needData(t);
    const walk = await walkV0(t, { limit }, maxPages);
    compareWalks(t, walk, reference);
  });
  for (const inbox of random.sample([...new Set(all.map((x) => x.inbox_id))], 3)) {
    await list(`inbox_id=${inbox} (from the data) walks exactly that inbox's threads`, async (t) => {
      const reference = needData(t);
      const walk = await walkV0(t, { inbox_id: inbox, limit }, maxPages);
      compareWalks(t, walk, { ...reference, threads: all.filter((x) => x.inbox_id === inbox) });
    });
  }
  const absent = `verify-absent-${random.word(10)}`;
  await list(`inbox_id=${absent} (an inbox the target never returned) lists no threads`, async (t) => {
    const page = await listV0(t, { inbox_id: absent });
    t.assert(page.threads.length === 0 && page.next_page_token === undefined, `expected an empty last page, got ${page.threads.length} threads`);
  });

  for (const c of parameterCases(spec.operation(V0, LIST_V0), random, ['page_token'])) {
    await list(`${c.parameter}=${shown(c.value)} is ${c.valid ? 'accepted' : 'rejected with 400 ValidationError'} (${c.why})`, async (t) => {
      if (c.valid) return void (await listV0(t, { [c.parameter]: c.value } as never));
      await t.get(withQuery(V0_PATH, { [c.parameter]: c.value }), { expect: 400 });
      expectV0Error(t, 'ValidationError', c.parameter);
    });
  }
  const badToken = async (t: CheckScope, params: Record<string, string>) => {
    await t.get(withQuery(V0_PATH, params), { expect: 400 });
    expectV0Error(t, 'ValidationError', 'page_token');
  };
  await list('a malformed page_token is rejected with 400 ValidationError', (t) => badToken(t, { page_token: `not-a-token-${random.word(6)}` }));
  await list('a tampered page_token is rejected with 400 ValidationError', async (t) => {
    const token = (await listV0(t, { limit: 1 })).next_page_token;
    if (!token) throw new CheckSkipped('fewer than two threads, so no page_token to tamper with');
    const i = Math.floor(token.length / 2);
    await badToken(t, { limit: '1', page_token: `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}` });
  });
  const [inbox] = random.sample([...new Set(all.map((x) => x.inbox_id))], 1);
  await list(`a page_token used with another inbox_id than it was issued for is rejected with 400`, async (t) => {
    const first = await listV0(t, { limit: 1 });
    if (!first.next_page_token || !inbox) throw new CheckSkipped('fewer than two threads');
    await badToken(t, { inbox_id: inbox, limit: '1', page_token: first.next_page_token });
  });
  await list('without an Authorization header the answer is 401 UnauthorizedError', async (t) => {
    await t.get(V0_PATH, { auth: false, expect: 401 });
    expectV0Error(t, 'UnauthorizedError');
  });
  await list('an Authorization header that is not Bearer is answered 401 UnauthorizedError', async (t) => {
    await t.get(V0_PATH, { auth: false, headers: { Authorization: 'Basic dmVyaWZ5OnZlcmlmeQ==' }, expect: 401 });
    expectV0Error(t, 'UnauthorizedError');
  });

  // ---- get-by-id ----
  const sample = [...new Map([...all.slice(0, 1), ...random.sample(all, 7)].map((x) => [x.thread_id, x])).values()];
  await get(`get-by-id of ${sample.length} listed threads answers 200 and equals each list item`, async (t) => {
    needData(t);
    for (const item of sample) {
      const thread = (await t.get(byId(item.thread_id), { expect: 200 })).body as Thread;
      t.assertEqual(summaryOf(thread), item, `thread ${item.thread_id} read by id differs from its list item`);
    }
  });
  await get(`derived fields agree with the messages (${sample.length} threads)`, async (t) => {
    needData(t);
    for (const item of sample) {
      const problems = derivedFieldProblems((await t.get(byId(item.thread_id), { expect: 200 })).body as Thread);
      t.assert(problems.length === 0, `thread ${item.thread_id}: ${problems.join('; ')}`);
    }
  });
  const unknown = `verify-missing-${random.word(10)}`;
  await get(`an unknown thread_id (${unknown}) answers 404 NotFoundError`, async (t) => {
    await t.get(byId(unknown), { expect: 404 });
    expectV0Error(t, 'NotFoundError');
  });
  for (const c of parameterCases(spec.operation(V0, GET_V0), random)) {
    await get(`thread_id=${shown(c.value)} is ${c.valid ? 'accepted (404 for an unknown id)' : 'rejected with 400 ValidationError'} (${c.why})`, async (t) => {
      await t.get(byId(c.value), { expect: c.valid ? 404 : 400 });
      expectV0Error(t, c.valid ? 'NotFoundError' : 'ValidationError', c.valid ? undefined : 'thread_id');
    });
  }
  await get('without an Authorization header get-by-id answers 401 UnauthorizedError', async (t) => {
    await t.get(byId(all[0]?.thread_id ?? unknown), { auth: false, expect: 401 });
    expectV0Error(t, 'UnauthorizedError');
  });
}

/** Two walks over the same data must return the same threads in the same order. */
function compareWalks(t: CheckScope, walk: Walk, reference: Walk): void {
  const got = ids(walk.threads);
  const want = ids(reference.threads);
  // A capped walk covers only a prefix: compare as much as both cover.
  const upTo = walk.capped || reference.capped ? Math.min(got.length, want.length) : Math.max(got.length, want.length);
  const seen = new Set(got.slice(0, upTo));
  const gap = want.slice(0, upTo).find((id) => !seen.has(id));
  t.assert(gap === undefined, `thread ${gap} never came: the walk has a gap`);
  const extra = got.slice(0, upTo).find((id) => !want.includes(id));
  t.assert(extra === undefined, `thread ${extra} came, but the reference walk has no such thread`);
  t.assertEqual(got.slice(0, upTo), want.slice(0, upTo), 'the walk returned the threads in another order than the reference walk');
}
