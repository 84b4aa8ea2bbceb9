// Long work on the event loop in slices: a reset of the largest allowed size runs for seconds, and
// the server must keep answering (/__sandbox/health, reads) meanwhile. A slice ends after a few
// milliseconds rather than after a fixed number of records, because a record's cost varies (a
// thread with many messages, a long string).
import { performance } from 'node:perf_hooks';

/** Time one slice may hold the event loop before it gives a turn to I/O and timers. */
const SLICE_MS = 8;
/** Items between two looks at the clock: reading it per item would cost more than the items. */
const CHECK_EVERY = 64;

export class Slicer {
  #since = performance.now();
  #count = 0;
  /** Turns given to the event loop so far (tests and benches look at it). */
  turns = 0;

  /** `checkEvery`: calls of `due` between two looks at the clock (fewer for costly items). */
  constructor(private readonly checkEvery = CHECK_EVERY) {}

  /** Call once per item of work: true when the slice is used up and the caller should `await pause()`. */
  due(): boolean {
    if (++this.#count < this.checkEvery) return false;
    this.#count = 0;
    return performance.now() - this.#since >= SLICE_MS;
  }

  /** Gives the event loop a turn (setImmediate: after pending I/O, so requests waiting are served). */
  async pause(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.turns++;
    this.#since = performance.now();
    this.#count = 0;
  }
}

/**
 * Runs `each` over consecutive slices of `items`, with a turn of the event loop between slices.
 * Slices grow while they take less than the slice time (up to `maxSlice`: the time of the last slice
 * is no promise for one twice its size) and shrink when they take more, but never below `minSlice`: work whose cost per call grows with what is done so far (merging into a sorted
 * list) must not be cut into ever more calls.
 */
export async function inSlices<T>(items: readonly T[], slicer: Slicer, each: (slice: T[]) => void, minSlice = 256, maxSlice = 4096): Promise<void> {
  let size = minSlice;
  for (let from = 0; from < items.length; ) {
    const started = performance.now();
    const slice = items.slice(from, from + size);
    each(slice);
    from += slice.length;
    const took = performance.now() - started;
    if (took < SLICE_MS / 2) size = Math.min(maxSlice, size * 2);
    else if (took > SLICE_MS) size = Math.max(minSlice, size >> 1);
    if (from < items.length) await slicer.pause();
  }
}
