// openapi-backend checks documents against the OpenAPI 3.0 schema and compiles with Ajv draft-07,
// which rejects 3.1 (`type: [string, "null"]`) and, outside strict mode, silently routes nothing.
// So: stay strict, skip the 3.0 check (specs are linted with @redocly/cli in npm test instead) and
// hand it an Ajv 2020 instance with the OpenAPI integer formats added back.
import { OpenAPIBackend, type Document, type Handler } from 'openapi-backend';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Options as AjvOptions } from 'ajv';

/** The path of a spec's first server ('' for the root): its paths are relative to it. */
export function serverPath(definition: Document): string {
  const url = (definition.servers ?? [])[0]?.url ?? '/';
  return new URL(url, 'http://localhost').pathname.replace(/\/+$/, '');
}

/**
 * Whether openapi-backend's router would take a path for another one. With the root as apiRoot,
 * openapi-backend 5.20 folds a leading '//' into '/' (5.21 stopped doing so), so '//v1/threads'
 * would match GET /v1/threads. No spec path starts with an empty segment: no operation owns it.
 */
export function routerFoldsPath(path: string): boolean {
  return path.startsWith('//');
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const INT32 = 2 ** 31;
const INT64 = 2 ** 63;

class OpenAPI31Backend extends OpenAPIBackend {
  override validateDefinition(): Document {
    return this.definition;
  }
}

function ajv2020(_given: unknown, options: AjvOptions): Ajv2020 {
  // validateSchema off: each Ajv instance would otherwise compile the 2020-12 meta-schema to check
  // the spec's schemas, and openapi-backend makes one instance per validator (bench/README.md,
  // startup). The specs are linted by @redocly/cli in npm test instead.
  const ajv = new Ajv2020({ ...options, strict: false, allErrors: false, validateSchema: false });
  addFormats(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32 });
  // 2^63 - 1 is 2^63 once a number: the exact int64 range of query and path values is checked on
  // their text (integers.ts), a body's numbers are bounded by their schemas' own maximum.
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -INT64 && n <= INT64 });
  ajv.addKeyword('example');
  return ajv;
}

export interface BackendSetup {
  definition: Document;
  handlers: Record<string, Handler>;
  securityHandlers: Record<string, Handler>;
  /**
   * Compile each operation's validators on its first use instead of at init: openapi-backend
   * builds one Ajv instance per validator, and an API with many operations (the control plane)
   * would pay for all of them at every start. Uses openapi-backend's `quick` mode.
   */
  lazy?: boolean;
}

/** One initialized backend per spec: routes, validates (coercing query and path values, filling defaults). */
export async function createBackend(setup: BackendSetup): Promise<OpenAPIBackend> {
  const api = new OpenAPI31Backend({
    definition: setup.definition,
    // The spec's paths are relative to its server's path (the root for every spec here).
    apiRoot: serverPath(setup.definition) || '/',
    strict: true,
    quick: setup.lazy ?? false,
    validate: true,
    coerceTypes: true,
    ajvOpts: { useDefaults: true },
    customizeAjv: ajv2020 as never,
  });
  for (const [name, handler] of Object.entries(setup.securityHandlers)) api.registerSecurityHandler(name, handler);
  api.register(setup.handlers);
  await api.init();
  return api;
}
