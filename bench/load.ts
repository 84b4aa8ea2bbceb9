// Runs one load job, normally in a child process pinned to the load generator's core.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { load, type LoadJob, type LoadSummary } from './load-worker.js';
import { LOAD_CPU, pinned } from './processes.js';

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

/** In a pinned child process, or in this process when `inProcess` (the smoke run: quicker, not pinned). */
export function runLoad(job: LoadJob, inProcess = false): Promise<LoadSummary> {
  if (inProcess) return load(job);
  const [bin, ...args] = pinned(LOAD_CPU, [process.execPath, '--import', 'tsx', WORKER, JSON.stringify(job)]) as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}: ${err}`));
      try {
        resolve(JSON.parse(out) as LoadSummary);
      } catch {
        reject(new Error(`load generator printed no summary: ${out} ${err}`));
      }
    });
  });
}
