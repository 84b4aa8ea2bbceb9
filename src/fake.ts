// The only faker importer. Every generator reseeds the shared English instance and runs to the end
// synchronously, so two sandboxes in one process never interleave and the same seed always gives
// the same bytes on any machine (dates come from a fixed reference, never from the clock).
import type { Faker } from '@faker-js/faker';
import { faker } from '@faker-js/faker/locale/en';
import type { Database, ExecutionThreadRecord, ExecutionThreadType, MessageRecord, ThreadRecord } from './model.js';
import { SCHEMA_VERSION } from './model.js';
import { Slicer, sortSteps } from './slices.js';
import { toMillisIso, toSecondsIso } from './time.js';

export interface GenerateCounts {
  executionThreads: number;
  threads: number;
}

const REFERENCE = Date.parse('2026-01-01T00:00:00.000Z');
const DAY = 86_400_000;
const FOLDERS = ['INBOX', 'INBOX', 'INBOX', 'Archive', 'Important'];

function seeded<T>(seed: number, make: (f: Faker) => T): T {
  faker.seed(seed);
  faker.setDefaultRefDate(REFERENCE);
  return make(faker);
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** A whole database from a seed: the same seed and counts give a byte-identical result. */
export function generateDatabase(seed: number, counts: GenerateCounts, onProgress?: (done: number) => void): Database {
  return seeded(seed, (f) => {
    const steps = generating(f, counts, onProgress);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  });
}

/**
 * The same database as generateDatabase, made in slices with a turn of the event loop between
 * them, so that a server keeps answering while it generates. It draws from its own faker instance:
 * the shared one may be reseeded by another caller between two slices.
 */
export async function generateDatabaseYielding(seed: number, counts: GenerateCounts): Promise<Database> {
  // faker's package entry holds the Faker class; it loads every locale (a few hundred ms), so only
  // here, for generation in slices, where it is a small part of the whole.
  const { Faker: FakerClass } = await import('@faker-js/faker');
  const f: Faker = new FakerClass({ locale: faker.rawDefinitions });
  f.seed(seed);
  f.setDefaultRefDate(REFERENCE);
  const steps = generating(f, counts);
  // A step is a few records with messages: the clock is read at every one.
  const slicer = new Slicer(1);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (slicer.due()) await slicer.pause();
  }
}

/** Records between two points where generateDatabaseYielding may give the event loop a turn. */
const SLICE = 8;

function* generating(f: Faker, counts: GenerateCounts, onProgress?: (done: number) => void): Generator<void, Database> {
  const workspaces = clamp(Math.ceil(counts.executionThreads / 5000), 3, 20);
  const executionThreads: ExecutionThreadRecord[] = [];
  let createdAt = REFERENCE - 365 * DAY;
  for (let id = 1; id <= counts.executionThreads; id++) {
    createdAt += f.number.int({ min: 1, max: Math.max(2, Math.floor((300 * DAY) / Math.max(1, counts.executionThreads))) });
    const type: ExecutionThreadType = f.datatype.boolean({ probability: 0.6 }) ? 'Manual' : 'BrowserInstance';
    executionThreads.push({
      id,
      workspaceId: f.number.int({ min: 1, max: workspaces }),
      threadToken: type === 'Manual' && f.datatype.boolean({ probability: 0.3 }) ? null : executionThreadToken(f, type),
      type,
      createdAt: toMillisIso(createdAt),
    });
    if (onProgress && id % 10_000 === 0) onProgress(id);
    if (id % SLICE === 0) yield;
  }
  const inboxes = Array.from({ length: clamp(Math.ceil(counts.threads / 2000), 3, 50) }, (_, i) => inboxId(f, i));
  const threads: ThreadRecord[] = [];
  for (let i = 0; i < counts.threads; i++) {
    threads.push(fakeThread(f, f.helpers.arrayElement(inboxes)));
    if (onProgress && (counts.executionThreads + i + 1) % 10_000 === 0) onProgress(counts.executionThreads + i + 1);
    if ((i + 1) % SLICE === 0) yield;
  }
  yield* assignUids(threads);
  return { schemaVersion: SCHEMA_VERSION, generation: 0, executionThreads, threads };
}

