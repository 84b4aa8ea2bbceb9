// `serve` on a file layer that fails like a full disk while a switch file exists: the full-disk
// cases as a child process (killable, restartable) without root. Usage: <data file> <switch file>.
import { startSandbox } from '../../src/sandbox.js';
import { FaultyFiles } from './faulty-files.js';

const [data, switchFile] = process.argv.slice(2);
if (!data || !switchFile) throw new Error('usage: serve-on-faulty-disk.ts <data file> <switch file>');
const sandbox = await startSandbox({ inMemory: false, data, port: 0, logLevel: 'silent', files: new FaultyFiles(switchFile) });
process.stdout.write(`listening on ${sandbox.url}\n`);
process.once('SIGTERM', () => {
  sandbox.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(1);
    },
  );
});
