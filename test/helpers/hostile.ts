// fast-check generators of hostile request parts: query strings with random and repeated keys,
// empty and huge values, numbers past int64, unicode, broken percent-encoding, prototype keys.
import fc from 'fast-check';

/** Percent-encodes what Node's HTTP client refuses to send raw, and nothing else: '%' stays raw. */
export function wireSafe(text: string): string {
  return text.replace(/[^\u0021-\u007e]/gu, (c) => encodeURIComponent(c));
}

const BAD_ENCODINGS = ['%', '%%', '%zz', '%2', '%E0%A4%A', '%C3%28', '%FF', '%00', '%u0041', '%25%'];
const NUMBERS = ['0', '-1', '1', '2147483647', '2147483648', '-2147483649', '9223372036854775807', '9223372036854775808', '-9223372036854775809', '99999999999999999999999', '1e400', '-0', '0x10', '1.5', ' 1', '1 ', 'NaN', 'Infinity', '+1', '٣'];
const MAX_QUERY = 6_000;
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', '__proto__[x]', 'constructor.prototype', 'hasOwnProperty', 'toString'];

export const hostileValue: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.constantFrom(...NUMBERS),
  fc.constantFrom(...BAD_ENCODINGS),
  fc.constantFrom('Manual', 'BrowserInstance', 'manual', 'CreatedAt', '-CreatedAt,ThreadToken desc', 'ThreadToken asc,', ',', 'Type  desc', 'WorkspaceId dsc'),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => encodeURIComponent(s)),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: 1_000, max: 6_000 }).map((n) => 'x'.repeat(n)),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
);

export function hostileQuery(knownKeys: readonly string[]): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...knownKeys) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) },
    { weight: 1, arbitrary: fc.constantFrom('', ...BAD_ENCODINGS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
  const pair = fc.tuple(key, hostileValue, fc.constantFrom('=', '', '==')).map(([k, v, eq]) => `${k}${eq}${v}`);
  // Repeated keys come from drawing the same known key twice.
  // Node answers 431 itself past 16 KiB of request line and headers (see limits.test.ts): stay below.
  return fc.array(pair, { maxLength: 8 }).map((pairs) => wireSafe(pairs.join('&')).slice(0, MAX_QUERY));
}

/** Header values Node's client can send: printable latin1, sometimes long. */
export const hostileHeaderValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\u0020-\u007e]/g, '')),
  fc.integer({ min: 100, max: 3_000 }).map((n) => 't'.repeat(n)),
  fc.constantFrom('', ' ', 'Bearer', 'Bearer ', 'Bearer  x y', 'bearer tok', 'Basic dXNlcjpwYXNz', '__proto__', 'null'),
);

/** What a client may put in Prefer without asking for a 5xx. */
export const hostilePrefer: fc.Arbitrary<string | undefined> = fc.constantFrom(undefined, 'code=abc', 'code=', 'code=200', 'code=999', 'delay=-1', 'delay=abc', 'foo=bar', ';;', 'code=400', 'code=401');

/** A stack frame (`at fn (/app/src/x.ts:1:2)`, `at file:///...`, `at node:internal/...`) or a `stack` field. */
export const STACK_FRAME = /\bat (?:\S+ \()?(?:file:\/\/|\/|node:)\S*:\d+:\d+|node_modules\/|"stack"\s*:/;
