// `node --import ./test/helpers/import-trace.mjs ...`: appends the URL of every module the process
// loads to the file named by IMPORT_TRACE_FILE, one a line (written at once: the process may exit
// any moment). Tests use it to prove what a command does not load.
import { register } from 'node:module';

const file = process.env.IMPORT_TRACE_FILE;
if (file) {
  const hooks = `
    import { appendFileSync } from 'node:fs';
    let file;
    export function initialize(data) { file = data.file; }
    export async function load(url, context, next) {
      appendFileSync(file, url + '\\n');
      return next(url, context);
    }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { file } });
}
