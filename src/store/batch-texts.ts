// The texts of a batch of records loaded from a data file, as the read model takes them
// (read-model.ts LoadTexts): byte ranges of the file's buffer when the file is ASCII (a record's
// characters are then its bytes, at the same offsets: kept where they lie, nothing copied), else
// slices of the file's text.
import type { LoadTexts } from './read-model/read-model.js';
import type { ArraySpan } from './record-spans.js';

export class BatchTexts {
  readonly #bytes: Buffer | undefined;
  readonly #starts: number[] = [];
  readonly #ends: number[] = [];
  readonly #texts: (string | undefined)[] = [];
  #taken = false;

  /** `asciiBytes`, when given, are the file's bytes, all ASCII (one byte per character of its text). */
  constructor(asciiBytes?: Buffer) {
    this.#bytes = asciiBytes;
  }

  /** The next record is the i-th element of `span`; `text` is that element's text when it is the record's JSON, else undefined (serialized). */
  push(span: ArraySpan, i: number, text: string | undefined): void {
    if (this.#taken) {
      this.#starts.length = this.#ends.length = this.#texts.length = 0;
      this.#taken = false;
    }
    if (this.#bytes) {
      this.#starts.push(text === undefined ? -1 : (span.starts[i] as number));
      this.#ends.push(span.ends[i] as number);
    } else this.#texts.push(text);
  }

  /** The texts pushed since the last batch (the next push starts a new one). */
  batch(): LoadTexts {
    this.#taken = true;
    return this.#bytes ? { bytes: this.#bytes, ascii: true, starts: this.#starts, ends: this.#ends } : this.#texts;
  }
}
