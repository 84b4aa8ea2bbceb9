// The CLI as a child process, the way users run it: for start-up failures, restarts and kills.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** How a test runs the CLI: the sources through tsx (the default), or the build users run (one bundle, scripts/bundle-cli.mjs). */
export const FROM_SOURCES: readonly string[] = ['--import', 'tsx', CLI];
export const BUILT: readonly string[] = [fileURLToPath(new URL('../../dist/cli.js', import.meta.url))];

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function spawnCli(args: readonly string[], env: Record<string, string>, cli: readonly string[]): ChildProcess {
  return spawn(process.execPath, [...cli, ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the CLI to completion (killed after timeoutMs, which then fails the caller's assertions). */
export function runCli(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 60_000, cli = FROM_SOURCES): Promise<CliResult> {
  const child = spawnCli(args, env, cli);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export interface RunningCli {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `serve` and resolves once it listens (its log line names the URL). */
export function startCli(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 60_000, cli = FROM_SOURCES): Promise<RunningCli> {
  const child = spawnCli(['serve', '--port', '0', ...args], env, cli);
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the sandbox did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[^\s"]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited with ${code} before listening:\n${out}`));
    });
  });
}
