// Serializes durable work and groups concurrent writes, for both engines: every write that arrives
// while a batch is being written goes into the next batch, which costs one append and one fsync
// (the file) or one transaction (PostgreSQL) for all of them. A caller's promise settles only once
// its batch is durable (or failed and left no trace). Work that needs to run alone (a checkpoint,
// a replacement, a tenant's reset) runs after everything queued before it and before the rest.

/** What became of one write of a batch. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: Error };

type Job<W> =
  | { kind: 'write'; write: W; done: Settle<unknown> }
  | { kind: 'exclusive'; work: () => Promise<void>; done: Settle<void> };

interface Settle<T> {
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

export interface CommitSink<W> {
  /**
   * Computes, persists and applies a batch of writes, in order. Resolves with one outcome per write
   * (a refused write fails alone); rejects when the batch could not be made durable.
   */
  commit(writes: readonly W[]): Promise<Outcome[]>;
  /** Writes the whole state to the database file and empties the log. */
  checkpoint(): Promise<void>;
  /** True when the log has grown enough to be folded into the database file. */
  wantsCheckpoint(): boolean;
}

export class GroupCommit<W> {
  readonly #queue: Job<W>[] = [];
  #running: Promise<void> | undefined;
  #batches = 0;
  #writes = 0;

  constructor(private readonly sink: CommitSink<W>) {}

  /** Batches written and writes acknowledged so far (for benchmarks and tests). */
  get stats(): { batches: number; writes: number } {
    return { batches: this.#batches, writes: this.#writes };
  }

  write<T>(write: W): Promise<T> {
    return new Promise<T>((resolve, reject) => this.#push({ kind: 'write', write, done: { resolve: resolve as (v: unknown) => void, reject } }));
  }

  /** Runs work alone, after everything queued before it (a checkpoint, a reset). */
  exclusive(work: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => this.#push({ kind: 'exclusive', work, done: { resolve, reject } }));
  }

  checkpoint(): Promise<void> {
    return this.exclusive(() => this.sink.checkpoint());
  }

  /** Resolves when everything queued so far is settled. */
  async drain(): Promise<void> {
    while (this.#running) await this.#running;
  }

  #push(job: Job<W>): void {
    this.#queue.push(job);
    this.#running ??= this.#run();
  }

  async #run(): Promise<void> {
    try {
      // Let the writes of the current tick join the first batch.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.#queue.length > 0) {
        const head = this.#queue[0] as Job<W>;
        if (head.kind === 'exclusive') {
          this.#queue.shift();
          await head.work().then(head.done.resolve, head.done.reject);
          continue;
        }
        let n = 0;
        while (n < this.#queue.length && (this.#queue[n] as Job<W>).kind === 'write') n++;
        const batch = this.#queue.splice(0, n) as Extract<Job<W>, { kind: 'write' }>[];
        await this.#commit(batch);
        if (this.sink.wantsCheckpoint() && !this.#queue.some((j) => j.kind === 'exclusive')) {
          // A failed checkpoint leaves the file and the log as they were; the next batch tries again.
          await this.sink.checkpoint().catch(() => undefined);
        }
      }
    } finally {
      // In the same tick as the last look at the queue: a job pushed after it starts a new run.
      this.#running = undefined;
    }
  }

  async #commit(batch: Extract<Job<W>, { kind: 'write' }>[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.sink.commit(batch.map((j) => j.write));
    } catch (error) {
      for (const j of batch) j.done.reject(error as Error);
      return;
    }
    this.#batches++;
    batch.forEach((j, i) => {
      const o = outcomes[i] as Outcome;
      if (o.ok) {
        this.#writes++;
        j.done.resolve(o.value);
      } else j.done.reject(o.error);
    });
  }
}
