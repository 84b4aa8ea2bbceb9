// --store picks the engine: a postgres:// URL from the flag, SANDBOX_STORE or DATABASE_URL.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { OptionsError, redactUrl, resolveOptions } from '../../src/options.js';

const URL_A = 'postgres://sandbox@db:5432/a';

it('the flag beats SANDBOX_STORE, which beats DATABASE_URL', () => {
  assert.equal(resolveOptions({ flags: { store: URL_A }, env: { SANDBOX_STORE: 'postgres://x@db/b', DATABASE_URL: 'postgres://x@db/c' } }).store, URL_A);
  assert.equal(resolveOptions({ env: { SANDBOX_STORE: 'postgresql://x@db/b', DATABASE_URL: 'postgres://x@db/c' } }).store, 'postgresql://x@db/b');
  assert.equal(resolveOptions({ env: { DATABASE_URL: 'postgres://x@db/c' } }).store, 'postgres://x@db/c');
  assert.equal(resolveOptions({ env: {} }).store, undefined, 'without any: the file engine');
});

it('a store that is not a postgres:// URL is refused without showing its password', () => {
  assert.throws(
    () => resolveOptions({ flags: { store: 'mysql://root:hunter2@db/x' } }),
    (e: Error) => e instanceof OptionsError && /must be a postgres:\/\/ URL/.test(e.message) && !e.message.includes('hunter2'),
  );
  assert.equal(redactUrl('postgres://u:secret@h:1/d'), 'postgres://u:***@h:1/d');
});
