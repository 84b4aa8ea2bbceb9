// Request lines from the sandbox's own loggers are formatted without pino's generic path; they must
// be exactly what pino writes for the same call, so that log tooling sees one format.
import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { pino } from 'pino';
import { createLogger, requestLineWriter } from '../../src/logger.js';

function capture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}

const withoutTime = (line: string) => line.replace(/"time":\d+/, '"time":0');
const CALLS: [string, string, number, number][] = [
  ['GET', '/v1/threads?start=0&total=50', 200, 1.2],
  ['DELETE', '/human/v0/threads/"quoted"\\back\tslash\u0001', 404, 0],
  ['GET', '/v1/threads?thread_token=é€😀&x=' + 'y'.repeat(200), 500, 123.4],
];

test('a request line written directly is byte for byte the line pino writes', async () => {
  const direct = capture();
  const viaPino = capture();
  const own = createLogger('info', direct.stream as unknown as pino.DestinationStream);
  const reference = createLogger('info', viaPino.stream as unknown as pino.DestinationStream);
  const write = requestLineWriter(own);
  for (const [method, url, status, ms] of CALLS) {
    write(method, url, status, ms);
    reference.info({ method, url, status, ms }, 'request');
  }
  await new Promise((r) => setImmediate(r));
  assert.equal(direct.lines.length, CALLS.length);
  assert.deepEqual(direct.lines.map(withoutTime), viaPino.lines.map(withoutTime));
  for (const line of direct.lines) JSON.parse(line);
});

test('below info nothing is written, and a logger the sandbox did not make gets the pino call', async () => {
  const quiet = capture();
  requestLineWriter(createLogger('warn', quiet.stream as unknown as pino.DestinationStream))('GET', '/v1/threads', 200, 1);
  const foreign = capture();
  const theirs = pino({ level: 'info', messageKey: 'message' }, foreign.stream as unknown as pino.DestinationStream);
  requestLineWriter(theirs)('GET', '/v1/threads', 200, 1);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(quiet.lines, []);
  assert.equal(foreign.lines.length, 1);
  assert.equal(JSON.parse(foreign.lines[0]!).message, 'request', 'their own format, from pino');
});
