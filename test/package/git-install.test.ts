// Installing from a git URL, as a user writes `npm install git+https://...` for the hosted
// repository: here a `git+file://` URL of a clone at this checkout's commit. npm clones it,
// installs its dev dependencies and runs its `prepare` script, which builds dist/ (not in git):
// without that, the bin and the import would not exist. Committed state only, as a user gets it.
import assert from 'node:assert/strict';
import { execFile as execFileCb } from 'node:child_process';
import { access, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { LOUD_INSTALL, assertNoEngineWarning, assertTreeValid } from './quiet-install.js';

const execFile = promisify(execFileCb);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Cloning and building with the full dev tree is slow on a busy machine.
const TIMEOUT = 900_000;
const { NODE_TEST_CONTEXT: _ctx, NODE_OPTIONS: _opts, ...baseEnv } = process.env;
const env = { ...baseEnv, DO_NOT_TRACK: '1', SCARF_ANALYTICS: 'false', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const run = (cmd: string, args: string[], cwd: string) => execFile(cmd, args, { cwd, env, timeout: TIMEOUT, maxBuffer: 16 * 1024 * 1024 });

describe('the package installed from a git URL', { timeout: 2 * TIMEOUT }, () => {
  let dir: string;
  let project: string;
  let installed: string;
  let installOutput: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'thread-sandbox-git-'));
    const commit = (await run('git', ['rev-parse', 'HEAD'], ROOT)).stdout.trim();
    const clone = join(dir, 'thread-sandbox.git');
    await run('git', ['clone', '--quiet', '--bare', '--no-hardlinks', ROOT, clone], dir);
    project = join(dir, 'project');
    await mkdir(project);
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'uses-thread-sandbox', private: true, type: 'module' }));
    const install = await run('npm', ['install', '--prefer-offline', ...LOUD_INSTALL, `git+file://${clone}#${commit}`], project);
    installOutput = install.stdout + install.stderr;
    installed = join(project, 'node_modules/thread-sandbox');
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs prepare: dist/ is built, with the bin and the declarations', async () => {
    for (const f of ['dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'dist/types.d.ts']) await access(join(installed, f));
  });

  it('installs without engine warnings on this Node, into a tree npm ls --all finds valid', async () => {
    assertNoEngineWarning(installOutput);
    await assertTreeValid(project, env);
  });

  it('the bin answers', async () => {
    const pkg = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as { version: string };
    const { stdout } = await run('npx', ['--no', '--', 'thread-sandbox', '--version'], project);
    assert.equal(stdout.trim(), pkg.version);
  });

  it('imports by the package name', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', "const m = await import('thread-sandbox'); const s = await m.startSandbox(); console.log(JSON.stringify({ keys: Object.keys(m).sort(), threads: (await s.snapshot()).threads.length })); await s.stop();"], project);
    const fixtures = JSON.parse(await readFile(join(ROOT, 'fixtures/default.json'), 'utf8')) as { threads: unknown[] };
    assert.deepEqual(JSON.parse(stdout), { keys: ['ControlError', 'OptionsError', 'connectSandbox', 'startSandbox'], threads: fixtures.threads.length });
  });
});
