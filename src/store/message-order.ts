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
  if (messages.length < 2) return true;
  // compareMessages of each neighbouring pair, each message's time read once (a start checks every thread).
  let before = messages[0] as MessageRecord;
  let beforeMs = epochMs(before.received_at);
  for (let i = 1; i < messages.length; i++) {
    const m = messages[i] as MessageRecord;
    const ms = epochMs(m.received_at);
    if ((beforeMs - ms || before.uid - m.uid || (before.message_id < m.message_id ? -1 : before.message_id > m.message_id ? 1 : 0)) > 0) return false;
    before = m;
    beforeMs = ms;
  }
  return true;
}

export function newestMessage(thread: ThreadRecord): MessageRecord {
  const newest = thread.messages[thread.messages.length - 1];
  if (!newest) throw new Error(`thread ${thread.thread_id} has no messages`);
  return newest;
}
