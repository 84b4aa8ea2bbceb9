// Where each record of the database file's arrays lies in the file's bytes, so that a start parses
// each record from its own range and the read model keeps each record's JSON as that range of the
// file's buffer (text-column.ts) instead of serializing every parsed record again. The scan runs
// on the UTF-8 bytes, never on a decoded copy of the whole file: JSON's structure is ASCII, and no
// byte of a multi-byte UTF-8 sequence is.
import { isAscii } from 'node:buffer';

/**
 * For a JSON text whose top-level value is an object, the text of each element of the top-level
 * arrays named in `keys` (the last occurrence of a key wins, as with JSON.parse). Elements that are
 * not objects, and keys written with escapes, are not found: callers compare the counts with the
 * parsed arrays and serialize the records when they differ. Only for text JSON.parse accepted.
 */
export function topLevelArrayElements(text: string, keys: readonly string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [key, span] of topLevelArraySpans(Buffer.from(text, 'utf8'), keys)) found.set(key, span.elements);
  return found;
}

/**
 * Where a top-level array lies: `open` at its '[', `close` at its ']' (-1 when the text ends first),
 * and per object element its offsets (end exclusive) and what `compactElement` needs. The texts
 * are sliced only when asked for: a start reads each once and keeps it (load-by-record.ts).
 */
export class ArraySpan {
  close = -1;
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /**
   * Per element: its key/value pairs, nested ones included (more than its distinct keys when a key
   * is repeated), or -1 when its text has white space between tokens, an escape other than the
   * short ones JSON.stringify writes (\" \\ \b \f \n \r \t), or a number with a sign, a point
   * or an exponent; any of those means it is not what JSON.stringify writes (see `compactElement`).
   */
  readonly pairs: number[] = [];

  constructor(
    readonly bytes: Buffer,
    readonly open: number,
    /** Every byte of `bytes` is below 0x80 (then a text is decoded as latin1: a copy). */
    readonly ascii: boolean,
  ) {}

  get length(): number {
    return this.starts.length;
  }

  /** The i-th element's text. */
  element(i: number): string {
    return this.bytes.toString(this.ascii ? 'latin1' : 'utf8', this.starts[i], this.ends[i]);
  }

  /** Elements `from` to `to` (exclusive) with what separates them: a JSON array's text once in brackets. */
  run(from: number, to: number): string {
    return this.bytes.toString(this.ascii ? 'latin1' : 'utf8', this.starts[from], this.ends[to - 1]);
  }

  /** Every element's text. */
  get elements(): string[] {
    return this.starts.map((_, i) => this.element(i));
  }
}

/**
 * The i-th element's text (`text`, when sliced already) when it is exactly JSON.stringify of
 * `parsed`, what it parses to, else undefined. Exact for values whose numbers are integers that
 * JSON.stringify writes back as they are and whose keys are not array indexes (the database's
 * records, once checked): a text the scan cannot vouch for (a key repeated, a space, `\u0041`,
 * `1e3`, `-0`) is left out, and the caller serializes that record. A repeated key is found by
 * counting: the text's pairs against the parsed value's keys, whatever fields a record has.
 */
export function compactElement(span: ArraySpan, i: number, parsed: unknown, text: string = span.element(i)): string | undefined {
  return isCompactElement(span, i, parsed) ? text : undefined;
}

/** True when the i-th element's text is exactly JSON.stringify of `parsed` (compactElement). */
export function isCompactElement(span: ArraySpan, i: number, parsed: unknown): boolean {
  const pairs = span.pairs[i] as number;
  return pairs >= 0 && pairs === keyCount(parsed);
}

/** The keys of a parsed JSON value, nested ones included. */
function keyCount(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) n += keyCount(item);
    }
    return n;
  }
  // Most values are strings and numbers: counted without a call each.
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    n += typeof item === 'object' && item !== null ? 1 + keyCount(item) : 1;
  }
  return n;
}