function executionThreadToken(f: Faker, type: ExecutionThreadType): string {
  return type === 'BrowserInstance' ? `bi_${f.string.alphanumeric({ length: 20, casing: 'lower' })}` : `mt_${f.string.alphanumeric({ length: 16, casing: 'lower' })}`;
}

function inboxId(f: Faker, index: number): string {
  const word = f.word.noun({ length: { min: 4, max: 9 }, strategy: 'closest' }).toLowerCase().replace(/[^a-z]/g, '');
  return `inbox-${word}-${index + 1}`;
}

function person(f: Faker): string {
  const first = f.person.firstName();
  const last = f.person.lastName();
  return `${first} ${last} <${f.internet.email({ firstName: first, lastName: last }).toLowerCase()}>`;
}

function messageIdHeader(f: Faker, from: string): string {
  const domain = /@([^>]+)>/.exec(from)?.[1] ?? 'mail.example.com';
  return `<${f.string.alphanumeric({ length: 24 })}@${domain}>`;
}

function fakeMessage(f: Faker, subject: string, receivedAt: number, from: string): MessageRecord {
  return {
    message_id: `msg_${f.string.alphanumeric({ length: 20, casing: 'lower' })}`,
    message_id_header: messageIdHeader(f, from),
    from,
    subject,
    snippet: f.lorem.sentence({ min: 6, max: 16 }).slice(0, 140),
    received_at: toSecondsIso(receivedAt),
    folder: f.helpers.arrayElement(FOLDERS),
    uid: 0,
  };
}

function fakeThread(f: Faker, inbox: string): ThreadRecord {
  const subject = f.company.catchPhrase();
  const people = [person(f), person(f)];
  const count = f.helpers.weightedArrayElement([
    { weight: 40, value: 1 },
    { weight: 25, value: 2 },
    { weight: 15, value: 3 },
    { weight: 10, value: 4 },
    { weight: 6, value: 6 },
    { weight: 4, value: 9 },
  ]);
  let at = REFERENCE - f.number.int({ min: 0, max: 400 * DAY });
  at -= at % 1000;
  const messages: MessageRecord[] = [];
  for (let i = 0; i < count; i++) {
    messages.push(fakeMessage(f, i === 0 ? subject : `Re: ${subject}`, at, people[i % 2] as string));
    at += f.number.int({ min: 60, max: 3 * 86_400 }) * 1000;
  }
  return { thread_id: `thr_${f.string.alphanumeric({ length: 20, casing: 'lower' })}`, inbox_id: inbox, messages };
}

/** IMAP UIDs increase with arrival within an inbox: each inbox's messages numbered by time, in steps (a reset may give the loop a turn between them). */
function* assignUids(threads: ThreadRecord[]): Generator<void> {
  const byInbox = new Map<string, MessageRecord[]>();
  for (let i = 0; i < threads.length; i++) {
    const t = threads[i] as ThreadRecord;
    let list = byInbox.get(t.inbox_id);
    if (!list) byInbox.set(t.inbox_id, (list = []));
    list.push(...t.messages);
    if ((i + 1) % SLICE === 0) yield;
  }
  for (const list of byInbox.values()) {
    // In steps: one inbox of the largest allowed database holds about 20,000 messages.
    const sorted = yield* sortSteps(list, (a, b) => (a.received_at < b.received_at ? -1 : a.received_at > b.received_at ? 1 : 0));
    sorted.forEach((m, i) => (m.uid = i + 1));
    yield;
  }
}

// ---- defaults for objects created through the control plane -------------------------------------

export function fakeExecutionThreadToken(seed: number, type: ExecutionThreadType): string {
  return seeded(seed, (f) => executionThreadToken(f, type));
}

export function fakeThreadId(seed: number): string {
  return seeded(seed, (f) => `thr_${f.string.alphanumeric({ length: 20, casing: 'lower' })}`);
}

/** A plausible message; uid and time are the caller's (they depend on the inbox and thread). */
export function fakeMessageDefaults(seed: number, subject?: string): Omit<MessageRecord, 'uid' | 'received_at'> {
  return seeded(seed, (f) => {
    const m = fakeMessage(f, subject ?? f.company.catchPhrase(), REFERENCE, person(f));
    const { uid: _uid, received_at: _at, ...rest } = m;
    return rest;
  });
}
