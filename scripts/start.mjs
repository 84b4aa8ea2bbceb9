// npm start: the CLI as built by `npm ci` (the prepare script), without compiling first. A missing
// build gets a sentence instead of a stack trace, a stale one a warning.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('thread-sandbox: dist/ is missing; build it with `npm run build` (npm ci does it too), then `npm start` again\n');
  process.exit(1);
}
const built = statSync(cli).mtimeMs;
const src = fileURLToPath(new URL('../src', import.meta.url));
const newer = existsSync(src) && readdirSync(src, { recursive: true }).some((f) => String(f).endsWith('.ts') && statSync(`${src}/${f}`).mtimeMs > built);
if (newer) process.stderr.write('thread-sandbox: src/ changed since the last build; `npm run build` to serve the change\n');
await import(cli.href);
