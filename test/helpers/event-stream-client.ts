// Reads a server-sent-event stream over node:http for tests: the status and headers at once, then
// the events as they come, with a bounded wait for the one a test expects.
import { request, type IncomingHttpHeaders } from 'node:http';

export interface ReceivedEvent {
  event: string;
  data: any;
}

export interface OpenStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as text when the answer is not a stream (an error). */
  text(): Promise<string>;
  events: ReceivedEvent[];
  /** Resolves with the first event (seen or to come) that matches; rejects after `timeoutMs`. */
  waitFor(match: (e: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export function openStream(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: ReceivedEvent[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      let raw = '';
      res.setEncoding('utf8');
      const ended = new Promise<void>((done) => res.on('close', () => done()));
      res.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
        }
        for (const wake of waiters) wake();
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        ended,
        text: () => ended.then(() => raw),
        close: () => req.destroy(),
        waitFor: (match, timeoutMs = 5000) =>
          new Promise((found, fail) => {
            const check = () => {
              const hit = events.find(match);
              if (!hit) return;
              clearTimeout(timer);
              waiters.delete(check);
              found(hit);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.event))}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          }),
      });
    });
    req.on('error', reject);
    req.end();
  });
}
