// The config file (--config FILE, SANDBOX_CONFIG): tenants, admin token and limits, validated
// against the published sandbox.config.schema.json. Its values sit between the defaults and the
// environment: defaults < config file < environment variables < flags.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import type { TenantConfig } from './auth.js';
import { OptionsError, resolveOptions, type SandboxOptions } from './options.js';
import { packagePath } from './package-files.js';

/** The JSON Schema of the config file, shipped at the package root (src/ and dist/ are one level down). */
export const CONFIG_SCHEMA_PATH = packagePath('sandbox.config.schema.json');

export interface ConfigFile {
  tenants?: TenantConfig[];
  adminToken?: string;
  defaultWorkspace?: number;
  unknownParameters?: SandboxOptions['unknownParameters'];
  limits?: Partial<Pick<SandboxOptions, 'bodyLimitBytes' | 'requestTimeoutMs' | 'journalSize' | 'corsOrigins'>>;
}

/** A config file that cannot be read, parsed or validated; the message names the file and the problem. */
export class ConfigFileError extends OptionsError {
  override name = 'ConfigFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`config file ${file}: ${problem}`);
  }
}

let compiled: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null | undefined } | undefined;

function validator() {
  compiled ??= new Ajv2020({ allErrors: false, strict: true }).compile(JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')) as object);
  return compiled;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === '' ? 'the top level' : e.instancePath;
  if (e.keyword === 'additionalProperties') return `${where} has an unknown property '${String(e.params.additionalProperty)}'`;
  if (e.keyword === 'required') return `${where} is missing the property '${String(e.params.missingProperty)}'`;
  return `${where} ${e.message ?? 'is invalid'}`;
}

/** The first problem of a parsed config, or null when it is valid. Checks what the schema cannot say. */
export function findConfigProblem(data: unknown): string | null {
  const validate = validator();
  if (!validate(data)) {
    const e = validate.errors?.[0];
    return e ? describe(e) : 'is not a valid config';
  }
  const config = data as ConfigFile;
  const names = new Set<string>();
  const owners = new Map<string, string>();
  for (const [i, t] of (config.tenants ?? []).entries()) {
    if (names.has(t.name)) return `/tenants/${i}/name '${t.name}' is used by two tenants`;
    names.add(t.name);
    for (const token of t.tokens) {
      // The token itself stays out of the message: messages end up in logs.
      const owner = owners.get(token);
      if (owner !== undefined) return `/tenants/${i}/tokens: a token of tenant '${t.name}' is also a token of tenant '${owner}'`;
      owners.set(token, t.name);
    }
  }
  return null;
}

/** The options a config file sets (only those it sets). */
export function optionsFromConfig(config: ConfigFile): Partial<SandboxOptions> {
  const out: Partial<SandboxOptions> = { ...config.limits };
  if (config.tenants) out.tenants = config.tenants.map((t) => ({ name: t.name, tokens: [...t.tokens], workspaces: [...(t.workspaces ?? [])], inboxes: [...(t.inboxes ?? [])] }));
  if (config.adminToken !== undefined) out.adminToken = config.adminToken;
  if (config.defaultWorkspace !== undefined) out.defaultWorkspace = config.defaultWorkspace;
  if (config.unknownParameters !== undefined) out.unknownParameters = config.unknownParameters;
  return out;
}

/** Reads and validates a config file; throws a ConfigFileError naming the file and the first problem. */
export async function loadConfigFile(file: string): Promise<Partial<SandboxOptions>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigFileError(file, `cannot be read (${(error as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(file, `is not valid JSON (${(error as Error).message})`);
  }
  const problem = findConfigProblem(data);
  if (problem) throw new ConfigFileError(file, `does not match sandbox.config.schema.json: ${problem}`);
  return optionsFromConfig(data as ConfigFile);
}

/**
 * resolveOptions with the config file named by --config or SANDBOX_CONFIG read in.
 * @example const options = await resolveOptionsWithConfig({ flags: { config: 'sandbox.config.json' }, env: process.env });
 */
export async function resolveOptionsWithConfig(input: { flags?: Record<string, unknown>; env?: Record<string, string | undefined> }): Promise<SandboxOptions> {
  const first = resolveOptions(input);
  if (first.config === undefined || first.config === '') return first;
  return resolveOptions({ ...input, fromConfig: await loadConfigFile(first.config) });
}
