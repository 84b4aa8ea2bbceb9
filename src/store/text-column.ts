// Record JSON texts by slot, as bytes in a few large Buffers rather than one string per record:
// the collector marks a Buffer as one object whatever it holds, so 100,000 records cost a
// mark-compact a handful of objects instead of 100,000 strings (issue 22). A text is decoded when
// read; readers that only need "has this record changed" use the slot's stamp (record-stamp.ts)
// and never decode. Space of a replaced text is taken back by copying the live texts into new
// chunks once more than half of what was written is dead.

/** Bytes per chunk a text is written into (a larger text gets a chunk of its own). */
const CHUNK = 4 << 20;
/** Dead bytes below which nothing is compacted, whatever the share: a small sandbox never copies. */
const DEAD_AT_LEAST = 16 << 20;
const NONE = -1;

export class TextColumn {
  readonly #chunkBytes: number;
  readonly #deadAtLeast: number;
  #chunks: Buffer[] = [];
  /** The chunk being written and the next free byte in it. */
  #tail = -1;
  #used = 0;
  // Per slot: its chunk (NONE when empty), where its text starts, its byte length, and 1 when its bytes are ASCII only.
  #chunk = new Int32Array(1024).fill(NONE);
  #start = new Int32Array(1024);
  #length = new Int32Array(1024);
  #ascii = new Uint8Array(1024);
  /** One past the highest slot ever set (compaction walks up to it). */
  #slots = 0;
  #liveBytes = 0;
  #deadBytes = 0;
  /** The buffer setBytes took last (the last chunk while it is being loaded from). */
  #adopted: Buffer | undefined;
  #adoptedChunk = NONE;

  /** The sizes are for tests (compaction of a few texts). */
  constructor(sizes: { chunkBytes?: number; deadAtLeast?: number } = {}) {
    this.#chunkBytes = sizes.chunkBytes ?? CHUNK;
    this.#deadAtLeast = sizes.deadAtLeast ?? DEAD_AT_LEAST;
  }

  has(slot: number): boolean {
    return slot < this.#slots && this.#chunk[slot] !== NONE;
  }

  get(slot: number): string {
    const chunk = this.#chunks[this.#chunk[slot] as number] as Buffer;
    const start = this.#start[slot] as number;
    // latin1 decodes one byte per character without checking sequences: exact for ASCII, and V8 keeps the result one byte per character.
    return chunk.toString(this.#ascii[slot] === 1 ? 'latin1' : 'utf8', start, start + (this.#length[slot] as number));
  }

  /** True when the slot holds `text` (compared byte by byte when ASCII, without decoding). */
  equals(slot: number, text: string): boolean {
    if (!this.has(slot)) return false;
    const length = this.#length[slot] as number;
    if (this.#ascii[slot] !== 1) return this.get(slot) === text;
    if (length !== text.length) return false;
    const chunk = this.#chunks[this.#chunk[slot] as number] as Buffer;
    const start = this.#start[slot] as number;
    for (let i = 0; i < length; i++) if (chunk[start + i] !== text.charCodeAt(i)) return false;
    return true;
  }

  set(slot: number, text: string): void {
    this.delete(slot);
    this.#ensure(slot);
    // A UTF-16 unit takes at most 3 bytes in UTF-8.
    const most = text.length * 3;
    if (this.#tail < 0 || this.#used + most > (this.#chunks[this.#tail] as Buffer).length) this.#newChunk(most);
    const chunk = this.#chunks[this.#tail] as Buffer;
    const length = chunk.write(text, this.#used, 'utf8');
    this.#chunk[slot] = this.#tail;
    this.#start[slot] = this.#used;
    this.#length[slot] = length;
    this.#ascii[slot] = length === text.length ? 1 : 0;
    this.#used += length;
    this.#liveBytes += length;
  }

  /**
   * The slot's text is bytes [start, end) of `bytes`, kept where they lie (not copied): for a data
   * file read whole, whose records stay in its buffer. The caller never changes `bytes` after.
   * `ascii` when every byte of the range is below 0x80.
   */
  setBytes(slot: number, bytes: Buffer, start: number, end: number, ascii: boolean): void {
    this.delete(slot);
    this.#ensure(slot);
    if (this.#adopted !== bytes) {
      this.#adopted = bytes;
      this.#adoptedChunk = this.#chunks.push(bytes) - 1;
      // Counted dead until its ranges are set: what no slot takes (the file's other parts) is.
      this.#deadBytes += bytes.length;
    }
    this.#chunk[slot] = this.#adoptedChunk;
    this.#start[slot] = start;
    this.#length[slot] = end - start;
    this.#ascii[slot] = ascii ? 1 : 0;
    this.#liveBytes += end - start;
    this.#deadBytes -= end - start;
  }

  delete(slot: number): void {
    if (!this.has(slot)) return;
    const length = this.#length[slot] as number;
    this.#liveBytes -= length;
    this.#deadBytes += length;
    this.#chunk[slot] = NONE;
    if (this.#deadBytes > this.#deadAtLeast && this.#deadBytes > this.#liveBytes) this.#compact();
  }

  clear(): void {
    this.#chunks = [];
    this.#tail = -1;
    this.#used = 0;
    this.#adopted = undefined;
    this.#chunk.fill(NONE);
    this.#slots = 0;
    this.#liveBytes = 0;
    this.#deadBytes = 0;
  }

  /** Bytes held by the chunks, live and dead (for tests and the bench). */
  get bytesHeld(): number {
    let n = 0;
    for (const c of this.#chunks) n += c.length;
    return n;
  }

  #newChunk(least: number): void {
    this.#chunks.push(Buffer.allocUnsafe(Math.max(this.#chunkBytes, least)));
    this.#tail = this.#chunks.length - 1;
    this.#used = 0;
  }

  /** Copies every live text into new chunks, in slot order, and lets the old ones go. */
  #compact(): void {
    const old = this.#chunks;
    this.#chunks = [];
    this.#adopted = undefined;
    this.#tail = -1;
    this.#used = 0;
    for (let slot = 0; slot < this.#slots; slot++) {
      const from = this.#chunk[slot] as number;
      if (from === NONE) continue;
      const length = this.#length[slot] as number;
      if (this.#tail < 0 || this.#used + length > (this.#chunks[this.#tail] as Buffer).length) this.#newChunk(length);
      const start = this.#start[slot] as number;
      (old[from] as Buffer).copy(this.#chunks[this.#tail] as Buffer, this.#used, start, start + length);
      this.#chunk[slot] = this.#tail;
      this.#start[slot] = this.#used;
      this.#used += length;
    }
    this.#deadBytes = 0;
  }

  #ensure(slot: number): void {
    if (slot >= this.#slots) this.#slots = slot + 1;
    if (slot < this.#chunk.length) return;
    let size = this.#chunk.length * 2;
    while (size <= slot) size *= 2;
    const chunk = new Int32Array(size).fill(NONE);
    chunk.set(this.#chunk);
    this.#chunk = chunk;
    this.#start = grown(this.#start, new Int32Array(size));
    this.#length = grown(this.#length, new Int32Array(size));
    this.#ascii = grown(this.#ascii, new Uint8Array(size));
  }
}

function grown<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
