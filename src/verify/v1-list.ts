// One GET /v1/threads with every invariant that holds for any answer checked on the spot:
// totalCount >= items.length, items is the window [start, start+total) of totalCount, and the
// workspace and filters asked for are the ones applied.
import type { CheckScope } from './verifier.js';
import type { ExecutionThread } from './invariants.js';
import { withQuery, type Params } from './urls.js';

export const V1 = 'v1';
export const LIST_V1 = 'listExecutionThreads';
export const V1_PATH = '/v1/threads';
export const DEFAULT_TOTAL = 1000;

export interface ExecutionThreadPage {
  totalCount: number;
  items: ExecutionThread[];
}

export async function listV1(t: CheckScope, params: Params): Promise<ExecutionThreadPage> {
  await t.get(withQuery(V1_PATH, params), { expect: 200 });
  return checkPage(t, params);
}

/** Checks the last answer of a scope against the parameters it was asked with. */
export function checkPage(t: CheckScope, params: Params): ExecutionThreadPage {
  const page = t.last?.body as ExecutionThreadPage;
  const [problem] = v1PageProblems(page, params);
  t.assert(problem === undefined, problem ?? '');
  return page;
}

/** What is wrong with a 200 page given the parameters it was asked with (the recording proxy checks every answer with this). */
export function v1PageProblems(page: ExecutionThreadPage, params: Params): string[] {
  const problems: string[] = [];
  const check = (condition: unknown, reason: string) => {
    if (!condition) problems.push(reason);
  };
  const { totalCount, items } = page;
  check(totalCount >= items.length, `totalCount ${totalCount} is smaller than items.length ${items.length}`);
  const start = params.start === undefined || params.start === '' ? 0 : Number(params.start);
  const total = params.total === undefined || params.total === '' ? DEFAULT_TOTAL : Number(params.total);
  check(items.length <= total, `items.length ${items.length} exceeds total=${total}: the window size was not applied`);
  const window = Math.max(0, Math.min(total, totalCount - start));
  check(items.length === window, `items.length is ${items.length}, but the window [start=${start}, start+total=${start + total}) of totalCount ${totalCount} holds ${window}`);
  const workspace = Number(params.workspaceId ?? -1);
  if (workspace >= 0) {
    const other = items.find((i) => i.workspaceId !== workspace);
    check(!other, `workspaceId=${workspace} was asked for, but an item has workspaceId ${other?.workspaceId}`);
  } else {
    check(new Set(items.map((i) => i.workspaceId)).size <= 1, 'the default workspace answered items of several workspaces');
  }
  if (params.thread_token !== undefined) {
    const other = items.find((i) => i.threadToken !== params.thread_token);
    check(!other, `thread_token=${params.thread_token} was asked for, but an item has threadToken ${JSON.stringify(other?.threadToken)}`);
  }
  if (params.type !== undefined) {
    const other = items.find((i) => i.type !== params.type);
    check(!other, `type=${params.type} was asked for, but an item has type ${other?.type}`);
  }
  return problems;
}

/** A 400 in v1's shape whose message names the parameter at fault. */
export function expectV1BadRequest(t: CheckScope, parameter: string): void {
  const message = (t.last?.body as { message?: unknown } | undefined)?.message;
  t.assert(typeof message === 'string' && message.includes(parameter), `the 400 message should name the parameter '${parameter}', it says ${JSON.stringify(message)}`);
}
