// Loading a database file's bytes one record at a time (the file engine's start): moved out of
// store.ts as it was, so that the work on the read model's internals can follow it here.
import type { Database, ExecutionThreadRecord, ThreadRecord } from '../model.js';
import { findShapeProblem, isExecutionThread, isThread } from './db-schema.js';
import { compareMessages, messagesInOrder as inOrder } from './message-order.js';
import { isCompactElement, topLevelArraySpans, type ArraySpan } from './record-spans.js';
import type { LoadableReadModel } from './read-model/read-model.js';
import { BatchTexts } from './batch-texts.js';
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
 * Loads a database file one record at a time from its bytes: each record is decoded from its byte
 * range and parsed, checked (the schema's compiled validator, as findShapeProblem), indexed with
 * that range as its JSON (kept in `bytes`, not copied), and dropped, so the whole file is never
 * one tree of objects nor one decoded string. Undefined, with the indexes empty, when the file is
 * not one this path takes, or any record or the top level is not valid: the caller then parses
 * the whole file, which names the problem as before. `ascii`: every byte is below 0x80.
 */
export function loadByRecord(bytes: Buffer, into: LoadTarget, ascii: boolean): RecordCounts | undefined {
  try {
    const spans = topLevelArraySpans(bytes, ['executionThreads', 'threads'], ascii);
    const exec = spans.get('executionThreads');
    const thr = spans.get('threads');
    if (!exec || !thr || exec.close < 0 || thr.close < 0 || !onlyElements(bytes, exec) || !onlyElements(bytes, thr)) return undefined;
    const [first, second] = exec.open < thr.open ? [exec, thr] : [thr, exec];
    const rest = `${bytes.toString('utf8', 0, first.open + 1)}${bytes.toString('utf8', first.close, second.open + 1)}${bytes.toString('utf8', second.close)}`;
    const top = JSON.parse(rest) as Database;
    if (!Array.isArray(top?.executionThreads) || top.executionThreads.length !== 0 || !Array.isArray(top.threads) || top.threads.length !== 0) return undefined;
    if (findShapeProblem(top) !== null) return undefined;
    into.executionThreads.clear();
    into.threads.clear();
    into.generation = top.generation ?? 0;
    // A few records at a time: parsed together (one JSON.parse of the run of elements, fewer
    // calls and no text per record), checked and indexed while young, so that the collector finds
    // little of them alive (a large batch was copied by every scavenge it met).
    const texts = new BatchTexts(bytes, ascii);
    // A record's text is kept only when compact (isCompactElement): a file edited by hand keeps
    // its spacing out of the read model, the checkpoints and the snapshot export.
    for (let from = 0; from < exec.length; from += BATCH) {
      const records = parsedRun(exec, from) as ExecutionThreadRecord[];
      for (let k = 0; k < records.length; k++) {
        const record = records[k] as ExecutionThreadRecord;
        if (!isExecutionThread(record)) return unloaded(into);
        texts.push(exec, from + k, isCompactElement(exec, from + k, record));
      }
      into.executionThreads.load(records, texts.batch());
    }
    let messages = 0;
    for (let from = 0; from < thr.length; from += BATCH) {
      const threads = parsedRun(thr, from) as ThreadRecord[];
      for (let k = 0; k < threads.length; k++) {
        const thread = threads[k] as ThreadRecord;
        if (!isThread(thread)) return unloaded(into);
        messages += thread.messages.length;
        // Files this sandbox wrote are in order already; a thread sorted here no longer matches its text.
        if (inOrder(thread.messages)) texts.push(thr, from + k, isCompactElement(thr, from + k, thread));
        else {
          thread.messages.sort(compareMessages);
          texts.push(thr, from + k, false);
        }
      }
      into.threads.load(threads, texts.batch());
    }
    into.executionThreads.finish();
    into.threads.finish();
    adoptCounters(into, top.counters);
    return { executionThreads: exec.length, threads: thr.length, messages };
  } catch {
    return unloaded(into);
  }
}

/** Records parsed and handed to the indexes at a time. */
const BATCH = 32;

/** The elements of a run of BATCH from `from`, parsed (each element is an object: the scan found only those). */
function parsedRun(span: ArraySpan, from: number): unknown[] {
  const to = Math.min(span.length, from + BATCH);
  const run = JSON.parse(`[${span.run(from, to)}]`) as unknown[];
  if (run.length !== to - from) throw new Error('a run of elements parsed to another count');
  return run;
}

function unloaded(into: LoadTarget): undefined {
  into.executionThreads.clear();
  into.threads.clear();
  into.generation = 0;
  return undefined;
}

/** True when an array holds nothing but its object elements, commas and white space. */
function onlyElements(bytes: Buffer, span: ArraySpan): boolean {
  const { starts, ends } = span;
  const n = starts.length;
  if (n === 0) return blank(bytes, span.open + 1, span.close);
  if (!blank(bytes, span.open + 1, starts[0] as number) || !blank(bytes, ends[n - 1] as number, span.close)) return false;
  for (let i = 1; i < n; i++) {
    const from = ends[i - 1] as number;
    const to = starts[i] as number;
    // What JSON.stringify writes, a comma alone, is told without decoding and a regular expression.
    if (to === from + 1 ? bytes[from] !== 44 /* , */ : !/^[ \t\n\r]*,[ \t\n\r]*$/.test(bytes.toString('latin1', from, to))) return false;
  }
  return true;
}

function blank(bytes: Buffer, from: number, to: number): boolean {
  return from === to || /^[ \t\n\r]*$/.test(bytes.toString('latin1', from, to));
}
