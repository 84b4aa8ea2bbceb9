// re2js (the linear-time engine of tenants' regular expressions), loaded the first time a matcher
// is compiled: a server that is never sent one does not load it at start (about 10 ms).
import { createRequire } from 'node:module';
import type * as Re2js from 're2js';

let loaded: typeof Re2js | undefined;

export function re2(): typeof Re2js {
  return (loaded ??= createRequire(import.meta.url)('re2js') as typeof Re2js);
}
