// The start checks the database with plain code instead of Ajv's compiled validator; Ajv stays the
// reference. Any document, valid or damaged anywhere, must get the same verdict from both.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { isValidDatabase } from '../../src/store/database-check.js';
import { ajvValidateShape, findShapeProblem } from '../../src/store/db-schema.js';
import type { Database } from '../../src/model.js';

const valid: Database = {
  $schema: './database.schema.json',
  schemaVersion: 1,
  generation: 3,
  executionThreads: [
    { id: 1, workspaceId: 0, threadToken: null, type: 'Manual', createdAt: '2025-07-25T09:34:29.768Z' },
    { id: 2, workspaceId: 7, threadToken: 'tok', type: 'BrowserInstance', createdAt: '2025-07-25T09:34:29+02:00' },
  ],
  threads: [
    {
      thread_id: 'thr_1',
      inbox_id: 'inbox-1',
      messages: [
        { message_id: 'msg_1', message_id_header: '<a@b>', from: 'A <a@b>', subject: 'Hi', snippet: 'Hello', received_at: '2026-01-01T00:00:00Z', folder: 'INBOX', uid: 1 },
        { message_id: 'msg_2', message_id_header: '<c@d>', from: 'C <c@d>', subject: 'Re: Hi', snippet: '', received_at: '2026-01-01T00:00:01.5Z', folder: 'Sent', uid: 4294967295 },
      ],
    },
  ],
} as Database & { $schema: string };

// Values near each keyword's edges, and anything JSON can hold.
const edgy = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(0, -1, 1, 1.5, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 4294967295, 4294967296, '', 'Manual', 'manual', 'BrowserInstance', null, [], {}),
  fc.constantFrom('2025-07-25T09:34:29.768Z', '2025-13-25T09:34:29.768Z', '2025-07-25 09:34:29Z', '2025-07-25T24:00:00Z', '2025-02-30T00:00:00Z'),
  fc.constantFrom(256, 257, 998, 999, 1024, 1025, 4096, 4097).map((n) => 'x'.repeat(n)),
  // Surrogate pairs count once against maxLength: 256 emoji are 512 UTF-16 units but 256 code points.
  fc.constantFrom(256, 257).map((n) => '\u{1F600}'.repeat(n)),
  fc.constantFrom('\ud800'.repeat(257), `${'x'.repeat(255)}\ud83d`),
);

type Path = (string | number)[];
function paths(value: unknown, at: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [at];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [at, ...keys.flatMap((k) => paths((value as Record<string | number, unknown>)[k], [...at, k]))];
}
const ALL_PATHS = paths(valid);

function mutate(path: Path, how: 'set' | 'delete' | 'add', value: unknown, extraKey: string): unknown {
  const copy = structuredClone(valid) as unknown as Record<string | number, unknown>;
  if (path.length === 0) return how === 'set' ? value : copy;
  let parent: any = copy;
  for (const k of path.slice(0, -1)) parent = parent[k];
  const last = path[path.length - 1] as string | number;
  if (how === 'set') parent[last] = value;
  else if (how === 'delete') Array.isArray(parent) ? parent.splice(last as number, 1) : delete parent[last];
  else if (parent[last] !== null && typeof parent[last] === 'object' && !Array.isArray(parent[last])) parent[last][extraKey] = value;
  else parent[last] = value;
  return copy;
}

test('the plain checks and Ajv agree on the valid database', () => {
  assert.equal(isValidDatabase(valid), true);
  assert.equal(ajvValidateShape()(valid), true);
});

test('the plain checks and Ajv agree on every damaged copy', () => {
  const validate = ajvValidateShape();
  fc.assert(
    fc.property(fc.constantFrom(...ALL_PATHS), fc.constantFrom('set', 'delete', 'add'), edgy, fc.constantFrom('extra', 'uid', 'id', '__proto__', 'type'), (path, how, value, key) => {
      const doc = mutate(path, how as 'set', value, key);
      assert.equal(isValidDatabase(doc), validate(doc), `${how} ${path.join('/')} = ${JSON.stringify(value)?.slice(0, 80)}`);
    }),
    { numRuns: 20_000 },
  );
});

test('a bad document is named in Ajv words', () => {
  const doc = structuredClone(valid) as any;
  doc.threads[0].messages[1].uid = -1;
  assert.equal(findShapeProblem(doc), '/threads/0/messages/1/uid must be >= 0');
});
