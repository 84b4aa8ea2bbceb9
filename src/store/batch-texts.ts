// The texts of a batch of records loaded from a data file, as the read model takes them
// (read-model.ts LoadTexts): byte ranges of the file's buffer, kept where they lie (nothing
// copied), or -1 for a record whose text is not its JSON (then serialized).
import type { LoadTexts } from './read-model/read-model.js';
import type { ArraySpan } from './record-spans.js';

export class BatchTexts {
  readonly #starts: number[] = [];
  readonly #ends: number[] = [];
  #taken = false;

  /** `ascii`: every byte of the file is below 0x80. */
  constructor(
    private readonly bytes: Buffer,
    private readonly ascii: boolean,
  ) {}

  /** The next record is the i-th element of `span`; `compact`: that element's text is the record's JSON (else it is serialized). */
  push(span: ArraySpan, i: number, compact: boolean): void {
    if (this.#taken) {
      this.#starts.length = this.#ends.length = 0;
      this.#taken = false;
    }
    this.#starts.push(compact ? (span.starts[i] as number) : -1);
    this.#ends.push(span.ends[i] as number);
  }

  /** The texts pushed since the last batch (the next push starts a new one). */
  batch(): LoadTexts {
    this.#taken = true;
    return { bytes: this.bytes, ascii: this.ascii, starts: this.#starts, ends: this.#ends };
  }
}
