// Exit statuses a CI job can trust (issue 25): a usage error exits 2 with one line and where help
// is, so a typo never reads as 1, "the contract broke"; --help says which is which.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';

const USAGE_ERRORS: { args: string[]; line: RegExp; hint: RegExp }[] = [
  { args: ['proxy'], line: /^error: required option '--target <url>' not specified$/, hint: /^\(thread-sandbox proxy --help shows every option\)$/ },
  { args: ['proxy', '--target', 'http://127.0.0.1:1', '--timeout', 'abc'], line: /^error: option '--timeout <ms>' argument 'abc' is invalid/, hint: /^\(thread-sandbox proxy --help/ },
  { args: ['verify'], line: /^error: required option '--target <url>' not specified$/, hint: /^\(thread-sandbox verify --help shows every option\)$/ },
  { args: ['verify', '--target', 'http://127.0.0.1:1', '--api', 'v9'], line: /^error: option '--api <api>' argument 'v9' is invalid/, hint: /^\(thread-sandbox verify --help/ },
  { args: ['serve', '--port', 'abc'], line: /^thread-sandbox: flag --port must be an integer, got 'abc'$/, hint: /^\(thread-sandbox --help shows the commands, thread-sandbox serve --help every option\)$/ },
  { args: ['--log-level', 'loud', '--in-memory'], line: /^thread-sandbox: log level must be one of/, hint: /serve --help every option/ },
  { args: ['seed'], line: /^error: required option '--out <file>' not specified$/, hint: /serve --help every option/ },
  { args: ['frobnicate'], line: /^error: unknown command 'frobnicate'/, hint: /serve --help every option/ },
  { args: ['serve', '--frobnicate'], line: /^error: unknown option '--frobnicate'$/, hint: /serve --help every option/ },
];

describe('exit statuses', () => {
  for (const { args, line, hint } of USAGE_ERRORS) {
    it(`\`thread-sandbox ${args.join(' ')}\` is a usage error: exit 2, one line and the hint`, async () => {
      const { code, stdout, stderr } = await runCli(args, {}, 30_000);
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      const lines = stderr.trim().split('\n');
      assert.equal(lines.length, 2, stderr);
      assert.match(lines[0] ?? '', line);
      assert.match(lines[1] ?? '', hint);
    });
  }

  it('a port in use is a start that failed: exit 2, naming the port, not the contract\'s 1', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as { port: number };
    try {
      const { code, stderr } = await runCli(['serve', '--in-memory', '--port', String(port)], {}, 30_000);
      assert.equal(code, 2, stderr);
      assert.equal(stderr, `thread-sandbox: port ${port} on 127.0.0.1 is already in use; pick another with --port or PORT (0 picks a free one)\n`);
    } finally {
      taken.close();
    }
  });

  it('--help and each command\'s --help say what 0, 1 and 2 mean', async () => {
    for (const args of [['--help'], ['serve', '--help'], ['verify', '--help'], ['proxy', '--help']]) {
      const { code, stdout } = await runCli(args, {}, 30_000);
      assert.equal(code, 0);
      assert.match(stdout, /Exit status \(every command\):\n +0 +all held\n +1 +the contract broke .*\n +2 +could not run: a usage error/, args.join(' '));
    }
  });

  it('serve --help shows the default of every option that has one', async () => {
    const { stdout } = await runCli(['serve', '--help'], {}, 30_000);
    const text = stdout.replace(/\s+/g, ' ');
    for (const flag of ['--seed <n>', '--config <file>', '--admin-token <token>', '--store <url>', '--fixtures <file>']) {
      assert.match(text, new RegExp(`${flag} [^[]*default`), `serve --help says what ${flag} defaults to`);
    }
    for (const shown of ['--port <n> port to listen on (0 picks a free one) (default: 8160)', '(default: 127.0.0.1)', '(default: ./data/db.json)', '(default: info)', '(default: /__sandbox)', '(default: 1048576)', '--in-memory keep everything in memory, write no file (default: off)', '(default: off) [env SANDBOX_FAIL_ON_VIOLATIONS]']) {
      assert.ok(text.includes(shown), `serve --help shows ${shown}`);
    }
  });
});
