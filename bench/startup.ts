// npm run bench, start-up section: what a newcomer waits for, against a bare Node start in the same
// run. Start to the first 200 of `thread-sandbox serve` with the bundled fixtures (target: at most
// 3 times a bare `node -e "require('express')"`), and `thread-sandbox --help` (at most 2 times).
// Medians of a few runs, every process pinned to the server core when taskset exists.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, pinned, SERVER_CPU, startServer } from './processes.js';
import { SERVER_NODE_FLAGS } from './server-flags.js';
import { V1_AUTH } from './workloads.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');
const REPEATS = Number(process.env.STARTUP_REPEATS ?? 5);
const out = process.argv[2] ?? join(ROOT, 'bench', 'startup-results.md');
if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first (`npm run bench` does)');

/** Milliseconds from spawn to exit. */
function timeToExit(command: string[]): Promise<number> {
  const [bin, ...args] = pinned(SERVER_CPU, command) as [string, ...string[]];
  const started = performance.now();
  const child = spawn(bin, args, { cwd: ROOT, stdio: 'ignore' });
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${command.join(' ')} exited with ${code}`)))),
  );
}

async function timeToFirstAnswer(): Promise<number> {
  const port = await freePort();
  const server = await startServer({ name: 'sandbox', command: [process.execPath, ...SERVER_NODE_FLAGS, CLI, 'serve', '--in-memory', '--port', String(port), '--log-level', 'warn'], port, readyPath: '/v1/threads?workspaceId=1', headers: V1_AUTH });
  await server.stop();
  return server.startupMs;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function measure(what: () => Promise<number>): Promise<{ median: number; runs: number[] }> {
  const runs: number[] = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await what());
  return { median: median(runs), runs };
}

const bare = await measure(() => timeToExit([process.execPath, ...SERVER_NODE_FLAGS, '-e', "require('express')"]));
const help = await measure(() => timeToExit([process.execPath, ...SERVER_NODE_FLAGS, CLI, '--help']));
const start = await measure(timeToFirstAnswer);

const ms = (n: number) => `${Math.round(n)} ms`;
const line = (name: string, m: { median: number; runs: number[] }) => `| ${name} | ${ms(m.median)} | ${m.runs.map((r) => Math.round(r)).join(', ')} | ${(m.median / bare.median).toFixed(2)} |`;
const verdict = (name: string, m: { median: number }, limit: number) => `- ${m.median / bare.median <= limit ? 'MET' : 'NOT MET'} ${name} at most ${limit} times a bare express start: ${(m.median / bare.median).toFixed(2)}`;
const report = [
  '# Start-up',
  '',
  `Node ${process.version}, ${process.platform}/${process.arch}, medians of ${REPEATS} runs, written by \`npm run bench\` on ${new Date().toISOString()}.`,
  '',
  '| what | median | runs (ms) | vs bare express |',
  '|---|---|---|---|',
  line("bare `node -e \"require('express')\"`", bare),
  line('`thread-sandbox --help`', help),
  line('`thread-sandbox serve --in-memory` (bundled fixtures), start to the first 200', start),
  '',
  verdict('--help', help, 2),
  verdict('start to the first answer', start, 3),
  '',
].join('\n');
writeFileSync(out, report);
process.stdout.write(report);
