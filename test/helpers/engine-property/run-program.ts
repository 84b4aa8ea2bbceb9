// Runs a program against an engine through the control plane and holds the engine to the
// expectation: each group's requests start at once; afterwards the answers must follow from some
// order the write queue may have taken them in (tried on copies of the expectation, at most 4! of
// them). When orders leave different states, the engine's snapshot says which one it took, and
// none fitting is a failure. At the end the whole snapshot must equal the expectation.
import assert from 'node:assert/strict';
import type { Database } from '../../../src/model.js';
import type { CheckedResponse, Client } from '../http.js';
import { ExpectedState, type Records } from './model.js';
import { concreteGroup, type Concrete, type World } from './operations.js';
import type { Group } from './program.js';

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** The engine's whole snapshot, read through the control plane with the admin token. */
export async function snapshotOf(client: Client, world: World): Promise<Database> {
  const answer = await client.get('/__sandbox/snapshot', world.headers.admin);
  assert.equal(answer.status, 200);
  return answer.body as Database;
}

/** Fails naming the acknowledged creates that `db` no longer holds, then any other difference. */
export function assertHolds(db: Records, expected: ExpectedState, where: string): void {
  const held = new Set<string>();
  for (const e of db.executionThreads) held.add(`exec:${e.id}`);
  for (const t of db.threads) {
    held.add(`thread:${t.thread_id}`);
    for (const m of t.messages) held.add(`message:${t.thread_id}/${m.message_id}`);
  }
  const lost = [...expected.alive].filter((key) => !held.has(key));
  assert.deepEqual(lost, [], `${where}: acknowledged creates are gone`);
  const want = expected.records();
  assert.deepEqual(db.executionThreads, want.executionThreads, `${where}: the execution threads differ from the expectation`);
  assert.deepEqual(db.threads, want.threads, `${where}: the threads differ from the expectation`);
}

/** The states the group's answers may have left, by fingerprint, with why each other order failed. */
function outcomes(state: ExpectedState, ops: readonly Concrete[], answers: readonly CheckedResponse[]): { states: Map<string, ExpectedState>; refusals: string[] } {
  const states = new Map<string, ExpectedState>();
  const refusals: string[] = [];
  for (const order of permutations(ops.map((_, i) => i))) {
    const tried = state.clone();
    try {
      for (const i of order) (ops[i] as Concrete).apply(tried, answers[i] as CheckedResponse);
      states.set(tried.fingerprint(), tried);
    } catch (error) {
      const { message, actual, expected } = error as { message: string; actual?: unknown; expected?: unknown };
      refusals.push(`order ${order.join(',')}: ${message.split('\n')[0]}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    }
  }
  return { states, refusals };
}

export interface Engine {
  /** One client per replica (one for memory and file); a restart replaces one. */
  clients: Client[];
  world: World;
  /**
   * Closes replicas (waiting for what they acknowledged) and opens them again, replacing their
   * `clients`: the one `which` names (modulo one more than the replicas: past the last, every one);
   * an engine of one replica restarts it whatever `which` says. Memory has none.
   */
  restart?(which: number): Promise<void>;
}

/** The engine's next execution thread id and next uids, read under its write lock (no HTTP operation says them). */
async function marksOf(client: Client, inboxes: readonly string[]): Promise<{ nextExecId: number; nextUid: Record<string, number> }> {
  return client.services.store.write((s) => ({
    changes: [],
    result: { nextExecId: s.nextExecutionThreadId(), nextUid: Object.fromEntries(inboxes.map((i) => [i, s.nextUid(i)])) },
  }));
}

/**
 * Runs the program; returns the expectation it ends with (the engine has been checked against it
 * after each group whose order mattered) and what was sent, for a failure's message.
 */
export async function runProgram(program: readonly Group[], { clients, world, restart }: Engine): Promise<{ expected: ExpectedState; trace: string[] }> {
  let state = ExpectedState.of(world.initial);
  const history = [state];
  const trace: string[] = [];
  for (const group of program) {
    if (group.restart !== undefined) {
      if (!restart) continue;
      await restart(group.restart.which);
      trace.push(`restart ${group.restart.which}`);
      const marks = await Promise.all(clients.map((c) => marksOf(c, state.inboxes())));
      for (const m of marks.slice(1)) assert.deepEqual(m, marks[0], 'the replicas count ids and uids on from the same place');
      state.assertCountsOnFrom(marks[0] as Awaited<ReturnType<typeof marksOf>>, `after a restart; ${trace.join('\n  ')}`);
      history.push(state);
      continue;
    }
    const ops = concreteGroup(group, world, state, history);
    const answers = await Promise.all(ops.map(({ op, via }) => op.send(clients[via % clients.length] as Client)));
    trace.push(ops.map(({ op }, i) => `${op.label} -> ${answers[i]?.status}`).join(' | '));
    const { states, refusals } = outcomes(
      state,
      ops.map((o) => o.op),
      answers,
    );
    const context = () => `after the groups:\n  ${trace.join('\n  ')}\norders refused:\n  ${refusals.join('\n  ')}`;
    if (states.size === 0) assert.fail(`no order of the last group explains its answers; ${context()}`);
    if (states.size === 1) {
      state = [...states.values()][0] as ExpectedState;
    } else {
      const db = await snapshotOf(clients[0] as Client, world);
      const taken = states.get(ExpectedState.of(db).fingerprint());
      if (!taken) {
        assertHolds(db, [...states.values()][0] as ExpectedState, `no order of the last group leaves what the engine holds; ${context()}`);
        assert.fail(`no order of the last group leaves what the engine holds; ${context()}`);
      }
      state = taken;
    }
    history.push(state);
  }
  return { expected: state, trace };
}
