// The data file's rules are its JSON Schema, compiled to plain code at generate time
// (src/generated/database-validators.ts). Any document, valid or damaged anywhere, gets the same
// verdict from that code as from Ajv compiling the schema file now, and the same first problem
// whether the whole document is checked at once or record by record in slices (a reset, an import).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { findDatabaseProblem, findDatabaseProblemYielding, findShapeProblem } from '../../src/store/db-schema.js';
import { Slicer } from '../../src/slices.js';
import { isValidTimestamp } from '../../src/time.js';
import type { Database } from '../../src/model.js';

const schema = JSON.parse(readFileSync(new URL('../../fixtures/database.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ strict: true });
ajv.addFormat('timestamp', { type: 'string', validate: isValidTimestamp });
const reference = ajv.compile(schema);

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

test('the compiled validator and Ajv agree on the valid database', () => {
  assert.equal(reference(valid), true);
  assert.equal(findDatabaseProblem(valid), null);
});

test('the compiled validator and Ajv agree on every damaged copy, and the sliced check names the same problem', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...ALL_PATHS), fc.constantFrom('set', 'delete', 'add'), edgy, fc.constantFrom('extra', 'uid', 'id', '__proto__', 'type'), async (path, how, value, key) => {
      const doc = mutate(path, how as 'set', value, key);
      const where = `${how} ${path.join('/')} = ${JSON.stringify(value)?.slice(0, 80)}`;
      const problem = findDatabaseProblem(doc);
      const shape = findShapeProblem(doc);
      // A schemaVersion newer than this build is the one shape problem the schema does not state.
      assert.equal(shape === null || shape.startsWith('schemaVersion '), reference(doc), where);
      assert.equal(await findDatabaseProblemYielding(doc, new Slicer()), problem, where);
    }),
    { numRuns: 5_000 },
  );
});

test('a bad document is named in Ajv words', () => {
  const doc = structuredClone(valid) as any;
  doc.threads[0].messages[1].uid = -1;
  assert.equal(findShapeProblem(doc), '/threads/0/messages/1/uid must be >= 0');
});
