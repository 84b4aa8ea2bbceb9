// pino: JSON lines when the output is not a terminal (containers, CI), readable colored lines on a
// terminal. Credentials never reach a log line: request lines carry no headers, and these paths
// are redacted in case an object with them is ever logged.
import { pino, type Logger, type DestinationStream } from 'pino';

const REDACT = ['req.headers.authorization', 'req.headers["api-token"]', 'headers.authorization', 'headers["api-token"]', 'adminToken', 'token', 'tokens'];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: undefined, redact: { paths: REDACT, censor: '[REDACTED]' } };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
  }
  return pino(options);
}
