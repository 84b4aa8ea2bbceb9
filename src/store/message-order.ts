// The order of a thread's messages, which the store keeps (oldest first) and the list order of
// threads follows (by the newest message): part of the data model, so it lives with the store.
import type { MessageRecord, ThreadRecord } from '../model.js';
import { epochMs } from '../time.js';

/** Keeps a thread's messages oldest first: by received time, then uid, then id. */
export function compareMessages(a: MessageRecord, b: MessageRecord): number {
  return epochMs(a.received_at) - epochMs(b.received_at) || a.uid - b.uid || (a.message_id < b.message_id ? -1 : a.message_id > b.message_id ? 1 : 0);
}

/** True when the messages are oldest first already (sorting is then skipped). */
export function messagesInOrder(messages: readonly MessageRecord[]): boolean {
  for (let i = 1; i < messages.length; i++) if (compareMessages(messages[i - 1] as MessageRecord, messages[i] as MessageRecord) > 0) return false;
  return true;
}

export function newestMessage(thread: ThreadRecord): MessageRecord {
  const newest = thread.messages[thread.messages.length - 1];
  if (!newest) throw new Error(`thread ${thread.thread_id} has no messages`);
  return newest;
}
