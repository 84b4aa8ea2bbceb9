// The yardstick of start-up: milliseconds to read and JSON.parse a database file in a fresh
// process, the least any server that holds the file in memory must spend. Prints the number.
import { readFileSync } from 'node:fs';

const file = process.argv[2] as string;
const started = performance.now();
JSON.parse(readFileSync(file, 'utf8'));
process.stdout.write(String(performance.now() - started));
