// Where the files the package ships beside its code are. This module stays one level below the
// package root, as src/ and dist/ both are: the same relative URLs hold when it runs from the
// sources (tsx), from the build, and inside the bundled CLI (dist/cli.js, scripts/bundle-cli.mjs),
// where every module's import.meta.url is the bundle's own. A module deeper in the tree must ask
// here rather than build a path from its own import.meta.url.
import { fileURLToPath } from 'node:url';

/** A file or folder of the package, from its root: `packageUrl('specs/')`. */
export function packageUrl(path: string): URL {
  return new URL(`../${path}`, import.meta.url);
}

export function packagePath(path: string): string {
  return fileURLToPath(packageUrl(path));
}

/** A file beside the running code: in dist/ when built, in src/ (where the build's outputs are absent) from the sources. */
export function codePath(file: string): string {
  return fileURLToPath(new URL(file, import.meta.url));
}