/** Character classes of the scanner, by byte below 128 (anything above is OTHER). */
const OTHER = 0;
const QUOTE = 1;
const OPEN = 2;
const CLOSE = 3;
const COMMA = 4;
const COLON = 5;
/** White space, or a number's sign, point or exponent ('e' also in true and false: a false alarm costs one serialization). */
const NOT_PLAIN = 6;
const CLASS = new Uint8Array(128);
CLASS[34] = QUOTE;
CLASS[123] = CLASS[91] = OPEN;
CLASS[125] = CLASS[93] = CLOSE;
CLASS[44] = COMMA;
CLASS[58] = COLON;
for (const c of ' \t\n\r-+.eE') CLASS[c.charCodeAt(0)] = NOT_PLAIN;

/**
 * As topLevelArrayElements, over a document's UTF-8 bytes, with the byte offsets of each array and
 * element (end exclusive); `ascii` when every byte is below 0x80 (then elements decode as latin1,
 * a plain copy). One pass over the bytes: a string is skipped with indexOf to its closing quote,
 * and the escapes in it are found with indexOf too (the next backslash is remembered, so a
 * document without any is searched for one once).
 */
export function topLevelArraySpans(bytes: Buffer, keys: readonly string[], ascii = isAscii(bytes)): Map<string, ArraySpan> {
  const found = new Map<string, ArraySpan>();
  const n = bytes.length;
  let depth = 0;
  let expectKey = false;
  let key: string | undefined;
  let collecting: ArraySpan | undefined;
  let start = -1;
  // Of the element being read (start >= 0): its pairs, -1 once it is not plain.
  let pairs = 0;
  // The next backslash at or after the string being read (n: none left).
  let backslash = nextBackslash(bytes, 0);
  for (let i = 0; i < n; i++) {
    const c = bytes[i] as number;
    const kind = c < 128 ? (CLASS[c] as number) : OTHER;
    if (kind === QUOTE) {
      // The closing quote: the first quote that no backslash escapes. Each escape is read from its
      // backslash on (an escaped backslash is skipped whole), so quotes are never counted back.
      let from = i + 1;
      let j: number;
      // Only in bytes that is not JSON can a backslash lie outside strings: passed over, not read.
      if (backslash < from) backslash = nextBackslash(bytes, from);
      for (;;) {
        j = bytes.indexOf(34 /* " */, from);
        if (j < 0) return found;
        if (backslash > j) break;
        // An escape before the quote: JSON.stringify writes \uXXXX only for a few control
        // characters and lone surrogates, and never \/.
        const escaped = bytes[backslash + 1];
        if (start >= 0 && (escaped === 117 /* u */ || escaped === 47 /* / */)) pairs = -1;
        from = backslash + 2;
        backslash = nextBackslash(bytes, from);
      }
      if (depth === 1 && expectKey) {
        key = bytes.toString('utf8', i + 1, j);
        expectKey = false;
      }
      i = j;
    } else if (kind === OTHER) {
      continue;
    } else if (kind === COLON) {
      if (start >= 0 && pairs >= 0) pairs++;
    } else if (kind === OPEN) {
      depth++;
      if (depth === 1) expectKey = c === 123;
      else if (depth === 2 && c === 91 && key !== undefined && keys.includes(key)) found.set(key, (collecting = new ArraySpan(bytes, i, ascii)));
      else if (depth === 3 && collecting && c === 123) {
        start = i;
        pairs = 0;
      }
    } else if (kind === CLOSE) {
      if (depth === 3 && collecting && c === 125 && start >= 0) {
        collecting.starts.push(start);
        collecting.ends.push(i + 1);
        collecting.pairs.push(pairs);
        start = -1;
      } else if (depth === 2 && collecting) {
        collecting.close = i;
        collecting = undefined;
      }
      depth--;
    } else if (kind === COMMA) {
      if (depth === 1) expectKey = true;
    } else if (start >= 0) pairs = -1;
  }
  return found;
}

function nextBackslash(bytes: Buffer, from: number): number {
  const at = bytes.indexOf(92 /* \\ */, from);
  return at < 0 ? bytes.length : at;
}
