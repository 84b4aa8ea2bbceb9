// Types of test-files.mjs for the TypeScript tests that import it.
/** Test files, relative to the repository root, sorted; with `fast`, the ones test:fast runs. */
export function testFiles(options?: { fast?: boolean }): string[];
