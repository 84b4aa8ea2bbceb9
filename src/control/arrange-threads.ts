// Creating and changing Agentry threads and their messages through the control plane. A thread
// always keeps at least one message; thread and message ids are unique across the database, one
// namespace for every tenant (as the provider's ids are); a new message's uid is the next one of
// its inbox. Another tenant's records stay hidden: a 409 for an id it holds names nothing of it, and
// an id the sandbox picks is never one that is taken. Shared by the admin API and the in-process
// handle.
import type { components } from '../generated/sandbox-admin.js';
import type { fakeMessageDefaults } from '../fake.js';
import { loadFake } from '../fake-loader.js';
import { canSeeInbox, type Principal } from '../auth.js';
import type { MessageRecord, ThreadRecord } from '../model.js';
import type { Services } from '../services.js';
import type { WriteState } from '../store/contract.js';
import { compareMessages, newestMessage } from '../thread-view.js';
import { toSecondsIso } from '../time.js';
import { ControlError, parseTime } from './control-error.js';
import { EVERYTHING } from './scope.js';

export type ThreadInput = components['schemas']['ThreadInput'];
export type ThreadPatch = components['schemas']['ThreadPatch'];
export type MessageInput = components['schemas']['MessageInput'];
export type MessagePatch = components['schemas']['MessagePatch'];

/** Where a thread created without `inbox_id` goes. */
export const DEFAULT_INBOX = 'inbox-default';

/** The highest IMAP uid (a 32-bit unsigned number, RFC 3501), as the database schema allows. */
export const MAX_UID = 4294967295;

/** A message as the control plane builds it: without a uid, it gets the next one of its inbox. */
type NewMessage = Omit<MessageRecord, 'uid'> & { uid?: number | undefined };

/** Another tenant's thread is not found, exactly like a missing one. */
export function findThread(services: Services, threadId: string, scope: Principal = EVERYTHING): ThreadRecord {
  const thread = services.store.threads.get(threadId);
  if (!thread || !canSeeInbox(scope, thread.inbox_id)) throw new ControlError('NotFoundError', `Thread '${threadId}' not found`);
  return thread;
}

export function findMessage(services: Services, threadId: string, messageId: string, scope: Principal = EVERYTHING): MessageRecord {
  const message = findThread(services, threadId, scope).messages.find((m) => m.message_id === messageId);
  if (!message) throw new ControlError('NotFoundError', `Message '${messageId}' not found in thread '${threadId}'`);
  return message;
}

const withoutRe = (subject: string) => subject.replace(/^(re:\s*)+/i, '');

/** A message with every omitted field filled in (uid left to the store). */
function completeMessage(services: Services, fake: { fakeMessageDefaults: typeof fakeMessageDefaults }, input: MessageInput, subject: string | undefined, field: string): NewMessage {
  const defaults = fake.fakeMessageDefaults(services.nextSeed(), subject);
  return {
    ...defaults,
    // The spec's default (createMessage): a message that arrives lands in the inbox.
    folder: 'INBOX',
    ...definedOnly(input),
    received_at: toSecondsIso(input.received_at === undefined ? Math.floor(Date.now() / 1000) * 1000 : parseTime(input.received_at, `${field}received_at`)),
  };
}

/** A 409 for a message id in use; it names the thread only when the caller may see it. */
function assertMessageIdFree(state: WriteState, messageId: string, scope: Principal): void {
  const holder = state.threadOfMessage(messageId);
  if (holder === undefined) return;
  const visible = canSeeInbox(scope, state.thread(holder)?.inbox_id ?? '');
  throw new ControlError('ConflictError', `Message '${messageId}' exists already ${visible ? `(in thread '${holder}')` : '(message ids are unique across tenants)'}`);
}

function assertThreadIdFree(state: WriteState, threadId: string, scope: Principal): void {
  const holder = state.thread(threadId);
  if (holder === undefined) return;
  throw new ControlError('ConflictError', `Thread '${threadId}' exists already${canSeeInbox(scope, holder.inbox_id) ? '' : ' (thread ids are unique across tenants)'}`);
}

/** How many fresh ids to draw before giving up (each draw is a new seed: a clash is rare). */
const DRAWS = 1000;

