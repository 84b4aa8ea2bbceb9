// npm run bench: builds, then runs the load benchmark (run.ts) with the arguments given after `--`,
// then the start-up section (startup.ts). An npm script hands its arguments to the last command
// only: `npm run build && node run.ts && node startup.ts` gave `--only W1` to startup.ts.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const { values } = parseArgs({ args, strict: false, options: { smoke: { type: 'boolean' }, only: { type: 'string' } } });
const run = (command: string, rest: string[]) => execFileSync(command, rest, { cwd: ROOT, stdio: 'inherit' });
const tsx = (file: string, rest: string[] = []) => run(process.execPath, ['--import', 'tsx', `bench/${file}`, ...rest]);

// The smoke run measures the sources; the others measure the built CLI a user runs.
if (values.smoke !== true) run('npm', ['run', 'build']);
tsx('run.ts', args);
// Start-up is its own section: part of a full run, or asked for with `--only startup`.
const only = typeof values.only === 'string' ? values.only.split(',') : undefined;
if (values.smoke !== true && (!only || only.includes('startup'))) tsx('startup.ts');
