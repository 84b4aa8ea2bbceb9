// Public JSON of records (a list item, a thread summary), made once per record version next to the
// handlers that send it: turning a 50-item page into JSON on every request was the largest cost of
// a list answer (bench/README.md). The read model hands out each record's JSON text, a new string
// whenever the record changes, so that text is the version key: a changed record never answers
// from an old entry, and the store knows nothing of the APIs' views.
import { boundedCache, cached, type BoundedCache } from '../bounded-cache.js';

/** Enough for every record of a 100,000-record sandbox a bench pages through. */
const MAX_ENTRIES = 100_000;

export class PublicJson {
  readonly #cache: BoundedCache<string, string> = boundedCache(MAX_ENTRIES);
  readonly #make: (recordText: string) => string;

  constructor(view: (record: never) => unknown) {
    this.#make = (text) => JSON.stringify(view(JSON.parse(text) as never));
  }

  /** The view's JSON of each record text, in order. */
  of(recordTexts: readonly string[]): string[] {
    const out: string[] = new Array(recordTexts.length);
    for (let i = 0; i < recordTexts.length; i++) out[i] = cached(this.#cache, recordTexts[i] as string, this.#make);
    return out;
  }
}

/** One cache per sandbox (keyed by what the sandbox owns), so sandboxes side by side share nothing. */
export function publicJsonFor<R>(caches: WeakMap<object, PublicJson>, owner: object, view: (record: R) => unknown): PublicJson {
  let cache = caches.get(owner);
  if (!cache) caches.set(owner, (cache = new PublicJson(view as (record: never) => unknown)));
  return cache;
}
