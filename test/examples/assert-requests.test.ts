// The vitest and jest examples run in `npm test`: each runner is started on its example the way a
// user would, and must report every test passed. (The node:test example runs with the other tests.)
import assert from 'node:assert/strict';
import { execFile as execFileCb } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';

const execFile = promisify(execFileCb);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { NODE_TEST_CONTEXT: _ctx, NODE_OPTIONS: _opts, ...env } = process.env;

async function run(bin: string, args: string[], extra: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await execFile(process.execPath, [`node_modules/${bin}`, ...args], { cwd: ROOT, env: { ...env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...extra }, timeout: 120_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('the assertion examples', { timeout: 240_000 }, () => {
  it('vitest runs examples/assert-requests/vitest.spec.ts and every test passes', async () => {
    const { code, output: raw } = await run('vitest/vitest.mjs', ['run', '--config', 'examples/assert-requests/vitest.config.ts']);
    const output = raw.replace(/\x1b\[[0-9;]*m/g, '');
    assert.equal(code, 0, output);
    assert.match(output, /Tests\s+\S*3 passed/);
  });

  it('jest runs examples/assert-requests/jest.spec.ts and every test passes', async () => {
    const { code, output: raw } = await run('jest/bin/jest.js', ['-c', 'examples/assert-requests/jest.config.mjs'], { NODE_OPTIONS: '--experimental-vm-modules --import tsx' });
    const output = raw.replace(/\x1b\[[0-9;]*m/g, '');
    assert.equal(code, 0, output);
    assert.match(output, /Tests:\s+4 passed, 4 total/);
  });
});