/** `id`, or when it is taken, the first free one `draw` makes. */
function freeId(id: string, taken: (id: string) => boolean, draw: () => string, what: string): string {
  for (let i = 0; taken(id); i++) {
    if (i === DRAWS) throw new ControlError('ConflictError', `No free ${what} id was found in ${DRAWS} draws; give one`);
    id = draw();
  }
  return id;
}

/** The next uid of an inbox, or a 409 naming the limit when the inbox has used them all. */
function uidsFrom(state: WriteState, inbox: string, count: number): number {
  const first = state.nextUid(inbox);
  if (first + count - 1 > MAX_UID) throw new ControlError('ConflictError', `No uid is left in inbox '${inbox}': uids go up to ${MAX_UID}`);
  return first;
}

const put = (thread: ThreadRecord) => ({ changes: [{ op: 'putThread' as const, thread }], result: thread });

function threadIn(state: WriteState, threadId: string): ThreadRecord {
  const thread = state.thread(threadId);
  if (!thread) throw new ControlError('NotFoundError', `Thread '${threadId}' not found`);
  return thread;
}

function ownInbox(scope: Principal, inbox: string): string {
  if (!canSeeInbox(scope, inbox)) throw new ControlError('ValidationError', `inbox_id '${inbox}' is not an inbox of tenant '${scope.tenant}' (its inboxes: ${scope.inboxes?.join(', ')})`);
  return inbox;
}

export async function createThread(services: Services, input: ThreadInput = {}, scope: Principal = EVERYTHING): Promise<ThreadRecord> {
  const fake = await loadFake();
  const drawThreadId = () => fake.fakeThreadId(services.nextSeed());
  const drawMessageId = () => fake.fakeMessageDefaults(services.nextSeed()).message_id;
  const givenThreadId = input.thread_id;
  const defaultThreadId = givenThreadId === undefined ? drawThreadId() : undefined;
  const inbox = ownInbox(scope, input.inbox_id ?? scope.inboxes?.[0] ?? DEFAULT_INBOX);
  const given = input.messages?.length ? input.messages : [{}];
  const messages: NewMessage[] = [];
  const drawn: boolean[] = [];
  let subject: string | undefined;
  for (const [i, m] of given.entries()) {
    const message = completeMessage(services, fake, m, subject === undefined ? undefined : `Re: ${withoutRe(subject)}`, `messages/${i}/`);
    subject ??= message.subject;
    if (messages.some((o) => o.message_id === message.message_id)) throw new ControlError('ConflictError', `Message '${message.message_id}' is given twice`);
    messages.push(message);
    drawn.push(m.message_id === undefined);
  }
  // Ids are checked and uids taken under the store's write lock, in order of arrival. Ids the
  // sandbox drew are drawn again while taken (by anyone: another tenant's are taken too).
  return services.store.write((state) => {
    if (givenThreadId !== undefined) assertThreadIdFree(state, givenThreadId, scope);
    const threadId = givenThreadId ?? freeId(defaultThreadId as string, (id) => state.thread(id) !== undefined, drawThreadId, 'thread');
    const inThisThread = new Set(messages.filter((_, i) => !drawn[i]).map((m) => m.message_id));
    for (const [i, m] of messages.entries()) {
      if (!drawn[i]) continue;
      m.message_id = freeId(m.message_id, (id) => state.threadOfMessage(id) !== undefined || inThisThread.has(id), drawMessageId, 'message');
      inThisThread.add(m.message_id);
    }
    for (const m of messages) assertMessageIdFree(state, m.message_id, scope);
    let uid = uidsFrom(state, inbox, messages.filter((m) => m.uid === undefined).length);
    const stored = messages
      .map((m, i) => ({ m, i }))
      .sort((a, b) => Date.parse(a.m.received_at) - Date.parse(b.m.received_at) || a.i - b.i)
      .map(({ m }): MessageRecord => ({ ...m, uid: m.uid ?? uid++ }));
    return put({ thread_id: threadId, inbox_id: inbox, messages: stored.sort(compareMessages) });
  });
}

