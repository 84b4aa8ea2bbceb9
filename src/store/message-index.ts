// Which thread holds a message, and the highest IMAP uid seen per inbox: what the control plane
// needs to refuse a duplicate message_id and to give a new message the next uid of its inbox.
import type { ThreadRecord } from '../model.js';
import { ShardedMap } from './sharded-map.js';

export class MessageIndex {
  // Sharded: a reset builds this for up to a million messages in slices (sharded-map.ts).
  readonly #threadOf = new ShardedMap<string>();
  // Never lowered on delete: IMAP never reuses a uid within an inbox.
  readonly #maxUid = new Map<string, number>();

  /** Distinct message ids held. */
  get size(): number {
    return this.#threadOf.size;
  }

  threadOf(messageId: string): string | undefined {
    return this.#threadOf.get(messageId);
  }

  nextUid(inboxId: string): number {
    return (this.#maxUid.get(inboxId) ?? 0) + 1;
  }

  add(thread: ThreadRecord): void {
    const { messages, thread_id } = thread;
    let max = 0;
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i] as ThreadRecord['messages'][number];
      this.#threadOf.set(m.message_id, thread_id);
      if (m.uid > max) max = m.uid;
    }
    // Only raised, and only when this thread raises it: a load calls this once per thread.
    if (max > (this.#maxUid.get(thread.inbox_id) ?? 0)) this.#maxUid.set(thread.inbox_id, max);
  }

  remove(thread: ThreadRecord): void {
    for (const m of thread.messages) {
      if (this.#threadOf.get(m.message_id) === thread.thread_id) this.#threadOf.delete(m.message_id);
    }
  }

  clear(): void {
    this.#threadOf.clear();
    this.#maxUid.clear();
  }
}
