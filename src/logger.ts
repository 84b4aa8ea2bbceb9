// pino: JSON lines when the output is not a terminal (containers, CI), readable colored lines on a
// terminal. Credentials never reach a log line: request lines carry no headers, and these paths
// are redacted in case an object with them is ever logged.
import { createRequire } from 'node:module';
import { pino, type Logger, type DestinationStream } from 'pino';
import type { PinoPretty as PinoPrettyFactory } from 'pino-pretty';

// pino-pretty is for terminals only: loaded (synchronously, it is CommonJS) when one is attached,
// not by every start in a container or CI.
const loadPinoPretty = (): typeof PinoPrettyFactory => (createRequire(import.meta.url)('pino-pretty') as { PinoPretty: typeof PinoPrettyFactory }).PinoPretty;

const REDACT = ['req.headers.authorization', 'req.headers["api-token"]', 'headers.authorization', 'headers["api-token"]', 'adminToken', 'token', 'tokens'];

/** One line per request on a terminal: `GET /v1/threads 200 1.2 ms`, other fields after it. */
const REQUEST_FIELDS = ['method', 'url', 'status', 'ms'];
function messageFormat(log: Record<string, unknown>, messageKey: string): string {
  if (log[messageKey] === 'request') return `${String(log.method)} ${String(log.url)} ${String(log.status)} ${String(log.ms)} ms`;
  return String(log[messageKey]);
}

/** Loggers made here: their lines are plain pino JSON, which requestLineWriter can write itself. */
const OWN = new WeakSet<Logger>();

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const logger = build(level, destination);
  OWN.add(logger);
  return logger;
}

function build(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: undefined, redact: { paths: REDACT, censor: '[REDACTED]' } };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY) {
    // In this thread and synchronous: the last lines before process.exit are never lost.
    const pretty = loadPinoPretty()({ colorize: true, singleLine: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: ['pid', 'hostname', ...REQUEST_FIELDS].join(','), messageFormat });
    return pino(options, pretty);
  }
  // Buffered asynchronous writes: a write(2) per request line cost about 5% of a request (the W1
  // profile in bench/README.md). Lines go out in 4 KB chunks, at the latest after 200 ms, and
  // whatever is left is written synchronously at exit.
  return pino(options, pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 200 }));
}

export type RequestLineWriter = (method: string, url: string, status: number, ms: number) => void;

/**
 * Writes the info line of an answered request. For a logger made here the line is formatted
 * directly, byte for byte what pino writes for `info({ method, url, status, ms }, 'request')`
 * (test/logger.test.ts holds that): pino's generic path was about a tenth of a request's CPU on the
 * hot path. Any other logger (one passed to startSandbox) gets the pino call.
 */
export function requestLineWriter(log: Logger): RequestLineWriter {
  const stream = (log as unknown as Record<symbol, DestinationStream | undefined>)[pino.symbols.streamSym];
  if (!OWN.has(log) || !stream) return (method, url, status, ms) => log.info({ method, url, status, ms }, 'request');
  return (method, url, status, ms) => {
    if (!log.isLevelEnabled('info')) return;
    stream.write(`{"level":30,"time":${Date.now()},"method":${JSON.stringify(method)},"url":${JSON.stringify(url)},"status":${status},"ms":${ms},"msg":"request"}\n`);
  };
}
