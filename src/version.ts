// The package's version, read from its package.json.
import { readFileSync } from 'node:fs';
import { packageUrl } from './package-files.js';

export const VERSION: string = (JSON.parse(readFileSync(packageUrl('package.json'), 'utf8')) as { version: string }).version;
