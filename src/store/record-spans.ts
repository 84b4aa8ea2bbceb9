// Where each record of the database file's arrays lies in the file's text, so that the read model
// can keep each record's JSON as a slice of the text the file was parsed from (a slice of a string
// shares its characters) instead of serializing every parsed record again at start.

/**
 * For a JSON text whose top-level value is an object, the text of each element of the top-level
 * arrays named in `keys` (the last occurrence of a key wins, as with JSON.parse). Elements that are
 * not objects, and keys written with escapes, are not found: callers compare the counts with the
 * parsed arrays and serialize the records when they differ. Only for text JSON.parse accepted.
 */
export function topLevelArrayElements(text: string, keys: readonly string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [key, span] of topLevelArraySpans(text, keys)) found.set(key, span.elements);
  return found;
}

/** Where a top-level array lies: `open` at its '[', `close` at its ']', the object elements' texts and offsets. */
export interface ArraySpan {
  open: number;
  close: number;
  elements: string[];
  starts: number[];
  ends: number[];
  /**
   * Per element: false when its text has white space between tokens, an escape other than the
   * short ones JSON.stringify writes (\" \\ \b \f \n \r \t), or a number with a sign, a point or an
   * exponent; any of those means it is not what JSON.stringify writes (see `compactElement`).
   */
  plain: boolean[];
  /** Per element: its key/value pairs, nested ones included (more than its distinct keys when a key is repeated). */
  pairs: number[];
}

/**
 * The i-th element's text when it is exactly JSON.stringify of `parsed`, what it parses to, else
 * undefined. Exact for values whose numbers are integers that JSON.stringify writes back as they
 * are and whose keys are not array indexes (the database's records, once checked): a text the scan
 * cannot vouch for (a key repeated, a space, `\u0041`, `1e3`, `-0`) is left out, and the caller
 * serializes that record. A repeated key is found by counting: the text's pairs against the
 * parsed value's keys, whatever fields a record has.
 */
export function compactElement(span: ArraySpan, i: number, parsed: unknown): string | undefined {
  return span.plain[i] === true && span.pairs[i] === keyCount(parsed) ? span.elements[i] : undefined;
}

/** The keys of a parsed JSON value, nested ones included. */
function keyCount(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) n += keyCount(value[i]);
    return n;
  }
  for (const key in value) n += 1 + keyCount((value as Record<string, unknown>)[key]);
  return n;
}

/** As topLevelArrayElements, with the positions of each array and element (end exclusive). */
export function topLevelArraySpans(text: string, keys: readonly string[]): Map<string, ArraySpan> {
  const found = new Map<string, ArraySpan>();
  const n = text.length;
  let depth = 0;
  let expectKey = false;
  let key: string | undefined;
  let collecting: ArraySpan | undefined;
  let start = -1;
  // Of the element being read (start >= 0).
  let plain = true;
  let pairs = 0;
  // The next backslash at or after the string being read (n: none left).
  let backslash = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      let j = i + 1;
      for (;;) {
        j = text.indexOf('"', j);
        if (j < 0) return found;
        let k = j - 1;
        while (text.charCodeAt(k) === 92 /* \ */) k--;
        if ((j - 1 - k) % 2 === 0) break;
        j++;
      }
      if (depth === 1 && expectKey) {
        key = text.slice(i + 1, j);
        expectKey = false;
      }
      if (start >= 0 && plain) {
        // Each escape of the string: JSON.stringify writes \uXXXX only for a few control characters
        // and lone surrogates, and never \/.
        if (backslash < i) backslash = nextBackslash(text, i);
        while (backslash < j) {
          const escaped = text.charCodeAt(backslash + 1);
          if (escaped === 117 /* u */ || escaped === 47 /* / */) plain = false;
          backslash = nextBackslash(text, backslash + 2);
        }
      }
      i = j;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth === 1) expectKey = c === 123;
      else if (depth === 2 && c === 91 && key !== undefined && keys.includes(key)) found.set(key, (collecting = { open: i, close: -1, elements: [], starts: [], ends: [], plain: [], pairs: [] }));
      else if (depth === 3 && collecting && c === 123) {
        start = i;
        plain = true;
        pairs = 0;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (depth === 3 && collecting && c === 125 && start >= 0) {
        collecting.elements.push(text.slice(start, i + 1));
        collecting.starts.push(start);
        collecting.ends.push(i + 1);
        collecting.plain.push(plain);
        collecting.pairs.push(pairs);
        start = -1;
      } else if (depth === 2 && collecting) {
        collecting.close = i;
        collecting = undefined;
      }
      depth--;
    } else if (c === 44 /* , */ && depth === 1) expectKey = true;
    else if (start >= 0) {
      if (c === 58 /* : */) pairs++;
      // White space, or a number's sign, point or exponent ('e' also in true and false: a false
      // alarm costs one serialization).
      else if (c === 32 || c === 10 || c === 13 || c === 9 || c === 45 /* - */ || c === 43 /* + */ || c === 46 /* . */ || c === 101 /* e */ || c === 69 /* E */) plain = false;
    }
  }
  return found;
}

function nextBackslash(text: string, from: number): number {
  const at = text.indexOf('\\', from);
  return at < 0 ? text.length : at;
}
