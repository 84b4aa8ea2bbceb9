// fetch against a running sandbox (a child process), every response checked against the spec.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunningCli } from './cli.js';
import { assertMatchesSpec } from './spec-check.js';

export interface Answer {
  status: number;
  body: any;
  headers: Record<string, string>;
}

export async function call(base: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'Api-Token': 't', Authorization: 'Bearer t' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const answer: Answer = { status: res.status, body: text === '' ? undefined : JSON.parse(text), headers: Object.fromEntries(res.headers) };
  await assertMatchesSpec(method, path, answer);
  return answer;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a TypeScript entry script that prints "listening on <url>" like `serve`, and resolves once it does. */
export function startScript(script: string, args: readonly string[], timeoutMs = 60_000): Promise<RunningCli> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[^\s"]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before listening:\n${out}`));
    });
  });
}
