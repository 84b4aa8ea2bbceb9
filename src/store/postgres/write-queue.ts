// The PostgreSQL engine's group commit: writes that arrive while a transaction runs go together into
// the next one; a replacement of everything, or a write that needs a transaction of its own (a
// tenant's reset), runs alone, after the writes queued before it and before those after it.
import type { Database } from '../../model.js';
import type { Write } from '../contract.js';
import type { Outcome } from '../write-batch.js';

interface Queued {
  /** A write, or (alone in its transaction) a replacement of everything. */
  write: Write<unknown> | { replace: Database };
  alone?: boolean;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export interface QueueRunner {
  /** Commits a batch of writes in one transaction: an outcome per write. */
  commit(writes: readonly Write<unknown>[]): Promise<Outcome[]>;
  /** Replaces everything in one transaction. */
  replace(data: Database): Promise<void>;
}

const runsAlone = (q: Queued): boolean => typeof q.write !== 'function' || q.alone === true;

export class WriteQueue {
  readonly #queue: Queued[] = [];
  #writing: Promise<void> | undefined;

  constructor(private readonly runner: QueueRunner) {}

  /** Resolves with the write's value once committed; `alone` gives it a transaction of its own. */
  write<T>(write: Write<T>, alone = false): Promise<T> {
    return this.#push<T>({ write: write as Write<unknown>, alone });
  }

  replace(data: Database): Promise<void> {
    return this.#push<void>({ write: { replace: data } });
  }

  /** Resolves when every queued write has been tried. */
  async drained(): Promise<void> {
    await this.#writing?.catch(() => undefined);
  }

  #push<T>(item: Omit<Queued, 'resolve' | 'reject'>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ ...item, resolve: resolve as (v: unknown) => void, reject });
      this.#writing ??= this.#drain();
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const first = this.#queue[0] as Queued;
      const upTo = runsAlone(first) ? 1 : this.#queue.findIndex(runsAlone);
      const batch = this.#queue.splice(0, upTo < 0 ? this.#queue.length : upTo);
      try {
        if (typeof first.write !== 'function') {
          await this.runner.replace(first.write.replace);
          first.resolve(undefined);
          continue;
        }
        const outcomes = await this.runner.commit(batch.map((q) => q.write as Write<unknown>));
        batch.forEach((q, i) => {
          const o = outcomes[i] as Outcome;
          if (o.ok) q.resolve(o.value);
          else q.reject(o.error);
        });
      } catch (error) {
        for (const q of batch) q.reject(error as Error);
      }
    }
    this.#writing = undefined;
  }
}
