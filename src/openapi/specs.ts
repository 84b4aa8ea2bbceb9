// The specs in specs/ are the single source of truth; src/ and dist/ are both one level below the
// package root, so the same relative path finds them from sources and from the build.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Document } from 'openapi-backend';

export const SPEC_DIR = fileURLToPath(new URL('../../specs/', import.meta.url));

export const SPEC_FILES = {
  v1: 'execution-threads.v1.yaml',
  v0: 'agentry-threads.v0.yaml',
  admin: 'sandbox-admin.yaml',
} as const;

export type SpecName = keyof typeof SPEC_FILES;

export function specPath(name: SpecName): string {
  return `${SPEC_DIR}${SPEC_FILES[name]}`;
}

// Parsed once per process: the YAML parser was the largest part of a start after module loading,
// and the backends and the fault rules each ask for the same specs.
const parsed = new Map<SpecName, Document>();

/** A fresh parsed copy of a spec (openapi-backend mutates what it is given). */
export function loadSpec(name: SpecName): Document {
  let spec = parsed.get(name);
  if (!spec) parsed.set(name, (spec = parse(readFileSync(specPath(name), 'utf8')) as Document));
  return structuredClone(spec);
}
