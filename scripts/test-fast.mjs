// npm run test:fast: the fast test files (scripts/test-files.mjs) in this one process, where
// node:test runs what they register. express, openapi-backend and the specs load once instead of
// once per file, which is most of the time a file takes. Run with `node --import tsx`.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { testFiles } from './test-files.mjs';

for (const file of testFiles({ fast: true })) await import(pathToFileURL(resolve(file)).href);
