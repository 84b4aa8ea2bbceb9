// What a newcomer sees in the first minutes: --version, a mistyped command or flag (one line and a
// hint, not the whole help), the top-level help saying how to serve, the start banner, and the
// refusals that keep a flag from silently losing.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUILT, CLI, FROM_SOURCES, runCli, startCli } from '../helpers/cli.js';

const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const FIXTURES = JSON.parse(await readFile(new URL('../../fixtures/default.json', import.meta.url), 'utf8')) as { executionThreads: unknown[]; threads: unknown[] };
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;
const TRACE = new URL('../helpers/import-trace.mjs', import.meta.url).href;

/** The modules a run of the CLI loaded, one URL a line; the run is stopped once its output matches `stopWhen`. */
async function traced(command: (string | readonly string[])[], stopWhen: RegExp): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'import-trace-'));
  const file = join(dir, 'trace');
  const child = spawn(process.execPath, ['--import', TRACE, ...command.flat()], { env: { ...process.env, NODE_OPTIONS: '', IMPORT_TRACE_FILE: file }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const onData = (d: Buffer) => {
    out += d.toString();
    if (stopWhen.test(out)) child.kill('SIGTERM');
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  await once(child, 'close');
  assert.match(out, stopWhen);
  const trace = await readFile(file, 'utf8');
  await rm(dir, { recursive: true, force: true });
  return trace;
}

describe('the CLI, the first time', () => {
  it('--version prints the version', async () => {
    const { code, stdout } = await runCli(['--version']);
    assert.equal(code, 0);
    assert.equal(stdout.trim(), pkg.version);
  });

  it('an unknown command is one line naming the commands and a hint, not the help; exit 2', async () => {
    const { code, stdout, stderr } = await runCli(['frobnicate']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.deepEqual(stderr.trim().split('\n'), [
      "error: unknown command 'frobnicate' (the commands are serve, seed, verify and proxy)",
      '(thread-sandbox --help shows the commands, thread-sandbox serve --help every option)',
    ]);
  });

  it('a mistyped flag gets the suggestion and a hint, not the whole help; exit 2', async () => {
    const { code, stderr } = await runCli(['--prot', '9000']);
    assert.equal(code, 2);
    assert.match(stderr, /unknown option '--prot'\n\(Did you mean --port\?\)\n\(thread-sandbox --help/);
    assert.doesNotMatch(stderr, /--execution-threads|Usage:/);
  });

  it('the top-level help says how to serve and where the docs are', async () => {
    const { code, stdout } = await runCli(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /serve \[options\] +serve both APIs and the control plane \(the default command\)/);
    assert.match(stdout, /thread-sandbox --port 9000 --in-memory/);
    assert.match(stdout, /thread-sandbox serve --help +every option/);
    assert.match(stdout, /http:\/\/127\.0\.0\.1:8160\/docs/);
  });

  it('npm start without a build says how to make one instead of a stack trace', async () => {
    const checkout = await mkdtemp(join(tmpdir(), 'no-dist-'));
    await mkdir(join(checkout, 'scripts'));
    await copyFile(new URL('../../scripts/start.mjs', import.meta.url), join(checkout, 'scripts/start.mjs'));
    const child = spawn(process.execPath, [join(checkout, 'scripts/start.mjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = await once(child, 'close');
    assert.equal(code, 1);
    assert.equal(stderr, 'thread-sandbox: dist/ is missing; build it with `npm run build` (npm ci does it too), then `npm start` again\n');
  });

  it('counts without a seed stop the start instead of being ignored', async () => {
    const { code, stderr } = await runCli(['--execution-threads', '10', '--in-memory']);
    assert.equal(code, 2);
    assert.match(stderr, /--execution-threads and --threads need --seed/);
  });

  it('on a terminal the start banner says where both APIs, the docs, the control plane and the data are', { skip: !HAS_SCRIPT && 'no util-linux script' }, async () => {
    const data = join(await mkdtemp(join(tmpdir(), 'first-start-')), 'db.json');
    // A real pseudo-terminal from util-linux `script`; its own process group, stopped as a whole.
    const child = spawn('script', ['-qfec', `exec "${process.execPath}" --import tsx "${CLI}" serve --port 0 --data "${data}"`, '/dev/null'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString().replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '')));
    try {
      for (let i = 0; i < 600 && !/Stop with Ctrl\+C/.test(out); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      const url = /listening on (http:\/\/[\d.:]+)/.exec(out)?.[1];
      assert.ok(url, out);
      assert.ok(out.includes(`curl -H 'Api-Token: any' '${url}/v1/threads?workspaceId=1'`), out);
      assert.ok(out.includes(`curl -H 'Authorization: Bearer any' '${url}/human/v0/threads?limit=2'`));
      assert.ok(out.includes(`${url}/docs`));
      assert.ok(out.includes(`${url}/__sandbox`));
      assert.ok(out.includes(`${data}: created from the bundled fixtures`));
      assert.ok(out.includes(`Records               ${FIXTURES.executionThreads.length} execution threads, ${FIXTURES.threads.length} threads`));
      assert.doesNotMatch(out, /\{"level"/, 'no JSON line on a terminal');
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await once(child, 'close');
    }
  });

  it('off a terminal the start is one JSON line with the same facts, and a --seed against the file stops the next start', async () => {
    const data = join(await mkdtemp(join(tmpdir(), 'first-start-')), 'db.json');
    const cli = await startCli(['--data', data]);
    try {
      const line = cli.output().split('\n').find((l) => l.includes('"msg":"thread-sandbox listening on'));
      const fields = JSON.parse(line ?? '{}') as Record<string, unknown>;
      assert.equal(fields.docs, `${cli.url}/docs`);
      assert.equal(fields.v1, `${cli.url}/v1/threads`);
      assert.equal(fields.source, 'created from the bundled fixtures');
      assert.equal(fields.threads, FIXTURES.threads.length);
      assert.ok(!cli.output().includes('Records  '), 'no banner off a terminal');
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
    const { code, stderr } = await runCli(['--data', data, '--seed', '43']);
    assert.equal(code, 2, 'a seed against the fixtures file stops the start');
    assert.match(stderr, /holds the bundled fixtures, not seed 43 \(1000 execution threads, 1000 threads\) as asked/);
    assert.match(stderr, /--reset-data +replace the file/);
  });

  it('--help and a start with the bundled fixtures load neither faker nor swagger-ui-dist', async () => {
    const help = await traced([FROM_SOURCES, '--help'], /Usage: thread-sandbox/);
    for (const heavy of ['@faker-js', 'swagger-ui-dist', '/express/', 'openapi-backend']) assert.ok(!help.includes(heavy), `--help loaded ${heavy}`);
    const serve = await traced([FROM_SOURCES, 'serve', '--port', '0', '--in-memory'], /listening on http/);
    assert.ok(serve.includes('/express/'), 'the trace sees what a start loads');
    for (const heavy of ['@faker-js', 'swagger-ui-dist']) assert.ok(!serve.includes(heavy), `a start with fixtures loaded ${heavy}`);
  });

  it('the built CLI (one bundle and its chunks) starts without faker, PostgreSQL or the progress bar', async () => {
    const serve = await traced([BUILT, 'serve', '--port', '0', '--in-memory'], /listening on http/);
    assert.ok(serve.includes('/dist/cli.js'), 'the trace sees what a start loads');
    for (const heavy of ['@faker-js', '/node_modules/pg/', 'cli-progress', '/node_modules/express/']) assert.ok(!serve.includes(heavy), `a start with fixtures loaded ${heavy}`);
  });
});
