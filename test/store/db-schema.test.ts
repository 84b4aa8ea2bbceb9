// The database schema is compiled without checking it against the JSON Schema meta-schema at every
// start (that check cost more than the validation itself): it is checked here once instead.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { databaseSchema } from '../../src/store/db-schema.js';

test('the database schema is a valid JSON Schema 2020-12 document', () => {
  const ajv = new Ajv2020({ strict: true });
  ajv.addFormat('timestamp', () => true);
  assert.equal(ajv.validateSchema(databaseSchema), true, JSON.stringify(ajv.errors));
  assert.equal(ajv.validateSchema({ ...databaseSchema, properties: { schemaVersion: { type: 'integr' } } }), false, 'a broken schema is caught');
});
