// What a consumer's install of the package must not print or leave behind, shared by the tarball
// and the git-URL tests. On the Node versions package.json promises (the runner's Node is one of
// them) no dependency may refuse the engine, and the installed tree must be whole and consistent:
// `npm ls --all` exits non-zero on an invalid (out of range), missing or extraneous package.
import assert from 'node:assert/strict';
import { execFile as execFileCb } from 'node:child_process';
import { promisify } from 'node:util';

const execFile = promisify(execFileCb);

/** Install flags that make npm print its warnings whatever the caller's npm configuration says. */
export const LOUD_INSTALL = ['--loglevel=warn', '--color=false'];

/** Fails on any engine warning in an install's output (stdout and stderr together). */
export function assertNoEngineWarning(output: string): void {
  const lines = output.split('\n').filter((line) => /EBADENGINE/i.test(line));
  assert.deepEqual(lines, [], `the install warned about engines:\n${output}`);
}

/** Fails unless `npm ls --all` in the project exits 0 (nothing invalid, missing or extraneous). */
export async function assertTreeValid(project: string, env: NodeJS.ProcessEnv): Promise<void> {
  const result = await execFile('npm', ['ls', '--all', '--color=false'], { cwd: project, env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }).then(
    () => ({ code: 0, out: '' }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
  );
  const problems = result.out.split('\n').filter((line) => /invalid|missing|extraneous|ERR!/i.test(line));
  assert.equal(result.code, 0, `npm ls --all failed:\n${problems.join('\n') || result.out}`);
}
