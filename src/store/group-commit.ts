// Serializes durable work and groups concurrent writes: every operation that arrives while a batch
// is being written goes into the next batch, which costs one append and one fsync for all of them.
// A caller's promise settles only once its batch is on disk.

type Job =
  | { kind: 'log'; line: string; done: Settle }
  | { kind: 'checkpoint'; done: Settle };

interface Settle {
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface CommitSink {
  appendLog(lines: readonly string[]): Promise<void>;
  /** Writes the whole state to the database file and empties the log. */
  checkpoint(): Promise<void>;
  /** True when the log has grown enough to be folded into the database file. */
  wantsCheckpoint(): boolean;
}

export class GroupCommit {
  readonly #queue: Job[] = [];
  #running: Promise<void> | undefined;
  #batches = 0;
  #writes = 0;

  constructor(private readonly sink: CommitSink) {}

  /** Batches written and operations acknowledged so far (for benchmarks and tests). */
  get stats(): { batches: number; writes: number } {
    return { batches: this.#batches, writes: this.#writes };
  }

  log(line: string): Promise<void> {
    return this.#push((done) => ({ kind: 'log', line, done }));
  }

  checkpoint(): Promise<void> {
    return this.#push((done) => ({ kind: 'checkpoint', done }));
  }

  /** Resolves when everything queued so far is on disk. */
  async drain(): Promise<void> {
    while (this.#running) await this.#running;
  }

  #push(make: (done: Settle) => Job): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push(make({ resolve, reject }));
      this.#running ??= this.#run();
    });
  }

  async #run(): Promise<void> {
    try {
      // Let the writes of the current tick join the first batch.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.#queue.length > 0) {
        const head = this.#queue[0] as Job;
        if (head.kind === 'checkpoint') {
          this.#queue.shift();
          await this.#settle([head], () => this.sink.checkpoint());
          continue;
        }
        let n = 0;
        while (n < this.#queue.length && (this.#queue[n] as Job).kind === 'log') n++;
        const batch = this.#queue.splice(0, n) as Extract<Job, { kind: 'log' }>[];
        await this.#settle(batch, () => this.sink.appendLog(batch.map((j) => j.line)));
        if (this.sink.wantsCheckpoint() && !this.#queue.some((j) => j.kind === 'checkpoint')) {
          await this.sink.checkpoint().catch(() => undefined);
        }
      }
    } finally {
      // In the same tick as the last look at the queue: a job pushed after it starts a new run.
      // (Clearing it in a .finally() callback a microtask later left such a job stranded.)
      this.#running = undefined;
    }
  }

  async #settle(jobs: Job[], work: () => Promise<void>): Promise<void> {
    try {
      await work();
      this.#batches++;
      this.#writes += jobs.length;
      for (const j of jobs) j.done.resolve();
    } catch (error) {
      for (const j of jobs) j.done.reject(error as Error);
    }
  }
}
