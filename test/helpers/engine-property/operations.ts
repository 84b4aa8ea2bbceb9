// Each operation of a program made concrete against the expected state: the HTTP request it sends
// through the control plane, and how its answer changes the expectation (or why that answer is
// wrong for the state it ran on). The expectation is applied after the fact, in the order the
// engine may have taken the group's requests in (see run-program.ts).
import assert from 'node:assert/strict';
import { SCHEMA_VERSION, type ExecutionThreadRecord, type MessageRecord, type ThreadRecord } from '../../../src/model.js';
import type { CheckedResponse, Client } from '../http.js';
import type { ExpectedState, Records, TenantScope } from './model.js';
import type { Reset, Tenant, TenantWrite } from './program.js';

export interface World {
  scopes: Record<Tenant, TenantScope>;
  headers: Record<Tenant | 'admin', Record<string, string>>;
  /** The sandbox's starting data (what a reset and a tenant's reset go back to). */
  initial: Records;
  /** The data a seeded reset generates, by the program's seed choice. */
  seeded(choice: number): { body: { seed: number; executionThreads: number; threads: number }; data: Records };
}

export interface Concrete {
  label: string;
  send(client: Client): Promise<CheckedResponse>;
  /** Applies the answer to `state`; throws (an assertion) when the answer cannot follow from it. */
  apply(state: ExpectedState, answer: CheckedResponse): void;
}

const BASE = Date.parse('2026-03-01T00:00:00Z');
const at = (minute: number) => new Date(BASE + minute * 60_000).toISOString();
let unique = 0;
const fresh = (what: string, tenant: Tenant) => `prop-${what}-${tenant}-${process.pid}-${++unique}`;

const status = (answer: CheckedResponse, expected: number, label: string) => assert.equal(answer.status, expected, `${label}: ${JSON.stringify(answer.body)}`);
const asMessage = ({ inbox_id: _inbox, ...m }: MessageRecord & { inbox_id?: string }): MessageRecord => m;
const asThread = (body: ThreadRecord): ThreadRecord => ({ thread_id: body.thread_id, inbox_id: body.inbox_id, messages: body.messages.map(asMessage) });

/** Picks a record of the tenant not yet used by the group (a missing id when there is none: a 404). */
class Targets {
  readonly #used = new Set<string>();
  constructor(private readonly state: ExpectedState) {}

