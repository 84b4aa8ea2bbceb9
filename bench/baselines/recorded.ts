// The answers a baseline replays: the exact status, content type and body bytes the sandbox gave
// for each request of a workload, keyed by method and URL.
import { readFileSync } from 'node:fs';

export interface RecordedAnswer {
  method: string;
  url: string;
  status: number;
  contentType: string;
  /** base64 of the body bytes */
  body: string;
}

export interface Replay {
  status: number;
  headers: Record<string, string | number>;
  body: Buffer;
}

export function loadReplays(file: string): Map<string, Replay> {
  const answers = JSON.parse(readFileSync(file, 'utf8')) as RecordedAnswer[];
  const replays = new Map<string, Replay>();
  for (const a of answers) {
    const body = Buffer.from(a.body, 'base64');
    replays.set(`${a.method} ${a.url}`, { status: a.status, headers: { 'content-type': a.contentType, 'content-length': body.length }, body });
  }
  return replays;
}

export function portArg(): number {
  return Number(process.argv[3]);
}
