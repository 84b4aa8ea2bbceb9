// A v0 cursor walk spans requests: to see a thread repeated on a later page, the proxy remembers
// which threads each walk has shown, under the token that continues it.
import { boundedCache } from '../bounded-cache.js';
import { newestFirst, type ThreadSummary } from '../verify/invariants.js';

interface Walk {
  /** thread_id -> the page it first came on (1-based). */
  seen: Map<string, number>;
  /** The page the token leads to. */
  nextPage: number;
  /** The last thread of the page before. */
  last: ThreadSummary | undefined;
}

/** Walks are forgotten least recently used first past this many open tokens, so a long-running proxy stays small. */
const MAX_OPEN_WALKS = 1000;

export class CursorWalks {
  readonly #byToken = boundedCache<string, Walk>(MAX_OPEN_WALKS);

  /** Problems of one page of a walk; remembers it so the next page can be checked. */
  check(pageToken: string | undefined, threads: readonly ThreadSummary[], nextPageToken: string | undefined): string[] {
    const problems: string[] = [];
    const walk: Walk = (pageToken === undefined ? undefined : this.#byToken.get(pageToken)) ?? { seen: new Map(), nextPage: 1, last: undefined };
    const page = walk.nextPage;
    const first = threads[0];
    // A first thread seen before is reported as a repeat, not also as a break in order.
    if (walk.last && first && !walk.seen.has(first.thread_id) && newestFirst(walk.last, first) >= 0) {
      problems.push(`page ${page} does not continue after page ${page - 1}: ${walk.last.thread_id} then ${first.thread_id}`);
    }
    for (const t of threads) {
      const earlier = walk.seen.get(t.thread_id);
      // A page asked for twice (a retry) shows its own threads again: only earlier pages count.
      if (earlier !== undefined && earlier < page) problems.push(`the cursor walk repeats a thread: thread ${t.thread_id} came twice (page ${earlier} and page ${page})`);
      else if (earlier === undefined) walk.seen.set(t.thread_id, page);
    }
    if (nextPageToken !== undefined) {
      this.#byToken.set(nextPageToken, { seen: walk.seen, nextPage: page + 1, last: threads.at(-1) ?? walk.last });
    }
    return problems;
  }
}
