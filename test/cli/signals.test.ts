// SIGTERM to npm reaches the server (issue 25): `npm start` and `npx thread-sandbox` put a shell
// between npm and node, and npm signals that shell. No server may be left listening, the proxy
// still writes its recording and summary, and --fail-on-violations still prints its tally.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { startSandbox } from '../../src/index.js';
import { call } from '../helpers/checked-fetch.js';
import { CLI } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = import.meta.resolve('tsx');
const HAS_PGREP = spawnSync('pgrep', ['--version']).status === 0;

interface UnderNpm {
  npm: number;
  url: string;
  /** The node process below npm (and below its shell, if any). */
  node: number;
  output(): string;
  closed: Promise<number | null>;
}

/** Runs an npm command and resolves once the server under it prints where it listens. */
async function underNpm(args: string[], cwd: string): Promise<UnderNpm> {
  // A process group of its own, as a terminal gives a command: Ctrl+C signals the whole group.
  const child = spawn('npm', args, { cwd, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  let url: string | undefined;
  while (!(url = /listening on (http:\/\/[\d.:]+)/.exec(out)?.[1])) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { npm: child.pid!, url, node: nodeBelow(child.pid!), output: () => out, closed };
}

function nodeBelow(pid: number): number {
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.trim().split('\n').map(Number).filter((n) => n > 0);
  for (const c of children) {
    if (readFileSync(`/proc/${c}/comm`, 'utf8').trim() === 'node') return c;
    const below = nodeBelow(c);
    if (below) return below;
  }
  return 0;
}

/** Gone, or a zombie the init process has not reaped yet (NOTES.md). */
function gone(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return true;
  return / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

async function assertStopped(run: UnderNpm): Promise<void> {
  // npm's output closes once every process holding it is gone: an orphan keeps it open.
  const late = new Promise<'late'>((resolve) => setTimeout(resolve, 15_000, 'late').unref());
  if ((await Promise.race([run.closed, late])) === 'late') {
    if (!gone(run.node)) process.kill(run.node, 'SIGKILL');
    assert.fail(`node ${run.node} still ran 15 s after npm was signalled:\n${run.output()}`);
  }
  for (let i = 0; i < 50 && !gone(run.node); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(gone(run.node), `node ${run.node} is still running:\n${run.output()}`);
  await assert.rejects(fetch(`${run.url}/__sandbox/health`), 'nothing listens on the port any more');
}

describe('signals through npm and npx', { skip: !HAS_PGREP && 'no pgrep', timeout: 180_000 }, () => {
  it('SIGTERM to `npm start` stops the server and npm exits with its status', async () => {
    // The package's own start script, with the CLI from source instead of the build.
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const project = await mkdtemp(join(tmpdir(), 'npm-start-'));
    const start = pkg.scripts.start.replace('scripts/start.mjs', `--import ${TSX} ${CLI}`);
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'signals', private: true, scripts: { start } }));
    const run = await underNpm(['start', '--', '--port', '0', '--in-memory'], project);
    assert.ok(run.node > 0);
    process.kill(run.npm, 'SIGTERM');
    await assertStopped(run);
    assert.equal(await run.closed, 0, run.output());
    assert.match(run.output(), /"signal":"SIGTERM"/);
  });

  it('SIGTERM to `npx thread-sandbox --fail-on-violations` still prints the tally', async () => {
    const run = await underNpm(['exec', '--no', '-c', `"${process.execPath}" --import tsx "${CLI}" serve --port 0 --in-memory --fail-on-violations`], ROOT);
    assert.equal((await call(run.url, 'GET', '/v1/threads?type=Robot')).status, 400);
    process.kill(run.npm, 'SIGTERM');
    await assertStopped(run);
    assert.match(run.output(), /thread-sandbox: 1 contract violation during this run/);
  });

  it('Ctrl+C (SIGINT to the group) under `npx thread-sandbox proxy` reports once', async () => {
    const target = await startSandbox();
    const file = join(await mkdtemp(join(tmpdir(), 'npx-proxy-')), 'recorded.json');
    try {
      const run = await underNpm(['exec', '--no', '-c', `"${process.execPath}" --import tsx "${CLI}" proxy --target ${target.url} --port 0 --record "${file}"`], ROOT);
      assert.equal((await call(run.url, 'GET', '/v1/threads?workspaceId=2')).status, 200);
      process.kill(-run.npm, 'SIGINT');
      await assertStopped(run);
      assert.equal(run.output().match(/none broke the contract/g)?.length, 1, run.output());
      assert.equal((JSON.parse(await readFile(file, 'utf8')) as { executionThreads: unknown[] }).executionThreads.length, 7);
    } finally {
      await target.stop();
    }
  });

  it('SIGTERM to `npx thread-sandbox proxy` still writes the recording and the summary', async () => {
    const target = await startSandbox();
    const file = join(await mkdtemp(join(tmpdir(), 'npx-proxy-')), 'recorded.json');
    try {
      const run = await underNpm(['exec', '--no', '-c', `"${process.execPath}" --import tsx "${CLI}" proxy --target ${target.url} --port 0 --record "${file}"`], ROOT);
      assert.equal((await call(run.url, 'GET', '/v1/threads?workspaceId=2')).status, 200);
      process.kill(run.npm, 'SIGTERM');
      await assertStopped(run);
      assert.match(run.output(), /1 request to .*, none broke the contract/);
      assert.match(run.output(), /recorded 7 execution threads/);
      assert.equal((JSON.parse(await readFile(file, 'utf8')) as { executionThreads: unknown[] }).executionThreads.length, 7);
    } finally {
      await target.stop();
    }
  });
});
