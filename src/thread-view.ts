// Derived fields are derived, never stored: one function computes them for lists and for get-by-id,
// so the two always agree.
import type { MessageRecord, MessageView, ThreadRecord, ThreadSummary, ThreadView } from './model.js';
import { newestMessage } from './store/message-order.js';

export { compareMessages, newestMessage } from './store/message-order.js';

export function threadSummary(thread: ThreadRecord): ThreadSummary {
  const newest = newestMessage(thread);
  return {
    inbox_id: thread.inbox_id,
    latest_message_id: newest.message_id,
    latest_message_received_at: newest.received_at,
    message_count: thread.messages.length,
    snippet: newest.snippet,
    subject: newest.subject,
    thread_id: thread.thread_id,
  };
}

export function messageView(thread: ThreadRecord, message: MessageRecord): MessageView {
  return {
    folder: message.folder,
    from: message.from,
    inbox_id: thread.inbox_id,
    message_id: message.message_id,
    message_id_header: message.message_id_header,
    received_at: message.received_at,
    snippet: message.snippet,
    subject: message.subject,
    uid: message.uid,
  };
}

export function threadView(thread: ThreadRecord): ThreadView {
  return { ...threadSummary(thread), messages: thread.messages.map((m) => messageView(thread, m)) };
}
