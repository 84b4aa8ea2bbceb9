// Part of `npm run build`: writes dist/prebuilt-specs.json, every spec parsed from its YAML
// by the built code itself (src/openapi/prebuilt-specs.ts says why).
import { readFileSync, writeFileSync } from 'node:fs';
import { buildPrebuiltSpecs, PREBUILT_SPECS_FILE } from '../dist/openapi/prebuilt-specs.js';
import { SPEC_FILES, specPath } from '../dist/openapi/specs.js';

const texts = Object.fromEntries(Object.keys(SPEC_FILES).map((name) => [name, readFileSync(specPath(name), 'utf8')]));
writeFileSync(new URL(`../dist/${PREBUILT_SPECS_FILE}`, import.meta.url), JSON.stringify(buildPrebuiltSpecs(texts)));
