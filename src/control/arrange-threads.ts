// Creating and changing Agentry threads and their messages through the control plane. A thread
// always keeps at least one message; message ids are unique across the database; a new message's
// uid is the next one of its inbox. Shared by the admin API and the in-process handle.
import type { components } from '../generated/sandbox-admin.js';
import type { fakeMessageDefaults } from '../fake.js';
import { loadFake } from '../fake-loader.js';
import type { MessageRecord, ThreadRecord } from '../model.js';
import type { Services } from '../services.js';
import type { NewMessage } from '../store/store.js';
import { compareMessages, newestMessage } from '../thread-view.js';
import { toSecondsIso } from '../time.js';
import { ControlError, parseTime } from './control-error.js';

export type ThreadInput = components['schemas']['ThreadInput'];
export type ThreadPatch = components['schemas']['ThreadPatch'];
export type MessageInput = components['schemas']['MessageInput'];
export type MessagePatch = components['schemas']['MessagePatch'];

/** Where a thread created without `inbox_id` goes. */
export const DEFAULT_INBOX = 'inbox-default';

export function findThread(services: Services, threadId: string): ThreadRecord {
  const thread = services.store.threads.get(threadId);
  if (!thread) throw new ControlError('NotFoundError', `Thread '${threadId}' not found`);
  return thread;
}

export function findMessage(services: Services, threadId: string, messageId: string): MessageRecord {
  const message = findThread(services, threadId).messages.find((m) => m.message_id === messageId);
  if (!message) throw new ControlError('NotFoundError', `Message '${messageId}' not found in thread '${threadId}'`);
  return message;
}

const withoutRe = (subject: string) => subject.replace(/^(re:\s*)+/i, '');

/** A message with every omitted field filled in (uid left to the store). */
function completeMessage(services: Services, fake: { fakeMessageDefaults: typeof fakeMessageDefaults }, input: MessageInput, subject: string | undefined, field: string): NewMessage {
  const defaults = fake.fakeMessageDefaults(services.nextSeed(), subject);
  return {
    ...defaults,
    ...definedOnly(input),
    received_at: toSecondsIso(input.received_at === undefined ? Math.floor(Date.now() / 1000) * 1000 : parseTime(input.received_at, `${field}received_at`)),
  };
}

function assertMessageIdFree(services: Services, messageId: string): void {
  const holder = services.store.threads.messages.threadOf(messageId);
  if (holder !== undefined) throw new ControlError('ConflictError', `Message '${messageId}' exists already (in thread '${holder}')`);
}

export async function createThread(services: Services, input: ThreadInput = {}): Promise<ThreadRecord> {
  const fake = await loadFake();
  const { store } = services;
  const threadId = input.thread_id ?? fake.fakeThreadId(services.nextSeed());
  if (store.threads.get(threadId)) throw new ControlError('ConflictError', `Thread '${threadId}' exists already`);
  const inbox = input.inbox_id ?? DEFAULT_INBOX;
  const given = input.messages?.length ? input.messages : [{}];
  const messages: NewMessage[] = [];
  let subject: string | undefined;
  for (const [i, m] of given.entries()) {
    const message = completeMessage(services, fake, m, subject === undefined ? undefined : `Re: ${withoutRe(subject)}`, `messages/${i}/`);
    subject ??= message.subject;
    assertMessageIdFree(services, message.message_id);
    if (messages.some((o) => o.message_id === message.message_id)) throw new ControlError('ConflictError', `Message '${message.message_id}' is given twice`);
    messages.push(message);
  }
  // uids in order of arrival, after the highest of the inbox. No await from the checks to the put.
  let uid = store.threads.messages.nextUid(inbox);
  const stored = messages
    .map((m, i) => ({ m, i }))
    .sort((a, b) => Date.parse(a.m.received_at) - Date.parse(b.m.received_at) || a.i - b.i)
    .map(({ m }): MessageRecord => ({ ...m, uid: m.uid ?? uid++ }));
  const thread: ThreadRecord = { thread_id: threadId, inbox_id: inbox, messages: stored.sort(compareMessages) };
  await store.putThread(thread);
  return thread;
}

/** Moves a thread to another inbox; like IMAP, its messages get new uids there. */
export async function updateThread(services: Services, threadId: string, patch: ThreadPatch): Promise<ThreadRecord> {
  const old = findThread(services, threadId);
  if (patch.inbox_id === undefined || patch.inbox_id === old.inbox_id) return old;
  let uid = services.store.threads.messages.nextUid(patch.inbox_id);
  const thread: ThreadRecord = { thread_id: threadId, inbox_id: patch.inbox_id, messages: old.messages.map((m) => ({ ...m, uid: uid++ })) };
  await services.store.putThread(thread);
  return thread;
}

export async function deleteThread(services: Services, threadId: string): Promise<void> {
  findThread(services, threadId);
  await services.store.deleteThread(threadId);
}

export async function createMessage(services: Services, threadId: string, input: MessageInput = {}): Promise<{ thread: ThreadRecord; message: MessageRecord }> {
  const fake = await loadFake();
  const thread = findThread(services, threadId);
  const message = completeMessage(services, fake, input, `Re: ${withoutRe(newestMessage(thread).subject)}`, '');
  assertMessageIdFree(services, message.message_id);
  const stored = await services.store.putMessage(threadId, message);
  return { thread: findThread(services, threadId), message: stored };
}

export async function updateMessage(services: Services, threadId: string, messageId: string, patch: MessagePatch): Promise<{ thread: ThreadRecord; message: MessageRecord }> {
  const old = findMessage(services, threadId, messageId);
  const changed = definedOnly(patch);
  const message: MessageRecord = {
    ...old,
    ...changed,
    message_id: messageId,
    received_at: patch.received_at === undefined ? old.received_at : toSecondsIso(parseTime(patch.received_at, 'received_at')),
  };
  const stored = await services.store.putMessage(threadId, message);
  return { thread: findThread(services, threadId), message: stored };
}

export async function deleteMessage(services: Services, threadId: string, messageId: string): Promise<void> {
  const thread = findThread(services, threadId);
  findMessage(services, threadId, messageId);
  if (thread.messages.length === 1) {
    throw new ControlError('ConflictError', `Message '${messageId}' is the last one of thread '${threadId}'; a thread keeps at least one message, delete the thread instead`);
  }
  await services.store.deleteMessage(threadId, messageId);
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
