// Loading a database file's text one record at a time (the file engine's start): moved out of
// store.ts as it was, so that the work on the read model's internals can follow it here.
import type { Database, ExecutionThreadRecord, MessageRecord, ThreadRecord } from '../model.js';
import { findShapeProblem, isExecutionThread, isThread } from './db-schema.js';
import { compareMessages, messagesInOrder as inOrder } from './message-order.js';
import { compactElement, topLevelArraySpans, type ArraySpan } from './record-spans.js';
import type { LoadableReadModel } from './read-model/read-model.js';
import { adoptCounters } from './counters.js';

/** The indexes a load fills and the generation it reads. */
export interface LoadTarget {
  executionThreads: LoadableReadModel['executionThreads'];
  threads: LoadableReadModel['threads'];
  generation: number;
}

export interface RecordCounts {
  executionThreads: number;
  threads: number;
  messages: number;
}

/**
 * Loads a database file's text one record at a time: each record is parsed from its slice of the
 * text, checked (the schema's compiled validator, as findShapeProblem), indexed with that slice as its
 * JSON, and dropped, so the whole file is never one tree of objects (that tree was most of the
 * start's collector time and its peak memory). Undefined, with the indexes empty, when the text
 * is not one this path takes, or any record or the top level is not valid: the caller then
 * parses the whole file, which names the problem as before.
 */
export function loadByRecord(text: string, into: LoadTarget): RecordCounts | undefined {
  const BATCH = 1024;
  try {
    const spans = topLevelArraySpans(text, ['executionThreads', 'threads']);
    const exec = spans.get('executionThreads');
    const thr = spans.get('threads');
    if (!exec || !thr || exec.close < 0 || thr.close < 0 || !onlyElements(text, exec) || !onlyElements(text, thr)) return undefined;
    const [first, second] = exec.open < thr.open ? [exec, thr] : [thr, exec];
    const rest = `${text.slice(0, first.open + 1)}${text.slice(first.close, second.open + 1)}${text.slice(second.close)}`;
    const top = JSON.parse(rest) as Database;
    if (!Array.isArray(top?.executionThreads) || top.executionThreads.length !== 0 || !Array.isArray(top.threads) || top.threads.length !== 0) return undefined;
    if (findShapeProblem(top) !== null) return undefined;
    into.executionThreads.clear();
    into.threads.clear();
    into.generation = top.generation ?? 0;
    let records: ExecutionThreadRecord[] = [];
    // A record's text is kept only when compact (compactElement): a file edited by hand keeps
    // its spacing out of the read model, the checkpoints and the snapshot export.
    for (let i = 0; i < exec.elements.length; i += BATCH) {
      const texts: (string | undefined)[] = exec.elements.slice(i, i + BATCH);
      records = texts.map((t) => JSON.parse(t as string) as ExecutionThreadRecord);
      if (!records.every(isExecutionThread)) return unloaded(into);
      for (let j = 0; j < texts.length; j++) texts[j] = compactElement(exec, i + j, records[j]);
      into.executionThreads.load(records, texts);
    }
    let messages = 0;
    for (let i = 0; i < thr.elements.length; i += BATCH) {
      const texts: (string | undefined)[] = thr.elements.slice(i, i + BATCH);
      const threads = texts.map((t) => JSON.parse(t as string) as ThreadRecord);
      for (let j = 0; j < threads.length; j++) {
        const t = threads[j] as ThreadRecord;
        if (!isThread(t)) return unloaded(into);
        messages += t.messages.length;
        texts[j] = compactElement(thr, i + j, t);
        // Files this sandbox wrote are in order already; a thread sorted here no longer matches its text.
        if (!inOrder(t.messages)) {
          t.messages.sort(compareMessages);
          texts[j] = undefined;
        }
      }
      into.threads.load(threads, texts);
    }
    into.executionThreads.finish();
    into.threads.finish();
    adoptCounters(into, top.counters);
    return { executionThreads: exec.elements.length, threads: thr.elements.length, messages };
  } catch {
    return unloaded(into);
  }
}

function unloaded(into: LoadTarget): undefined {
  into.executionThreads.clear();
  into.threads.clear();
  into.generation = 0;
  return undefined;
}

/** True when an array holds nothing but its object elements, commas and white space. */
function onlyElements(text: string, span: ArraySpan): boolean {
  const gap = (from: number, to: number, comma: boolean) => (comma ? /^[ \t\n\r]*,[ \t\n\r]*$/ : /^[ \t\n\r]*$/).test(text.slice(from, to));
  const n = span.starts.length;
  if (n === 0) return gap(span.open + 1, span.close, false);
  if (!gap(span.open + 1, span.starts[0] as number, false) || !gap(span.ends[n - 1] as number, span.close, false)) return false;
  for (let i = 1; i < n; i++) if (!gap(span.ends[i - 1] as number, span.starts[i] as number, true)) return false;
  return true;
}
