// The build writes the specs parsed to JSON so a start skips the YAML parser; the YAML stays the
// source of truth. These tests keep the two from drifting apart: the prebuilt form is what the
// YAML gives, and a prebuilt entry whose YAML changed since the build is ignored.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { buildPrebuiltSpecs, PREBUILT_SPECS_FILE, readPrebuiltSpecs, specFromYaml } from '../../src/openapi/prebuilt-specs.js';
import { loadSpec, SPEC_FILES, specPath, type SpecName } from '../../src/openapi/specs.js';

const NAMES = Object.keys(SPEC_FILES) as SpecName[];
const yamlTexts = () => Object.fromEntries(NAMES.map((name) => [name, readFileSync(specPath(name), 'utf8')]));
const BUILT = fileURLToPath(new URL(`../../dist/${PREBUILT_SPECS_FILE}`, import.meta.url));

describe('prebuilt specs', () => {
  it('hold, for every spec, exactly what its YAML parses to (through JSON, as the build writes them)', () => {
    const texts = yamlTexts();
    const built = JSON.parse(JSON.stringify(buildPrebuiltSpecs(texts))) as ReturnType<typeof buildPrebuiltSpecs>;
    assert.deepEqual(Object.keys(built).sort(), [...NAMES].sort());
    for (const name of NAMES) assert.deepEqual(built[name]?.document, parse(texts[name] as string), name);
  });

  it('are used only for the YAML text they were built from: an edited spec is parsed again', () => {
    const texts = yamlTexts();
    const built = buildPrebuiltSpecs(texts);
    const stale = { ...built, v1: { ...built.v1!, document: { openapi: '3.1.0', info: { title: 'stale', version: '0' }, paths: {} } } };
    // Same text: the prebuilt document is taken as it is (here the planted one, to tell them apart).
    assert.equal(specFromYaml('v1', texts.v1 as string, stale), stale.v1.document);
    // Edited text: the YAML wins.
    const edited = (texts.v1 as string).replace(/title: .*/, 'title: Edited after the build');
    assert.equal((specFromYaml('v1', edited, stale).info as { title: string }).title, 'Edited after the build');
    // No prebuilt file (running the sources): the YAML.
    assert.deepEqual(specFromYaml('v1', texts.v1 as string, undefined), parse(texts.v1 as string));
  });

  it('served by loadSpec equal the YAML, from the sources and from the build', () => {
    for (const name of NAMES) assert.deepEqual(loadSpec(name), parse(readFileSync(specPath(name), 'utf8')), name);
    // The build's file, when there is one (npm ci builds it): its documents are the YAML's.
    const fromDist = readPrebuiltSpecs(BUILT);
    if (!existsSync(BUILT) || !fromDist) return;
    for (const name of NAMES) assert.deepEqual(specFromYaml(name, readFileSync(specPath(name), 'utf8'), fromDist), parse(readFileSync(specPath(name), 'utf8')), name);
  });
});