/** Moves a thread to another inbox; like IMAP, its messages get new uids there. */
export async function updateThread(services: Services, threadId: string, patch: ThreadPatch, scope: Principal = EVERYTHING): Promise<ThreadRecord> {
  const current = findThread(services, threadId, scope);
  const inbox = patch.inbox_id;
  if (inbox === undefined || inbox === current.inbox_id) return current;
  ownInbox(scope, inbox);
  return services.store.write((state) => {
    const old = threadIn(state, threadId);
    if (inbox === old.inbox_id) return { changes: [], result: old };
    let uid = uidsFrom(state, inbox, old.messages.length);
    return put({ thread_id: threadId, inbox_id: inbox, messages: old.messages.map((m) => ({ ...m, uid: uid++ })) });
  });
}

export async function deleteThread(services: Services, threadId: string, scope: Principal = EVERYTHING): Promise<void> {
  findThread(services, threadId, scope);
  await services.store.write((state) => {
    threadIn(state, threadId);
    return { changes: [{ op: 'deleteThread', id: threadId }], result: undefined };
  });
}

/** Adds the message to the thread, or replaces the one with its message_id; a new one gets the next uid. */
function withMessage(state: WriteState, thread: ThreadRecord, message: NewMessage): { thread: ThreadRecord; message: MessageRecord } {
  const stored: MessageRecord = { ...message, uid: message.uid ?? uidsFrom(state, thread.inbox_id, 1) };
  const messages = thread.messages.filter((m) => m.message_id !== stored.message_id);
  messages.push(stored);
  return { thread: { ...thread, messages: messages.sort(compareMessages) }, message: stored };
}

export async function createMessage(services: Services, threadId: string, input: MessageInput = {}, scope: Principal = EVERYTHING): Promise<{ thread: ThreadRecord; message: MessageRecord }> {
  const fake = await loadFake();
  const current = findThread(services, threadId, scope);
  const message = completeMessage(services, fake, input, `Re: ${withoutRe(newestMessage(current).subject)}`, '');
  return services.store.write((state) => {
    const thread = threadIn(state, threadId);
    if (input.message_id === undefined) {
      message.message_id = freeId(message.message_id, (id) => state.threadOfMessage(id) !== undefined, () => fake.fakeMessageDefaults(services.nextSeed()).message_id, 'message');
    }
    assertMessageIdFree(state, message.message_id, scope);
    const result = withMessage(state, thread, message);
    return { changes: [{ op: 'putThread', thread: result.thread }], result };
  });
}

export async function updateMessage(services: Services, threadId: string, messageId: string, patch: MessagePatch, scope: Principal = EVERYTHING): Promise<{ thread: ThreadRecord; message: MessageRecord }> {
  findMessage(services, threadId, messageId, scope);
  const changed = definedOnly(patch);
  const receivedAt = patch.received_at === undefined ? undefined : toSecondsIso(parseTime(patch.received_at, 'received_at'));
  return services.store.write((state) => {
    const thread = threadIn(state, threadId);
    const old = thread.messages.find((m) => m.message_id === messageId);
    if (!old) throw new ControlError('NotFoundError', `Message '${messageId}' not found in thread '${threadId}'`);
    const result = withMessage(state, thread, { ...old, ...changed, message_id: messageId, received_at: receivedAt ?? old.received_at });
    return { changes: [{ op: 'putThread', thread: result.thread }], result };
  });
}

export async function deleteMessage(services: Services, threadId: string, messageId: string, scope: Principal = EVERYTHING): Promise<void> {
  findMessage(services, threadId, messageId, scope);
  await services.store.write((state) => {
    const thread = threadIn(state, threadId);
    if (!thread.messages.some((m) => m.message_id === messageId)) throw new ControlError('NotFoundError', `Message '${messageId}' not found in thread '${threadId}'`);
    if (thread.messages.length === 1) {
      throw new ControlError('ConflictError', `Message '${messageId}' is the last one of thread '${threadId}'; a thread keeps at least one message, delete the thread instead`);
    }
    const next = { ...thread, messages: thread.messages.filter((m) => m.message_id !== messageId) };
    return { changes: [{ op: 'putThread', thread: next }], result: undefined };
  });
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
