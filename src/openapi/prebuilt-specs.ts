// The specs' YAML stays the source of truth; the build (scripts/build-specs.mjs) also writes them
// parsed, as JSON, in dist/ (package-files.ts's codePath). Parsing the YAML was the largest single cost of a
// start (the yaml package and its parse of three specs), JSON.parse of the same documents is
// nearly free. Each entry carries the digest of the YAML text it came from: an entry whose YAML
// changed since the build is not used, so the served spec is always the YAML's.
//
// Not dereferenced on purpose: openapi-backend dereferences what it is given (each backend its own
// way), and a dereferenced copy of the control plane's spec is several times larger to clone.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Document } from 'openapi-backend';

/** The prebuilt file's name, in dist/. */
export const PREBUILT_SPECS_FILE = 'prebuilt-specs.json';

export interface PrebuiltSpec {
  /** sha256 of the YAML text this document was parsed from. */
  sha256: string;
  document: Document;
}

export type PrebuiltSpecs = Record<string, PrebuiltSpec>;

export function yamlDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The YAML parser, loaded only when a spec has no usable prebuilt form (running from src/). */
export function parseSpecYaml(text: string): Document {
  const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return parse(text) as Document;
}

/** What the build writes: every spec parsed from its YAML, with the YAML's digest. */
export function buildPrebuiltSpecs(yamlTexts: Record<string, string>): PrebuiltSpecs {
  return Object.fromEntries(Object.entries(yamlTexts).map(([name, text]) => [name, { sha256: yamlDigest(text), document: parseSpecYaml(text) }]));
}

/** Reads a prebuilt file; undefined when there is none (sources run through tsx). */
export function readPrebuiltSpecs(file: string): PrebuiltSpecs | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as PrebuiltSpecs;
}

/** The spec parsed from this YAML text: the prebuilt one when it was built from the same text. */
export function specFromYaml(name: string, text: string, prebuilt: PrebuiltSpecs | undefined): Document {
  const entry = prebuilt?.[name];
  return entry && entry.sha256 === yamlDigest(text) ? entry.document : parseSpecYaml(text);
}
