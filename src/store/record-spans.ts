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
      i = j;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth === 1) expectKey = c === 123;
      else if (depth === 2 && c === 91 && key !== undefined && keys.includes(key)) found.set(key, (collecting = { open: i, close: -1, elements: [], starts: [], ends: [] }));
      else if (depth === 3 && collecting && c === 123) start = i;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (depth === 3 && collecting && c === 125 && start >= 0) {
        collecting.elements.push(text.slice(start, i + 1));
        collecting.starts.push(start);
        collecting.ends.push(i + 1);
        start = -1;
      } else if (depth === 2 && collecting) {
        collecting.close = i;
        collecting = undefined;
      }
      depth--;
    } else if (c === 44 /* , */ && depth === 1) expectKey = true;
  }
  return found;
}
