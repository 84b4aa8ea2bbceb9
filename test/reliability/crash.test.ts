// Crash test: the CLI runs as a child process under a stream of creates and is killed with SIGKILL
// at seeded random moments. After every kill the database file parses and validates, and after the
// restart every create that was acknowledged before the kill is there.
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { specPath } from '../../src/openapi/specs.js';
import { findDatabaseProblem } from '../../src/store/db-schema.js';
import { WriteAheadLog } from '../../src/store/write-ahead-log.js';
import { startCli, type RunningCli } from '../helpers/cli.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';
import { mulberry32 } from '../../src/random.js';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 10);
const SEED = Number(process.env.CRASH_SEED ?? 20251125);
const WORKERS = 8;
const WORKSPACE = 88;


/** Creates until the process dies; resolves with the tokens whose create was answered 201. */
async function drive(server: RunningCli, round: number, killAfter: number): Promise<string[]> {
  const acknowledged: string[] = [];
  let n = 0;
  const worker = async (w: number) => {
    for (;;) {
      const token = `r${round}-w${w}-${n++}`;
      let answer: { status: number; body: unknown; headers: Record<string, string> };
      try {
        const res = await fetch(`${server.url}/__sandbox/execution-threads`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ workspaceId: WORKSPACE, threadToken: token, type: 'Manual' }),
        });
        answer = { status: res.status, body: await res.json(), headers: Object.fromEntries(res.headers) };
      } catch {
        return; // the process is gone
      }
      await assertMatchesSpec('POST', '/__sandbox/execution-threads', answer);
      assert.equal(answer.status, 201);
      acknowledged.push(token);
      // The kill lands at a seeded moment: right after the N-th acknowledgement, with other
      // creates of this round still in flight.
      if (acknowledged.length === killAfter) server.child.kill('SIGKILL');
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  return acknowledged;
}

async function tokensIn(server: RunningCli): Promise<Set<string>> {
  const path = `/v1/threads?workspaceId=${WORKSPACE}&total=2147483647`;
  const res = await fetch(`${server.url}${path}`, { headers: { 'Api-Token': 't' } });
  const body = (await res.json()) as { items: { threadToken: string }[] };
  await assertMatchesSpec('GET', path, { status: res.status, body, headers: Object.fromEntries(res.headers) });
  return new Set(body.items.map((i) => i.threadToken));
}

test(`every acknowledged create survives ${ROUNDS} SIGKILLs at seeded random moments`, { timeout: 900_000, skip: !existsSync(specPath('admin')) && 'needs the control plane (creates)' }, async () => {
  const random = mulberry32(SEED);
  const file = join(await mkdtemp(join(tmpdir(), 'sandbox-crash-')), 'db.json');
  const acknowledged: string[] = [];
  let server = await startCli(['--data', file, '--log-level', 'info']);
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const killAfter = 1 + Math.floor(random() * 150);
      acknowledged.push(...(await drive(server, round, killAfter)));
      const exit = await server.exited;
      assert.equal(exit.signal, 'SIGKILL', `round ${round}: the process ended by ${exit.signal ?? exit.code}, not by the kill`);

      // The file as the kill left it: valid JSON, a valid database; the log readable up to a torn tail.
      const db: unknown = JSON.parse(await readFile(file, 'utf8'));
      assert.equal(findDatabaseProblem(db), null, `round ${round}: the database file is not valid`);
      await new WriteAheadLog(`${file}.wal`).readLines();

      server = await startCli(['--data', file, '--log-level', 'info']);
      const present = await tokensIn(server);
      const lost = acknowledged.filter((t) => !present.has(t));
      assert.deepEqual(lost, [], `round ${round} (killed after ${killAfter} acknowledgements): acknowledged creates lost`);
    }
  } finally {
    // A failed round must not leave its server running (the test process would never end).
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
  }
  const last = await server.exited;
  assert.equal(last.code, 0, 'a SIGTERM after the last round stops it cleanly');
  process.stderr.write(`crash test: ${ROUNDS} kills, ${acknowledged.length} acknowledged creates, none lost\n`);
});
