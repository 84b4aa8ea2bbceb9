// The event stream, GET <prefix>/events, read with fetch rather than EventSource: fetch sends the
// token as an Authorization header, so it never appears in a URL, a log line or the history.
// Reconnects by itself, and when no byte (not even the heartbeat) came for too long.
import { PREFIX, askForToken, authHeaders, errorText, setConnection } from './control.js';
import { show } from './dom.js';

const state = { controller: undefined, retry: undefined, watchdog: undefined, heartbeatMs: 15000, handlers: {} };

export function stopStream() {
  clearTimeout(state.retry);
  clearTimeout(state.watchdog);
  if (state.controller) state.controller.abort();
  state.controller = undefined;
}

export function reconnectLater(ms) {
  clearTimeout(state.retry);
  state.retry = setTimeout(follow, ms);
}

export function setHeartbeat(ms) {
  if (typeof ms === 'number' && ms > 0) state.heartbeatMs = ms;
}

// Two heartbeats without a byte: the connection is gone without saying so.
function armWatchdog(controller) {
  clearTimeout(state.watchdog);
  state.watchdog = setTimeout(() => controller.abort(), state.heartbeatMs * 2 + 5000);
}

/**
 * Opens the stream (closing the one open) and calls handlers.connected() once it is accepted,
 * then handlers[event](data) for each event.
 */
export async function follow(handlers) {
  if (handlers) state.handlers = handlers;
  stopStream();
  const controller = new AbortController();
  state.controller = controller;
  setConnection('connecting');
  let res;
  try {
    res = await fetch(`${PREFIX}/events`, { headers: { Accept: 'text/event-stream', ...authHeaders() }, cache: 'no-store', signal: controller.signal });
  } catch {
    if (!controller.signal.aborted) {
      setConnection('offline: retrying', 'bad');
      reconnectLater(3000);
    }
    return;
  }
  if (res.status === 401) return askForToken(await errorText(res));
  if (!res.ok || !res.body) {
    setConnection(`refused (${res.status}): retrying`, 'bad');
    show(await errorText(res), 'bad');
    return reconnectLater(5000);
  }
  state.handlers.connected?.();
  setConnection('live', 'good');
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  armWatchdog(controller);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      armWatchdog(controller);
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch {
    // aborted, or the connection broke: handled below
  }
  if (state.controller !== controller) return;
  setConnection('disconnected: retrying', 'bad');
  reconnectLater(2000);
}

/** One event block: `event:` and `data:` lines; comments (the heartbeat) are skipped. */
function dispatch(block) {
  let event = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return;
  let payload;
  try {
    payload = JSON.parse(data.join('\n'));
  } catch {
    return;
  }
  const handler = state.handlers[event];
  if (typeof handler === 'function') handler(payload);
}
