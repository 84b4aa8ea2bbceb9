// Long work on the event loop in slices: a reset of the largest allowed size runs for seconds, and
// the server must keep answering (/__sandbox/health, reads) meanwhile. A slice ends after a few
// milliseconds rather than after a fixed number of records, because a record's cost varies (a
// thread with many messages, a long string).
import { performance } from 'node:perf_hooks';

/**
 * Time one slice may hold the event loop before it gives a turn to I/O and timers. Scavenges run
 * inside slices and add to them; half of the first choice (8 ms) kept a sandbox in the caller's own
 * process answering within 100 ms far more often, for the same reset time (bench/README.md).
 */
const SLICE_MS = 4;
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

  /** True when the slice is used up, looking at the clock now (for callers whose items are larger, such as a run of many records). */
  spent(): boolean {
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

/** Items sorted natively at once before the merging starts: well under a millisecond of work. */
const RUN = 1024;
/** Merge steps between two yields. */
const MERGE_STEPS = 1024;

/**
 * `items` sorted by `compare` as `items.sort(compare)` sorts them (stable), as steps that yield
 * about every millisecond of work (see runInSlices): one sort of the largest allowed database
 * holds the event loop for hundreds of milliseconds. Runs of a thousand items are sorted natively,
 * then merged pairwise. Returns a new array or `items`, which is used as scratch either way.
 */
export function* sortSteps<T>(items: T[], compare: (a: T, b: T) => number): Generator<void, T[]> {
  const n = items.length;
  for (let from = 0; from < n; from += RUN) {
    const run = items.slice(from, from + RUN).sort(compare);
    for (let i = 0; i < run.length; i++) items[from + i] = run[i] as T;
    yield;
  }
  let source = items;
  let target: T[] = new Array<T>(n);
  let steps = 0;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // Ties from the left run: stable, as Array.prototype.sort is.
        target[k++] = compare(source[j] as T, source[i] as T) < 0 ? (source[j++] as T) : (source[i++] as T);
        if (++steps === MERGE_STEPS) {
          steps = 0;
          yield;
        }
      }
      while (i < mid) target[k++] = source[i++] as T;
      while (j < hi) target[k++] = source[j++] as T;
    }
    [source, target] = [target, source];
  }
  return source;
}

/** sortSteps run in slices, looking at the clock at each of its yields. */
export function sortInSlices<T>(items: T[], compare: (a: T, b: T) => number, slicer: Slicer): Promise<T[]> {
  return runInSlices(sortSteps(items, compare), slicer, 'clock');
}

/**
 * Work written once as a generator that yields at each point where it may pause (after a record,
 * say), run either at once or in slices: the same steps and the same result both ways.
 */
export function runAtOnce<T>(work: Generator<void, T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/**
 * As runAtOnce, with a turn of the event loop whenever the slicer says so. `each`: the slicer is
 * asked at each yield as for one small item (`due`), or the clock is read at each yield (`spent`)
 * for work that yields after larger steps.
 */
export async function runInSlices<T>(work: Generator<void, T>, slicer: Slicer, each: 'item' | 'clock' = 'item'): Promise<T> {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (each === 'item' ? slicer.due() : slicer.spent()) await slicer.pause();
  }
}
