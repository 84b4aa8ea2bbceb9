// A flag never silently loses against a data file an earlier run wrote: --seed or --fixtures that
// disagree with the file stop the start with the ways out, --reset-data replaces the file, and the
// start says where the data came from. In-process: the CLI's serve goes through the same code.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { originFileOf } from '../../src/data-origin.js';
import { OptionsError } from '../../src/options.js';
import { startSandbox, type Sandbox, type StartOptions } from '../../src/sandbox.js';

async function startedWith(options: StartOptions): Promise<Sandbox['data']> {
  const sandbox = await startSandbox(options);
  await sandbox.stop();
  return sandbox.data;
}

const refused = (pattern: RegExp) => (e: Error) => {
  assert.ok(e instanceof OptionsError, String(e));
  assert.match(e.message, pattern);
  for (const way of ['--reset-data', '--in-memory', '--data FILE']) assert.ok(e.message.includes(way), `offers ${way}`);
  return true;
};

describe('the data file and the flags that ask for data', () => {
  it('a first start records the origin and later starts say it', async () => {
    const data = join(await mkdtemp(join(tmpdir(), 'origin-')), 'db.json');
    assert.equal((await startedWith({ data })).source, 'created from the bundled fixtures');
    const again = await startedWith({ data });
    assert.equal(again.source, 'kept from an earlier run: created from the bundled fixtures');
    assert.equal(again.file, data);
  });

  it('--seed against a file made from the fixtures stops the start, and --reset-data replaces the file', async () => {
    const data = join(await mkdtemp(join(tmpdir(), 'origin-')), 'db.json');
    await startedWith({ data });
    const asked = { data, seed: 43, executionThreads: 5, threads: 4 };
    await assert.rejects(startSandbox(asked), refused(/holds the bundled fixtures, not seed 43 \(5 execution threads, 4 threads\) as asked/));
    const replaced = await startedWith({ ...asked, resetData: true });
    assert.equal(replaced.source, 'replaced with seed 43 (5 execution threads, 4 threads) (--reset-data)');
    assert.deepEqual([replaced.executionThreads, replaced.threads], [5, 4]);
    assert.equal((await startedWith(asked)).source, 'kept from an earlier run: created from seed 43 (5 execution threads, 4 threads)', 'the same seed serves the file');
    await assert.rejects(startSandbox({ ...asked, threads: 5 }), refused(/holds seed 43 \(5 execution threads, 4 threads\), not seed 43 \(5 execution threads, 5 threads\)/), 'other counts are other data');
  });

  it('data replaced through the control plane is named, and --seed no longer matches it', async () => {
    const data = join(await mkdtemp(join(tmpdir(), 'origin-')), 'db.json');
    const first = await startSandbox({ data, seed: 1, executionThreads: 3, threads: 3 });
    await first.reset({ seed: 5, executionThreads: 2, threads: 2 });
    await first.stop();
    await assert.rejects(startSandbox({ data, seed: 1, executionThreads: 3, threads: 3 }), refused(/holds data replaced through the control plane/));
    assert.equal((await startedWith({ data })).source, 'kept from an earlier run: created from seed 1 (3 execution threads, 3 threads), then replaced through the control plane');
  });

  it('data edited through the control plane is named as edited', async () => {
    const data = join(await mkdtemp(join(tmpdir(), 'origin-')), 'db.json');
    const first = await startSandbox({ data });
    await first.seed({ executionThreads: [{ workspaceId: 9 }] });
    await first.stop();
    assert.equal((await startedWith({ data })).source, 'kept from an earlier run: created from the bundled fixtures, edited through the control plane since');
  });

  it('a file written before origins were recorded is served as it is, and --seed against it stops the start', async () => {
    const data = join(await mkdtemp(join(tmpdir(), 'origin-')), 'db.json');
    await startedWith({ data });
    await rm(originFileOf(data));
    assert.match((await startedWith({ data })).source, /origin unknown/);
    await assert.rejects(startSandbox({ data, seed: 2, executionThreads: 1, threads: 1 }), refused(/holds data of unknown origin/));
  });

  it('in memory nothing is compared: the data asked for is served', async () => {
    const summary = await startedWith({ seed: 3, executionThreads: 2, threads: 1 });
    assert.equal(summary.source, 'in memory, from seed 3 (2 execution threads, 1 thread)');
    assert.equal(summary.file, undefined);
  });
});
