// Part of `npm run build`: replaces the compiled dist/cli.js with a bundle of it, the rest of dist/
// it imports and most dependencies. Node resolves, stats and reads each module of a start apart:
// about 600 files, about a third of a start with the fixtures (bench/README.md, "Issue 22, the
// bundled CLI"). The library entry (dist/index.js) stays unbundled for in-process use.
//
// Left out, and loaded from node_modules as before: what only some commands use (PostgreSQL,
// faker, the progress bar), and what modules load by name at run time (pino-pretty, yaml, re2js,
// swagger-ui-dist). Paths to the package's files go through src/package-files.ts, which holds
// in the bundle too.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url).pathname;

await build({
  entryPoints: [`${dist}cli.js`],
  outdir: dist,
  allowOverwrite: true,
  // What a command imports on first use (the generator, PostgreSQL, verify, the proxy) is a chunk
  // of its own, loaded then: in one file, its imports of the modules left out would be hoisted and
  // loaded by every start (test/cli/first-start.test.ts). The chunks stay in dist/ itself, beside
  // cli.js (package-files.ts).
  splitting: true,
  chunkNames: 'cli-chunk-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['pg', '@faker-js/faker', 'cli-progress', 'pino-pretty', 'yaml', 're2js', 'swagger-ui-dist'],
  // CommonJS dependencies call require() for Node's own modules; an ES module has none of its own.
  banner: { js: "import { createRequire as createRequireOfBundle } from 'node:module';\nconst require = createRequireOfBundle(import.meta.url);" },
  logLevel: 'warning',
});
// The compiler's map of the file the bundle replaced would point at the wrong lines.
rmSync(`${dist}cli.js.map`, { force: true });
