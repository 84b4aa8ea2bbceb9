// A loaded record's JSON into a TextColumn: the text the load gave for it (a string, or a byte
// range of the data file's buffer, kept where it lies), else the record serialized.
import type { LoadTexts } from './read-model/read-model.js';
import type { TextColumn } from './text-column.js';

export function setText(column: TextColumn, slot: number, record: unknown, texts: LoadTexts | undefined, i: number): void {
  if (texts !== undefined && 'bytes' in texts) {
    const start = texts.starts[i] as number;
    if (start >= 0) return column.setBytes(slot, texts.bytes, start, texts.ends[i] as number, texts.ascii);
  } else {
    const text = texts?.[i];
    if (text !== undefined) return column.set(slot, text);
  }
  column.set(slot, JSON.stringify(record));
}
