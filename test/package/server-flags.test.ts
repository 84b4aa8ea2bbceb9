// npm start and the image run the CLI with the node flags the bench measured it with
// (bench/server-flags.ts): a flag dropped from one of them would serve with other pauses than the
// published figures, silently.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SERVER_NODE_FLAGS } from '../../bench/server-flags.js';

const root = new URL('../../', import.meta.url);

test('npm start runs node with the server flags', () => {
  const start = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
  // exec: npm's `sh -c` becomes node, so the signals npm forwards reach the server (signals.test.ts).
  assert.equal(start, ['exec', 'node', ...SERVER_NODE_FLAGS, 'scripts/start.mjs'].join(' '));
});

test("the image's command runs node with the server flags", () => {
  const commands = readFileSync(new URL('Dockerfile', root), 'utf8').split('\n').filter((line) => line.startsWith('CMD '));
  const last = JSON.parse((commands.at(-1) as string).slice('CMD '.length)) as string[];
  assert.deepEqual(last, ['node', ...SERVER_NODE_FLAGS, 'dist/cli.js']);
});
