// Part of `npm run build`: replaces the compiled dist/cli.js with one file holding it, the rest of
// dist/ it imports and most dependencies. Node resolves, stats and reads each module of a start
// apart: about 600 files, about a third of a start with the fixtures (bench/README.md, "Issue 22,
// the bundled CLI"). The library entry (dist/index.js) stays unbundled for in-process use.
//
// Left out, and loaded from node_modules as before: what only some commands use (PostgreSQL,
// faker, the progress bar), and what modules load by name at run time (pino-pretty, yaml, re2js,
// swagger-ui-dist). Paths to the package's files go through src/package-files.ts, which holds
// in the bundle too.
import { build } from 'esbuild';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;

await build({
  entryPoints: [cli],
  outfile: cli,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['pg', '@faker-js/faker', 'cli-progress', 'pino-pretty', 'yaml', 're2js', 'swagger-ui-dist'],
  // CommonJS dependencies call require() for Node's own modules; an ES module has none of its own.
  banner: { js: "import { createRequire as createRequireOfBundle } from 'node:module';\nconst require = createRequireOfBundle(import.meta.url);" },
  logLevel: 'warning',
});
