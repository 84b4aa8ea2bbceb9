// One server-sent-event stream of the live feed: the response's framing (`event:`/`data:` lines),
// a heartbeat comment that keeps proxies and the page's reader from calling it idle, and the
// bounds: a page that reads slower than events come is cut off (it reconnects and reads the
// backlog again) rather than queueing without limit in this process.
import type { ServerResponse } from 'node:http';
import type { LiveEvent, LiveListener } from '../control/live-feed.js';

export const HEARTBEAT_MS = 15_000;
/** Bytes queued for one slow reader before its stream is closed. */
const MAX_QUEUED_BYTES = 1024 * 1024;

export interface StreamedEvent {
  event: LiveEvent | 'hello';
  /** JSON text. */
  data: string;
}

const frame = ({ event, data }: StreamedEvent) => `event: ${event}\ndata: ${data}\n\n`;

/**
 * A listener that queues events until `open()` gets the response: the handler adds it to the feed
 * before it reads the backlog, so that nothing journaled in between is lost.
 */
export class EventStream implements LiveListener {
  #res: ServerResponse | undefined;
  #queued: StreamedEvent[] = [];
  #heartbeat: NodeJS.Timeout | undefined;
  #closed = false;
  onClose: () => void = () => undefined;

  constructor(
    readonly tenant: string | null,
    readonly heartbeatMs = HEARTBEAT_MS,
  ) {}

  send(event: LiveEvent, data: string): void {
    if (this.#closed) return;
    if (!this.#res) this.#queued.push({ event, data });
    else this.#write(frame({ event, data }));
  }

  /** Writes the head, `first` (hello and the backlog), what was queued meanwhile, then follows the feed. */
  open(res: ServerResponse, first: StreamedEvent[], keep: (e: StreamedEvent) => boolean): void {
    if (this.#closed) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The sandbox is stopping');
      return;
    }
    this.#res = res;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // Proxies that buffer (nginx) must pass events on at once.
      'x-accel-buffering': 'no',
      // When the stream ends (the sandbox stops), the socket goes too instead of idling in keep-alive.
      connection: 'close',
    });
    if (res.req.method === 'HEAD') return void this.close();
    this.#write([...first, ...this.#queued.filter(keep)].map(frame).join(''));
    this.#queued = [];
    this.#heartbeat = setInterval(() => this.#write(': ping\n\n'), this.heartbeatMs).unref();
    res.on('close', () => this.close());
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    this.#queued = [];
    this.#res?.end();
    this.onClose();
  }

  #write(text: string): void {
    const res = this.#res;
    if (!res || res.destroyed) return;
    if (res.writableLength > MAX_QUEUED_BYTES) return this.close();
    res.write(text);
  }
}
