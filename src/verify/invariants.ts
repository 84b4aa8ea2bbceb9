// What a schema cannot say, written independently of the sandbox's own implementation (a shared
// bug would otherwise pass unnoticed): sort orders, list comparisons, derived fields.

// ---- Execution Threads v1 ----

export interface ExecutionThread {
  workspaceId: number;
  threadToken: string | null;
  type: string;
  createdAt: string;
}

export const SORT_KEYS = ['CreatedAt', 'ThreadToken', 'Type', 'WorkspaceId'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface SortTerm {
  key: SortKey;
  descending: boolean;
}

type Compare<T> = (a: T, b: T) => number;

const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const BY_KEY: Record<SortKey, Compare<ExecutionThread>> = {
  CreatedAt: (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt),
  WorkspaceId: (a, b) => a.workspaceId - b.workspaceId,
  Type: (a, b) => ordinal(a.type, b.type),
  // A null token sorts first ascending (and so last descending).
  ThreadToken: (a, b) => (a.threadToken === b.threadToken ? 0 : a.threadToken === null ? -1 : b.threadToken === null ? 1 : ordinal(a.threadToken, b.threadToken)),
};

export function compareBy(terms: readonly SortTerm[]): Compare<ExecutionThread> {
  return (a, b) => {
    for (const t of terms) {
      const c = BY_KEY[t.key](a, b);
      if (c !== 0) return t.descending ? -c : c;
    }
    return 0;
  };
}

/** Array.prototype.sort is stable: ties keep the given (creation) order. */
export function stableSorted<T>(items: readonly T[], compare: Compare<T>): T[] {
  return [...items].sort(compare);
}

/** The first adjacent pair out of order, described; undefined when the list is ordered. */
export function orderViolation<T>(items: readonly T[], compare: Compare<T>, show: (item: T) => string = (i) => JSON.stringify(i)): string | undefined {
  for (let i = 0; i + 1 < items.length; i++) {
    if (compare(items[i] as T, items[i + 1] as T) > 0) return `items ${i} and ${i + 1} are out of order: ${show(items[i] as T)} before ${show(items[i + 1] as T)}`;
  }
  return undefined;
}

/** Where two lists first differ, described; undefined when they are equal. */
export function listDifference(actual: readonly unknown[], expected: readonly unknown[], what = 'item'): string | undefined {
  const n = Math.max(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    const a = JSON.stringify(actual[i]);
    const e = JSON.stringify(expected[i]);
    if (a !== e) return `${what} ${i}: expected ${e ?? '(nothing)'}, got ${a ?? '(nothing)'}`;
  }
  return undefined;
}

// ---- Agentry Threads v0 ----

export interface ThreadSummary {
  thread_id: string;
  inbox_id: string;
  latest_message_id: string;
  latest_message_received_at?: string;
  message_count: number;
  snippet?: string;
  subject?: string;
}

export interface Message {
  message_id: string;
  inbox_id: string;
  received_at: string;
  snippet?: string;
  subject?: string;
}

export interface Thread extends ThreadSummary {
  messages: Message[];
}

const receivedMs = (t: ThreadSummary) => (t.latest_message_received_at === undefined ? -Infinity : Date.parse(t.latest_message_received_at));

/** Newest first by latest_message_received_at, ties by thread_id ascending. */
export const newestFirst: Compare<ThreadSummary> = (a, b) => receivedMs(b) - receivedMs(a) || ordinal(a.thread_id, b.thread_id);

/** A list item as a thread read by id must show it (the thread without its messages). */
export function summaryOf(thread: Thread): ThreadSummary {
  const { messages: _messages, ...summary } = thread;
  return summary;
}

/** Derived fields that disagree with the messages they come from. */
export function derivedFieldProblems(thread: Thread): string[] {
  const problems: string[] = [];
  const { messages } = thread;
  if (thread.message_count !== messages.length) problems.push(`message_count is ${thread.message_count} but there are ${messages.length} messages`);
  const disorder = orderViolation(messages, (a, b) => Date.parse(a.received_at) - Date.parse(b.received_at), (m) => `${m.message_id} (${m.received_at})`);
  if (disorder) problems.push(`messages are not oldest first: ${disorder}`);
  const newest = messages[messages.length - 1];
  if (newest) {
    const derived: [keyof ThreadSummary, keyof Message][] = [
      ['latest_message_id', 'message_id'],
      ['latest_message_received_at', 'received_at'],
      ['snippet', 'snippet'],
      ['subject', 'subject'],
    ];
    for (const [field, source] of derived) {
      if (thread[field] !== newest[source]) problems.push(`${field} is ${JSON.stringify(thread[field])} but the newest message's ${source} is ${JSON.stringify(newest[source])}`);
    }
  }
  const strangers = messages.filter((m) => m.inbox_id !== thread.inbox_id).map((m) => m.message_id);
  if (strangers.length > 0) problems.push(`messages ${strangers.join(', ')} belong to another inbox than the thread (${thread.inbox_id})`);
  return problems;
}

/** The first thread_id a walk returned twice, with the pages it came on. */
export function firstRepeat(pages: readonly (readonly ThreadSummary[])[]): string | undefined {
  const seen = new Map<string, number>();
  for (const [p, page] of pages.entries()) {
    for (const t of page) {
      const earlier = seen.get(t.thread_id);
      if (earlier !== undefined) return `thread ${t.thread_id} came twice (page ${earlier + 1} and page ${p + 1})`;
      seen.set(t.thread_id, p);
    }
  }
  return undefined;
}

/** Reads a `sorting` value the way the spec's grammar defines it; undefined when it is not valid. */
export function parseSorting(text: string): SortTerm[] | undefined {
  const terms: SortTerm[] = [];
  for (const raw of text.split(',')) {
    const m = /^\s*(-?)([A-Za-z]+)(?:\s+(asc|desc))?\s*$/i.exec(raw);
    const key = SORT_KEYS.find((k) => k.toLowerCase() === m?.[2]?.toLowerCase());
    if (!m || !key || (m[1] === '-' && m[3] !== undefined)) return undefined;
    terms.push({ key, descending: m[1] === '-' || m[3]?.toLowerCase() === 'desc' });
  }
  return terms;
}
