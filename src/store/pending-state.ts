// The state a write sees under the write lock: the committed indexes plus the changes of earlier
// writes of the same batch, which are not durable yet and so not in the indexes. Without it two
// creates in one batch would both get the next id.
import type { ExecutionThreadRecord, ThreadRecord } from '../model.js';
import type { Change, WriteState } from './contract.js';
import type { LoadableReadModel } from './read-model/read-model.js';

const GONE = null;

export class PendingState implements WriteState {
  readonly #executionThreads = new Map<number, ExecutionThreadRecord | typeof GONE>();
  readonly #threads = new Map<string, ThreadRecord | typeof GONE>();
  readonly #threadOf = new Map<string, string | typeof GONE>();
  readonly #maxUid = new Map<string, number>();
  #maxId = 0;

  constructor(
    private readonly committed: LoadableReadModel,
  ) {}

  executionThread(id: number): ExecutionThreadRecord | undefined {
    const pending = this.#executionThreads.get(id);
    return pending === undefined ? this.committed.executionThreads.get(id) : (pending ?? undefined);
  }

  nextExecutionThreadId(): number {
    return Math.max(this.committed.executionThreads.nextId, this.#maxId + 1);
  }

  thread(threadId: string): ThreadRecord | undefined {
    const pending = this.#threads.get(threadId);
    return pending === undefined ? this.committed.threads.get(threadId) : (pending ?? undefined);
  }

  threadOfMessage(messageId: string): string | undefined {
    const pending = this.#threadOf.get(messageId);
    return pending === undefined ? this.committed.threads.messages.threadOf(messageId) : (pending ?? undefined);
  }

  nextUid(inboxId: string): number {
    return Math.max(this.committed.threads.messages.nextUid(inboxId), (this.#maxUid.get(inboxId) ?? 0) + 1);
  }

  /** Takes a write's changes into account for the writes after it. */
  add(changes: readonly Change[]): void {
    for (const c of changes) {
      switch (c.op) {
        case 'putExecutionThread':
          this.#executionThreads.set(c.record.id, c.record);
          this.#maxId = Math.max(this.#maxId, c.record.id);
          break;
        case 'deleteExecutionThread':
          this.#executionThreads.set(c.id, GONE);
          break;
        case 'putThread': {
          this.#forgetMessagesOf(c.thread.thread_id);
          this.#threads.set(c.thread.thread_id, c.thread);
          let max = this.#maxUid.get(c.thread.inbox_id) ?? 0;
          for (const m of c.thread.messages) {
            this.#threadOf.set(m.message_id, c.thread.thread_id);
            if (m.uid > max) max = m.uid;
          }
          this.#maxUid.set(c.thread.inbox_id, max);
          break;
        }
        case 'deleteThread':
          this.#forgetMessagesOf(c.id);
          this.#threads.set(c.id, GONE);
          break;
      }
    }
  }

  #forgetMessagesOf(threadId: string): void {
    const old = this.thread(threadId);
    if (!old) return;
    for (const m of old.messages) if (this.threadOfMessage(m.message_id) === threadId) this.#threadOf.set(m.message_id, GONE);
  }
}
