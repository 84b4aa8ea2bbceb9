// Public JSON of records (a list item, a thread summary), made once per record version next to the
// handlers that send it: turning a 50-item page into JSON on every request was the largest cost of
// a list answer (bench/README.md). The read model hands out each record's stamp, a number new
// whenever the record changes, so the stamp is the version key: a changed record never answers
// from an old entry, a hit decodes nothing (the record's text lives in the read model's buffers),
// and the store knows nothing of the APIs' views.
import { boundedCache, type BoundedCache } from '../bounded-cache.js';

/** A page of records as the read model hands it out: how many, each one's stamp, and its text when asked. */
export interface StampedPage {
  readonly length: number;
  stamp(i: number): number;
  text(i: number): string;
}

/** Enough for every record of a 100,000-record sandbox a bench pages through. */
const MAX_ENTRIES = 100_000;

export class PublicJson {
  readonly #cache: BoundedCache<number, string> = boundedCache(MAX_ENTRIES);
  readonly #make: (recordText: string) => string;

  constructor(view: (record: never) => unknown) {
    this.#make = (text) => JSON.stringify(view(JSON.parse(text) as never));
  }

  /** The view's JSON of each record of the page, in order. */
  of(page: StampedPage): string[] {
    const out: string[] = new Array(page.length);
    for (let i = 0; i < page.length; i++) {
      const stamp = page.stamp(i);
      let json = this.#cache.get(stamp);
      if (json === undefined) this.#cache.set(stamp, (json = this.#make(page.text(i))));
      out[i] = json;
    }
    return out;
  }
}

/** One cache per sandbox (keyed by what the sandbox owns), so sandboxes side by side share nothing. */
export function publicJsonFor<R>(caches: WeakMap<object, PublicJson>, owner: object, view: (record: R) => unknown): PublicJson {
  let cache = caches.get(owner);
  if (!cache) caches.set(owner, (cache = new PublicJson(view as (record: never) => unknown)));
  return cache;
}
