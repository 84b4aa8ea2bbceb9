// The specs in specs/ are the single source of truth.
import { readFileSync } from 'node:fs';
import type { Document } from 'openapi-backend';
import { codePath, packagePath } from '../package-files.js';
import { PREBUILT_SPECS_FILE, readPrebuiltSpecs, specFromYaml, type PrebuiltSpecs } from './prebuilt-specs.js';

export const SPEC_DIR = packagePath('specs/');

export const SPEC_FILES = {
  v1: 'execution-threads.v1.yaml',
  v0: 'agentry-threads.v0.yaml',
  admin: 'sandbox-admin.yaml',
} as const;

export type SpecName = keyof typeof SPEC_FILES;

export function specPath(name: SpecName): string {
  return `${SPEC_DIR}${SPEC_FILES[name]}`;
}

// Parsed once per process: the backends and the fault rules each ask for the same specs. From the
// build's prebuilt JSON when it matches the YAML (prebuilt-specs.ts), else from the YAML.
const parsed = new Map<SpecName, Document>();
let prebuilt: PrebuiltSpecs | undefined | null = null;

/** A fresh parsed copy of a spec (openapi-backend mutates what it is given). */
export function loadSpec(name: SpecName): Document {
  let spec = parsed.get(name);
  if (!spec) {
    if (prebuilt === null) prebuilt = readPrebuiltSpecs(codePath(PREBUILT_SPECS_FILE));
    parsed.set(name, (spec = specFromYaml(name, readFileSync(specPath(name), 'utf8'), prebuilt)));
  }
  return structuredClone(spec);
}
