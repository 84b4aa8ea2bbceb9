// The published package, proven without the dev tree: `npm pack`, install the tarball into an
// empty project with production dependencies only (quietly: no engine warning on the Node versions
// package.json promises, a tree `npm ls --all` finds valid), then use it the three ways a user would
// (npx, the bin serving requests, import with its type declarations, compiled strictly and
// without skipLibCheck: every type the declarations name comes from a declared dependency).
import assert from 'node:assert/strict';
import { execFile as execFileCb, spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { assertMatchesSpec } from '../helpers/spec-check.js';
import { LOUD_INSTALL, assertNoEngineWarning, assertTreeValid } from './quiet-install.js';

const execFile = promisify(execFileCb);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const TIMEOUT = 180_000;
// No test-runner or tsx settings leak into the user's processes; no install telemetry.
const { NODE_TEST_CONTEXT: _ctx, NODE_OPTIONS: _opts, ...baseEnv } = process.env;
const env = { ...baseEnv, DO_NOT_TRACK: '1', SCARF_ANALYTICS: 'false', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

const run = (cmd: string, args: string[], cwd: string) => execFile(cmd, args, { cwd, env, timeout: TIMEOUT, maxBuffer: 16 * 1024 * 1024 });

describe('the npm package, packed and installed with production dependencies only', { timeout: 2 * TIMEOUT }, () => {
  let dir: string;
  let project: string;
  let files: string[];
  let installOutput: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'thread-sandbox-pack-'));
    const packed = await run('npm', ['pack', '--json', '--pack-destination', dir], ROOT);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    files = info!.files.map((f) => f.path);
    project = join(dir, 'project');
    await mkdir(project);
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'uses-thread-sandbox', private: true, type: 'module' }));
    const installed = await run('npm', ['install', '--omit=dev', '--prefer-offline', ...LOUD_INSTALL, join(dir, info!.filename)], project);
    installOutput = installed.stdout + installed.stderr;
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('holds the build, the specs, the fixtures and the README, and no sources or tests', () => {
    for (const f of ['dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'dist/types.d.ts', 'specs/execution-threads.v1.yaml', 'specs/agentry-threads.v0.yaml', 'fixtures/default.json', 'live-page/index.html', 'live-page/live.js', 'live-page/views.js', 'live-page/live.css', 'README.md', 'package.json']) {
      assert.ok(files.includes(f), `${f} missing from the tarball`);
    }
    const stray = files.filter((f) => /^(src|test|scripts|bench|\.ci)\/|^Dockerfile$|^tsconfig/.test(f));
    assert.deepEqual(stray, []);
  });

  it('installs without engine warnings on this Node, into a tree npm ls --all finds valid', async () => {
    assertNoEngineWarning(installOutput);
    await assertTreeValid(project, env);
  });

  it('npx thread-sandbox --help works from the installed tarball', async () => {
    const { stdout } = await run('npx', ['--no', '--', 'thread-sandbox', '--help'], project);
    assert.match(stdout, /Usage: thread-sandbox/);
    assert.match(stdout, /serve/);
    assert.match(stdout, /seed/);
  });

  it('the installed bin serves the APIs', async () => {
    // The .bin link itself: it needs the shebang and the executable bit of dist/cli.js.
    const child = spawn(join(project, 'node_modules/.bin/thread-sandbox'), ['serve', '--port', '0', '--in-memory'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`did not start:\n${out}`)), TIMEOUT);
        const onData = (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/[^\s"]+)/.exec(out);
          if (m?.[1]) (clearTimeout(timer), resolve(m[1]));
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        void exited.then((code) => (clearTimeout(timer), reject(new Error(`exited with ${code}:\n${out}`))));
      });
      const res = await fetch(`${url}/v1/threads?workspaceId=1`, { headers: { 'Api-Token': 'packed' } });
      const body = (await res.json()) as { totalCount: number };
      await assertMatchesSpec('get', '/v1/threads?workspaceId=1', { status: res.status, body, headers: Object.fromEntries(res.headers) });
      assert.equal(res.status, 200);
      assert.equal(body.totalCount, 1);
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0, 'stops cleanly on SIGTERM');
    }
  });

  it('the installed bin generates a data file (faker, left out of the bundled CLI, loads from the install)', async () => {
    const out = join(project, 'generated.json');
    await run(join(project, 'node_modules/.bin/thread-sandbox'), ['seed', '--seed', '5', '--execution-threads', '4', '--threads', '3', '--out', out], project);
    const written = JSON.parse(await readFile(out, 'utf8')) as { executionThreads: unknown[]; threads: unknown[] };
    assert.deepEqual([written.executionThreads.length, written.threads.length], [4, 3]);
  });

  it('imports in-process, with type declarations that a TypeScript user compiles against', async () => {
    const use = `import { startSandbox, OptionsError, type Sandbox, type JournalEntry } from 'thread-sandbox';
import type { AgentryThreadsV0, ExecutionThreadsV1, ThreadRecord } from 'thread-sandbox/types';
const sandbox: Sandbox = await startSandbox({ port: 0, seed: 7, executionThreads: 3, threads: 2 });
const res = await fetch(\`\${sandbox.url}/human/v0/threads\`, { headers: { Authorization: 'Bearer packed' } });
const body = (await res.json()) as AgentryThreadsV0.components['schemas']['ThreadList'];
const calls: JournalEntry[] = await sandbox.journal();
const first: ThreadRecord | undefined = (await sandbox.snapshot()).threads[0];
const query: ExecutionThreadsV1.paths['/v1/threads']['get']['parameters']['query'] = { workspaceId: 1 };
console.log(JSON.stringify({ status: res.status, body, calls: calls.length, first: first?.thread_id !== undefined, query, bad: await startSandbox({ journalSize: -1 }).catch((e: unknown) => e instanceof OptionsError) }));
await sandbox.stop();
`;
    await writeFile(join(project, 'use.ts'), use);
    // node_modules/@types of this repository for node's own types only (a Node project has its own
    // @types/node); thread-sandbox's and its dependencies' types come from the installed tarball.
    // No --skipLibCheck: a declaration that names a type of a package that is not installed (an
    // undeclared dependency such as @types/express) fails here. One compiler run for both files
    // (it is the slow part): the right use compiles, and a wrong option type is an error, so the
    // declarations are really used (not an any). The emitted use.js is then run.
    // Lines 3-5: log levels and operation ids are literal unions; the test-only `files` is not public.
    await writeFile(
      join(project, 'wrong.ts'),
      "import { startSandbox } from 'thread-sandbox';\nawait startSandbox({ port: 'eighty' });\nawait startSandbox({ logLevel: 'loud' });\n(await startSandbox({ bodyLimit: 1024 })).addFault({ operationId: 'listThreadz', kind: 'reset' });\nawait startSandbox({ files: {} });\n",
    );
    const compiled = await run(process.execPath, [TSC, '--outDir', 'built', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--typeRoots', join(ROOT, 'node_modules/@types'), '--types', 'node', 'use.ts', 'wrong.ts'], project).then(
      () => '',
      (e: { stdout: string }) => e.stdout,
    );
    assert.match(compiled, /^wrong\.ts\(2,\d+\): error TS2322/m);
    assert.match(compiled, /^wrong\.ts\(3,\d+\): error TS2322: Type '"loud"'/m);
    assert.match(compiled, /^wrong\.ts\(4,\d+\): error TS\d+: Type '"listThreadz"'/m);
    assert.match(compiled, /^wrong\.ts\(5,\d+\): error TS2353: .*'files'/m);
    const declarations = (await readdir(join(project, 'node_modules/thread-sandbox/dist'), { recursive: true })).filter((f) => f.endsWith('.d.ts'));
    for (const f of ['index.d.ts', 'public-sandbox.d.ts', 'start-options.d.ts']) {
      assert.ok(declarations.includes(f), f);
      assert.doesNotMatch(await readFile(join(project, 'node_modules/thread-sandbox/dist', f), 'utf8'), /@internal/, `${f} declares no @internal option`);
    }
    assert.doesNotMatch(compiled, /^use\.ts/m, compiled);
    const { stdout } = await run(process.execPath, ['built/use.js'], project);
    const { status, body, calls, first, bad } = JSON.parse(stdout) as { status: number; body: { count: number }; calls: number; first: boolean; bad: boolean };
    assert.deepEqual({ calls, first, bad }, { calls: 1, first: true, bad: true });
    await assertMatchesSpec('get', '/human/v0/threads', { status, body, headers: { 'content-type': 'application/json' } });
    assert.equal(status, 200);
    assert.equal(body.count, 2);
  });
});