  exec(scope: TenantScope, pick: number): number {
    const ids = [...this.state.execs.values()].filter((e) => scope.workspaces.includes(e.workspaceId) && !this.#used.has(`e${e.id}`)).map((e) => e.id);
    const id = ids.length === 0 ? 900_000_000 + ++unique : (ids.sort((a, b) => a - b)[pick % ids.length] as number);
    this.#used.add(`e${id}`);
    return id;
  }

  thread(scope: TenantScope, pick: number): string {
    const ids = [...this.state.threads.values()].filter((t) => scope.inboxes.includes(t.inbox_id) && !this.#used.has(`t${t.thread_id}`)).map((t) => t.thread_id);
    const id = ids.length === 0 ? `prop-missing-${++unique}` : (ids.sort()[pick % ids.length] as string);
    this.#used.add(`t${id}`);
    return id;
  }
}

/** A message with every field given (received_at as the store keeps it: in seconds). */
function message(id: string, minute: number) {
  const received_at = at(minute).replace('.000Z', 'Z');
  return { message_id: id, message_id_header: `<${id}@example.org>`, from: 'Prop Erty <prop@example.org>', subject: `s-${minute % 3}`, snippet: `p-${minute}`, received_at, folder: minute % 2 ? 'INBOX' : 'Archive' };
}

function concreteWrite(w: TenantWrite, world: World, targets: Targets, state: ExpectedState): Concrete {
  const scope = world.scopes[w.tenant];
  const h = world.headers[w.tenant];
  const label = `${w.tenant}:${w.k}`;
  switch (w.k) {
    case 'createExec': {
      const body = { ...(w.id === undefined ? {} : { id: w.id }), workspaceId: scope.workspaces[w.ws] as number, threadToken: w.token, type: w.type, createdAt: at(w.minute) };
      return {
        label: `${label} ${JSON.stringify(body)}`,
        send: (c) => c.post('/__sandbox/execution-threads', body, h),
        apply: (s, a) => {
          if (w.id !== undefined && s.execs.has(w.id)) return status(a, 409, `${label} (id ${w.id} is held)`);
          status(a, 201, label);
          assert.deepEqual(a.body, { id: s.nextExecId, ...body }, `${label}: the id is the one given or the next one, the fields as sent`);
          s.putExec(a.body as ExecutionThreadRecord);
          s.alive.add(`exec:${a.body.id}`);
        },
      };
    }
    case 'updateExec': {
      const id = targets.exec(scope, w.pick);
      const patch = { ...(w.token === undefined ? {} : { threadToken: w.token }), ...(w.type === undefined ? {} : { type: w.type }), ...(w.ws === undefined ? {} : { workspaceId: scope.workspaces[w.ws] as number }) };
      return {
        label: `${label} ${id} ${JSON.stringify(patch)}`,
        send: (c) => c.patch(`/__sandbox/execution-threads/${id}`, patch, h),
        apply: (s, a) => {
          const old = s.execs.get(id);
          if (!old) return status(a, 404, label);
          status(a, 200, label);
          assert.deepEqual(a.body, { ...old, ...patch }, `${label}: the record with the patch`);
          s.putExec(a.body as ExecutionThreadRecord);
        },
      };
    }
    case 'deleteExec': {
      const id = targets.exec(scope, w.pick);
      return {
        label: `${label} ${id}`,
        send: (c) => c.delete(`/__sandbox/execution-threads/${id}`, h),
        apply: (s, a) => {
          if (!s.execs.has(id)) return status(a, 404, label);
          status(a, 204, label);
          s.deleteExec(id);
        },
      };
    }
    case 'createThread': {
      const inbox = scope.inboxes[w.inbox] as string;
      const body = { thread_id: fresh('t', w.tenant), inbox_id: inbox, messages: Array.from({ length: w.messages }, (_, i) => message(fresh('m', w.tenant), w.minute + i * 7)) };
      return {
        label: `${label} ${body.thread_id} in ${inbox} (${w.messages})`,
        send: (c) => c.post('/__sandbox/threads', body, h),
        apply: (s, a) => {
          status(a, 201, label);
          const thread = asThread(a.body);
          const first = s.nextUid(inbox);
          assert.deepEqual(
            thread.messages.map((m) => m.uid).sort((x, y) => x - y),
            body.messages.map((_, i) => first + i),
            `${label}: uids from the inbox's next one`,
          );
          assert.deepEqual(thread.messages.map(({ uid: _uid, ...m }) => m).sort((x, y) => x.received_at.localeCompare(y.received_at)), body.messages, `${label}: messages as sent`);
          s.putThread(thread);
          s.alive.add(`thread:${thread.thread_id}`);
          for (const m of thread.messages) s.alive.add(`message:${thread.thread_id}/${m.message_id}`);
        },
      };
    }
    case 'moveThread': {
      const id = targets.thread(scope, w.pick);
      const from = state.threads.get(id)?.inbox_id;
      const to = scope.inboxes.find((i) => i !== from) as string;
      return {
        label: `${label} ${id} to ${to}`,
        send: (c) => c.patch(`/__sandbox/threads/${id}`, { inbox_id: to }, h),
        apply: (s, a) => {
          const old = s.threads.get(id);
          if (!old) return status(a, 404, label);
          status(a, 200, label);
          let uid = s.nextUid(to);
          const moved: ThreadRecord = { thread_id: id, inbox_id: to, messages: old.messages.map((m) => ({ ...m, uid: uid++ })) };
          assert.deepEqual(asThread(a.body), moved, `${label}: its messages get the next uids of ${to}`);
          s.putThread(moved);
        },
      };
    }
    case 'addMessage': {
      const id = targets.thread(scope, w.pick);
      const body = message(fresh('m', w.tenant), w.minute);
      return {
        label: `${label} ${body.message_id} to ${id}`,
        send: (c) => c.post(`/__sandbox/threads/${id}/messages`, body, h),
        apply: (s, a) => {
          const thread = s.threads.get(id);
          if (!thread) return status(a, 404, label);
          status(a, 201, label);
          assert.deepEqual(a.body, { ...body, inbox_id: thread.inbox_id, uid: s.nextUid(thread.inbox_id) }, `${label}: as sent, with the inbox's next uid`);
          s.putMessage(id, asMessage(a.body));
          s.alive.add(`message:${id}/${body.message_id}`);
        },
      };
    }
    case 'updateMessage': {
      const id = targets.thread(scope, w.pick);
      const messages = state.threads.get(id)?.messages ?? [];
      const messageId = messages[w.message % Math.max(1, messages.length)]?.message_id ?? 'prop-missing-message';
      // A new time moves the message among the thread's and the thread in the list.
      const patch = { snippet: `u-${w.minute}`, received_at: at(w.minute).replace('.000Z', 'Z') };
      return {
        label: `${label} ${messageId} of ${id} ${JSON.stringify(patch)}`,
        send: (c) => c.patch(`/__sandbox/threads/${id}/messages/${messageId}`, patch, h),
        apply: (s, a) => {
          const thread = s.threads.get(id);
          const old = thread?.messages.find((m) => m.message_id === messageId);
          if (!thread || !old) return status(a, 404, label);
          status(a, 200, label);
          assert.deepEqual(a.body, { ...old, ...patch, inbox_id: thread.inbox_id }, `${label}: the message with the patch`);
          s.putMessage(id, { ...old, ...patch });
        },
      };
    }
    case 'deleteMessage': {
      const id = targets.thread(scope, w.pick);
      const messages = state.threads.get(id)?.messages ?? [];
      const messageId = messages[w.message % Math.max(1, messages.length)]?.message_id ?? 'prop-missing-message';
      return {
        label: `${label} ${messageId} of ${id}`,
        send: (c) => c.delete(`/__sandbox/threads/${id}/messages/${messageId}`, h),
        apply: (s, a) => {
          const thread = s.threads.get(id);
          if (!thread?.messages.some((m) => m.message_id === messageId)) return status(a, 404, label);
          if (thread.messages.length === 1) return status(a, 409, `${label} (its last message)`);
          status(a, 204, label);
          s.deleteMessage(id, messageId);
        },
      };
    }
    case 'deleteThread': {
      const id = targets.thread(scope, w.pick);
      return {
        label: `${label} ${id}`,
        send: (c) => c.delete(`/__sandbox/threads/${id}`, h),
        apply: (s, a) => {
          if (!s.threads.has(id)) return status(a, 404, label);
          status(a, 204, label);
          s.deleteThread(id);
        },
      };
    }
  }
}

const countsOf = (records: Records) => ({ executionThreads: records.executionThreads.length, threads: records.threads.length });

/**
 * A reset's or import's operation. Its answer counts the records once it is done, so writes that
 * land right after it are counted too: the counts are checked only when it ran alone.
 */
function concreteReset(r: Reset, world: World, history: readonly ExpectedState[], alone: boolean): Concrete {
  const assertCounts = (answer: CheckedResponse, records: Records, label: string) => {
    if (alone) assert.deepEqual(answer.body, countsOf(records), `${label}: the counts of what it holds`);
  };
  switch (r.k) {
    case 'reset':
      return {
        label: 'admin:reset',
        send: (c) => c.post('/__sandbox/reset', undefined, world.headers.admin),
        apply: (s, a) => {
          status(a, 200, 'admin:reset');
          s.replaceAll(world.initial);
          assertCounts(a, s.records(), 'admin');
        },
      };
    case 'seedReset': {
      const { body, data } = world.seeded(r.seed);
      return {
        label: `admin:reset ${JSON.stringify(body)}`,
        send: (c) => c.post('/__sandbox/reset', body, world.headers.admin),
        apply: (s, a) => {
          status(a, 200, 'admin:seeded reset');
          s.replaceAll(data);
          assertCounts(a, s.records(), 'admin');
        },
      };
    }
    case 'import': {
      const past = history[Math.max(0, history.length - r.back)] as ExpectedState;
      const whole = past.records();
      return {
        label: `admin:import of ${r.back} groups ago`,
        send: (c) => c.put('/__sandbox/snapshot', { schemaVersion: SCHEMA_VERSION, generation: 0, ...whole }, world.headers.admin),
        apply: (s, a) => {
          status(a, 200, 'admin:import');
          s.replaceAll(whole);
          assertCounts(a, s.records(), 'admin');
        },
      };
    }
    case 'tenantReset': {
      const scope = world.scopes[r.tenant];
      return {
        label: `${r.tenant}:reset`,
        send: (c) => c.post('/__sandbox/reset', undefined, world.headers[r.tenant]),
        apply: (s, a) => {
          status(a, 200, `${r.tenant}:reset`);
          s.replaceScoped(scope, world.initial, false);
          assertCounts(a, s.records(scope), `${r.tenant}:reset`);
        },
      };
    }
    case 'tenantImport': {
      const scope = world.scopes[r.tenant];
      const past = history[Math.max(0, history.length - r.back)] as ExpectedState;
      const part = past.records(scope);
      return {
        label: `${r.tenant}:import of ${r.back} groups ago (${part.executionThreads.length} execution threads, ${part.threads.length} threads)`,
        send: (c) => c.put('/__sandbox/snapshot', { schemaVersion: SCHEMA_VERSION, generation: 0, ...part }, world.headers[r.tenant]),
        apply: (s, a) => {
          const replaced = s.replaceScoped(scope, part, true);
          status(a, replaced ? 200 : 409, `${r.tenant}:import`);
          if (replaced) assertCounts(a, s.records(scope), `${r.tenant}:import`);
        },
      };
    }
  }
}

/** The group's operations, its records picked from `state` (the expectation before the group). */
export function concreteGroup(group: { reset?: Reset; writes: TenantWrite[] }, world: World, state: ExpectedState, history: readonly ExpectedState[]): { op: Concrete; via: number }[] {
  const targets = new Targets(state);
  const ops = group.writes.map((w) => ({ op: concreteWrite(w, world, targets, state), via: w.via }));
  return group.reset ? [{ op: concreteReset(group.reset, world, history, ops.length === 0), via: group.reset.via }, ...ops] : ops;
}
