// A data file whose owner was killed is taken over at once, even while the killed process is a
// zombie nobody has reaped yet (init may take a second or two to reap an orphan: a supervisor's
// quick restart must not be refused meanwhile). The owner here is a real `serve` whose parent, a
// shell, is stopped: killed, it stays a zombie for as long as the test wants.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Store } from '../../src/store/store.js';
import { CLI } from '../helpers/cli.js';

const procState = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 1).trim()[0];
};

const skip = existsSync('/proc/self/stat') ? false : 'no /proc here: zombies cannot be told from live processes';

test('the lock of a killed owner that is still a zombie is taken over at once', { skip, timeout: 90_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-zombie-'));
  const file = join(dir, 'db.json');
  // The shell starts serve, says its pid, then stops itself: a stopped parent reaps nothing.
  const shell = spawn('sh', ['-c', `"${process.execPath}" --import tsx "${CLI}" serve --port 0 --data "${file}" --log-level info & echo "pid=$!"; kill -STOP $$; wait`], {
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  shell.stdout.on('data', (d: Buffer) => (out += d.toString()));
  shell.stderr.on('data', (d: Buffer) => (out += d.toString()));
  try {
    const deadline = Date.now() + 60_000;
    while (!/listening on/.test(out)) {
      assert.ok(Date.now() < deadline, `serve started within 60 s:\n${out}`);
      await sleep(50);
    }
    const owner = Number(/pid=(\d+)/.exec(out)?.[1]);
    assert.equal(JSON.parse(readFileSync(`${file}.owner`, 'utf8')).pid, owner, 'the owner note names serve');

    process.kill(owner, 'SIGKILL');
    while (procState(owner) !== 'Z') await sleep(10);
    assert.doesNotThrow(() => process.kill(owner, 0), 'a zombie still answers kill(pid, 0)');

    const started = Date.now();
    const store = await Store.open({ file, initial: () => assert.fail('the file exists') });
    const took = Date.now() - started;
    await store.close();
    assert.equal(procState(owner), 'Z', 'the owner was a zombie all along');
    assert.ok(took < 2000, `taken over at once (${took} ms), not after the lock's staleness timeout`);
  } finally {
    shell.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});
