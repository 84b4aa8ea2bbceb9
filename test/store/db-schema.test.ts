// fixtures/database.schema.json is the one source of the data file's rules: it must be a valid
// JSON Schema 2020-12 document, and what is generated from it must say the same.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';

const schema = JSON.parse(readFileSync(new URL('../../fixtures/database.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;

test('the database schema is a valid JSON Schema 2020-12 document', () => {
  const ajv = new Ajv2020({ strict: true });
  ajv.addFormat('timestamp', () => true);
  assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
  assert.equal(ajv.validateSchema({ ...schema, properties: { schemaVersion: { type: 'integr' } } }), false, 'a broken schema is caught');
});
