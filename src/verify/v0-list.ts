// GET /human/v0/threads pages and whole cursor walks, with the invariants every page must keep:
// count == threads.length <= limit, the limit echoed, the inbox filter applied, newest first,
// and no thread twice in one walk.
import { firstRepeat, newestFirst, orderViolation, type ThreadSummary } from './invariants.js';
import type { CheckScope } from './verifier.js';
import { withQuery } from './urls.js';

export const V0 = 'v0';
export const LIST_V0 = 'listThreads';
export const GET_V0 = 'getThread';
export const V0_PATH = '/human/v0/threads';
export const DEFAULT_LIMIT = 10;

export interface ThreadPage {
  count: number;
  limit: number;
  next_page_token?: string;
  threads: ThreadSummary[];
}

export interface PageParams {
  inbox_id?: string | undefined;
  limit?: number | string | undefined;
  page_token?: string | undefined;
}

export async function listV0(t: CheckScope, params: PageParams): Promise<ThreadPage> {
  await t.get(withQuery(V0_PATH, { ...params }), { expect: 200 });
  const page = t.last?.body as ThreadPage;
  const [problem] = v0PageProblems(page, params);
  t.assert(problem === undefined, problem ?? '');
  return page;
}

/** What is wrong with a 200 page given the parameters it was asked with (the recording proxy checks every answer with this). */
export function v0PageProblems(page: ThreadPage, params: PageParams): string[] {
  const problems: string[] = [];
  const check = (condition: unknown, reason: string) => {
    if (!condition) problems.push(reason);
  };
  check(page.count === page.threads.length, `count is ${page.count} but the page has ${page.threads.length} threads`);
  const limit = params.limit === undefined ? DEFAULT_LIMIT : Number(params.limit);
  check(page.limit === limit, `limit is ${page.limit}, but ${params.limit === undefined ? `the default is ${DEFAULT_LIMIT}` : `limit=${limit} was asked for`}`);
  check(page.threads.length <= limit, `${page.threads.length} threads exceed limit=${limit}`);
  if (params.inbox_id !== undefined) {
    const other = page.threads.find((x) => x.inbox_id !== params.inbox_id);
    check(!other, `inbox_id=${params.inbox_id} was asked for, but thread ${other?.thread_id} is in inbox ${other?.inbox_id}`);
  }
  const disorder = orderViolation(page.threads, newestFirst, (x) => `${x.thread_id} (${x.latest_message_received_at})`);
  check(!disorder, `the page is not newest first by latest_message_received_at, then thread_id: ${disorder}`);
  return problems;
}

export interface Walk {
  threads: ThreadSummary[];
  /** True when the walk stopped at the page cap before the last page. */
  capped: boolean;
}

/** Follows next_page_token to the last page (or the cap), failing on a repeat or a break in order. */
export async function walkV0(t: CheckScope, params: PageParams, maxPages: number): Promise<Walk> {
  const pages: ThreadSummary[][] = [];
  let token: string | undefined;
  for (;;) {
    const page = await listV0(t, { ...params, page_token: token });
    pages.push(page.threads);
    const repeat = firstRepeat(pages);
    t.assert(!repeat, `the cursor walk (limit=${params.limit ?? DEFAULT_LIMIT}) repeats a thread: ${repeat}`);
    const seam = pages.length > 1 ? [pages[pages.length - 2]?.at(-1), page.threads[0]] : [];
    if (seam[0] && seam[1]) {
      t.assert(newestFirst(seam[0], seam[1]) < 0, `page ${pages.length} does not continue after page ${pages.length - 1}: ${seam[0].thread_id} then ${seam[1].thread_id}`);
    }
    if (page.next_page_token === undefined) return { threads: pages.flat(), capped: false };
    if (pages.length >= maxPages) return { threads: pages.flat(), capped: true };
    token = page.next_page_token;
  }
}

/** An error in v0's shape with the documented name; a 400 must name the parameter. */
export function expectV0Error(t: CheckScope, name: string, parameter?: string): void {
  const body = t.last?.body as { name?: unknown; message?: unknown } | undefined;
  t.assert(body?.name === name, `the error name should be ${name}, it is ${JSON.stringify(body?.name)}`);
  if (parameter) t.assert(String(body?.message).includes(parameter), `the 400 message should name the parameter '${parameter}', it says ${JSON.stringify(body?.message)}`);
}
