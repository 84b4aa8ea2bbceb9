// Flags, environment variables and defaults -> SandboxOptions. Pure: cli.ts feeds it argv and
// process.env, tests feed it literals. One table drives the CLI's --help and the README's list.
import type { TenantConfig } from './auth.js';

/** What a query parameter the operation does not define gets: served and reported, or a 400. */
export const UNKNOWN_PARAMETER_MODES = ['report', 'error'] as const;
export type UnknownParametersMode = (typeof UNKNOWN_PARAMETER_MODES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** pino's levels, quietest last. */
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface SandboxOptions {
  port: number;
  host: string;
  /** Database file; ignored when inMemory or with a store URL. */
  data: string;
  /** A postgres:// URL: state lives in PostgreSQL, shared by every replica on it. */
  store?: string | undefined;
  /** Longest wait for the database (connection, statement), ms. */
  databaseTimeoutMs: number;
  inMemory: boolean;
  /** Replace an existing data file with the fixtures or the seeded data at start. */
  resetData: boolean;
  /** Fixture file used to create the database (and by reset); the bundled default when absent. */
  fixtures?: string | undefined;
  /** Generate the data from this seed instead of loading fixtures. */
  seed?: number | undefined;
  executionThreads: number;
  threads: number;
  defaultWorkspace: number;
  logLevel: LogLevel;
  adminToken?: string | undefined;
  adminPrefix: string;
  config?: string | undefined;
  journalSize: number;
  /** Most records of each kind a reset or seed request may ask for. */
  maxRecords: number;
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  /** Origins allowed by CORS on the two APIs; never the control plane. */
  corsOrigins: string[];
  /** Origins (never '*') whose pages may call the control plane, besides the sandbox's own. */
  controlPlaneCorsOrigins: string[];
  validateResponses: boolean;
  /** A query parameter the operation does not define: `report` (served, a violation) or `error` (a 400 too). */
  unknownParameters: UnknownParametersMode;
  /** Key that signs v0 page tokens. Fixed by default so the same data gives the same bytes. */
  cursorSecret: string;
  tenants: TenantConfig[];
}

export const DEFAULTS: SandboxOptions = {
  port: 8160,
  host: '127.0.0.1',
  data: './data/db.json',
  inMemory: false,
  databaseTimeoutMs: 5000,
  resetData: false,
  executionThreads: 1000,
  threads: 1000,
  defaultWorkspace: 1,
  logLevel: 'info',
  adminPrefix: '/__sandbox',
  journalSize: 1000,
  maxRecords: 200_000,
  bodyLimitBytes: 1024 * 1024,
  requestTimeoutMs: 30_000,
  corsOrigins: [],
  controlPlaneCorsOrigins: [],
  validateResponses: false,
  unknownParameters: 'report',
  cursorSecret: 'thread-sandbox',
  tenants: [],
};

type Kind = 'int' | 'string' | 'bool' | 'list';

export interface OptionSpec {
  key: keyof SandboxOptions;
  flag: string;
  env: string;
  kind: Kind;
  description: string;
  min?: number;
  max?: number;
}

export const OPTION_TABLE: readonly OptionSpec[] = [
  { key: 'port', flag: '--port <n>', env: 'PORT', kind: 'int', min: 0, max: 65535, description: 'port to listen on (0 picks a free one)' },
  { key: 'host', flag: '--host <addr>', env: 'SANDBOX_HOST', kind: 'string', description: 'address to listen on (the container uses 0.0.0.0)' },
  { key: 'data', flag: '--data <file>', env: 'SANDBOX_DATA', kind: 'string', description: 'database file, created from the fixtures on first start' },
  { key: 'store', flag: '--store <url>', env: 'SANDBOX_STORE', kind: 'string', description: 'postgres://user@host:port/db keeps the state in PostgreSQL, shared by replicas (DATABASE_URL is read too); default: the --data file' },
  { key: 'databaseTimeoutMs', flag: '--database-timeout <ms>', env: 'SANDBOX_DATABASE_TIMEOUT_MS', kind: 'int', min: 100, max: 600_000, description: 'longest wait for PostgreSQL (connect, statement) before answering 503' },
  { key: 'inMemory', flag: '--in-memory', env: 'SANDBOX_IN_MEMORY', kind: 'bool', description: 'keep everything in memory, write no file' },
  { key: 'resetData', flag: '--reset-data', env: 'SANDBOX_RESET_DATA', kind: 'bool', description: 'replace an existing data file with the fixtures or the --seed data' },
  { key: 'fixtures', flag: '--fixtures <file>', env: 'SANDBOX_FIXTURES', kind: 'string', description: 'fixture file to start from (default: the bundled fixtures/default.json)' },
  { key: 'seed', flag: '--seed <n>', env: 'SANDBOX_SEED', kind: 'int', min: 0, max: 2 ** 32 - 1, description: 'generate the data from this seed instead of the fixtures' },
  { key: 'executionThreads', flag: '--execution-threads <count>', env: 'SANDBOX_EXECUTION_THREADS', kind: 'int', min: 0, max: 10_000_000, description: 'execution threads to generate with --seed' },
  { key: 'threads', flag: '--threads <count>', env: 'SANDBOX_THREADS', kind: 'int', min: 0, max: 10_000_000, description: 'Agentry threads to generate with --seed' },
  { key: 'defaultWorkspace', flag: '--default-workspace <id>', env: 'SANDBOX_DEFAULT_WORKSPACE', kind: 'int', min: 0, max: Number.MAX_SAFE_INTEGER, description: 'the workspace that workspaceId=-1 means' },
  { key: 'logLevel', flag: '--log-level <level>', env: 'SANDBOX_LOG_LEVEL', kind: 'string', description: 'fatal, error, warn, info, debug, trace or silent' },
  { key: 'config', flag: '--config <file>', env: 'SANDBOX_CONFIG', kind: 'string', description: 'config file (tenants, admin token, limits), see sandbox.config.schema.json' },
  { key: 'adminToken', flag: '--admin-token <token>', env: 'SANDBOX_ADMIN_TOKEN', kind: 'string', description: 'bearer token the control plane requires' },
  { key: 'adminPrefix', flag: '--admin-prefix <path>', env: 'SANDBOX_ADMIN_PREFIX', kind: 'string', description: 'path prefix of the control plane' },
  { key: 'journalSize', flag: '--journal-size <n>', env: 'SANDBOX_JOURNAL_SIZE', kind: 'int', min: 0, max: 1_000_000, description: 'requests kept in the request journal (and violations), each tenant its own' },
  { key: 'maxRecords', flag: '--max-records <n>', env: 'SANDBOX_MAX_RECORDS', kind: 'int', min: 0, max: 10_000_000, description: 'most execution threads, and most threads, one reset or seed request may ask for' },
  { key: 'bodyLimitBytes', flag: '--body-limit <bytes>', env: 'SANDBOX_BODY_LIMIT', kind: 'int', min: 1, max: 1024 ** 3, description: 'largest JSON body the control plane accepts' },
  { key: 'requestTimeoutMs', flag: '--request-timeout <ms>', env: 'SANDBOX_REQUEST_TIMEOUT_MS', kind: 'int', min: 0, max: 3_600_000, description: 'time a client has to send its request' },
  { key: 'corsOrigins', flag: '--cors <origins>', env: 'SANDBOX_CORS_ORIGINS', kind: 'list', description: 'comma-separated origins allowed by CORS on the two APIs (off when empty; * for any); never the control plane' },
  { key: 'controlPlaneCorsOrigins', flag: '--control-plane-cors <origins>', env: 'SANDBOX_CONTROL_PLANE_CORS_ORIGINS', kind: 'list', description: 'comma-separated origins whose pages may call the control plane (none by default; * is refused)' },
  { key: 'validateResponses', flag: '--validate-responses', env: 'SANDBOX_VALIDATE_RESPONSES', kind: 'bool', description: 'check every response against the spec at run time and log any mismatch' },
  { key: 'unknownParameters', flag: '--unknown-parameters <mode>', env: 'SANDBOX_UNKNOWN_PARAMETERS', kind: 'string', description: 'a query parameter the operation does not define: report (served, listed as a violation) or error (also answered 400)' },
];

export class OptionsError extends Error {
  override name = 'OptionsError';
}

/** Where a value came from, for messages: a flag, an environment variable, or an option of startSandbox(). */
export type OptionSource = 'flag' | 'environment variable' | 'option';

function labelOf(spec: OptionSpec, source: OptionSource): string {
  if (source === 'flag') return `flag ${spec.flag.split(' ')[0]}`;
  if (source === 'option') return `option ${spec.key}`;
  return `environment variable ${spec.env}`;
}

function convert(spec: OptionSpec, raw: unknown, source: OptionSource): unknown {
  const label = labelOf(spec, source);
  switch (spec.kind) {
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (source === 'option') throw new OptionsError(`${label} must be true or false, got ${JSON.stringify(raw)}`);
      if (/^(1|true|yes|on)$/i.test(String(raw))) return true;
      if (/^(0|false|no|off|)$/i.test(String(raw))) return false;
      throw new OptionsError(`${label} must be true or false, got '${String(raw)}'`);
    case 'int': {
      if (source === 'option' && typeof raw !== 'number') throw new OptionsError(`${label} must be an integer, got ${JSON.stringify(raw)}`);
      const text = String(raw).trim();
      const n = Number(text);
      if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(n)) throw new OptionsError(`${label} must be an integer, got '${String(raw)}'`);
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
        throw new OptionsError(`${label} must be between ${spec.min} and ${spec.max}, got ${n}`);
      }
      return n;
    }
    case 'list':
      if (source === 'option' && !(Array.isArray(raw) && raw.every((v) => typeof v === 'string'))) throw new OptionsError(`${label} must be a list of strings, got ${JSON.stringify(raw)}`);
      return Array.isArray(raw) ? raw.map(String) : String(raw).split(',').map((s) => s.trim()).filter(Boolean);
    case 'string':
      if (source === 'option' && typeof raw !== 'string') throw new OptionsError(`${label} must be a string, got ${JSON.stringify(raw)}`);
      return String(raw);
  }
}

/**
 * Merges, lowest first: defaults, the config file's values, environment variables, flags.
 * `flagSource: 'option'` names values in messages as options of startSandbox() (typed values).
 * @example resolveOptions({ flags: { port: '9000', inMemory: true }, env: process.env })
 */
export function resolveOptions(input: {
  flags?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  fromConfig?: Partial<SandboxOptions>;
  flagSource?: 'flag' | 'option';
}): SandboxOptions {
  const out: Record<string, unknown> = { ...DEFAULTS, ...input.fromConfig };
  const given = new Set<string>(Object.keys(input.fromConfig ?? {}));
  for (const spec of OPTION_TABLE) {
    const fromEnv = input.env?.[spec.env];
    if (fromEnv !== undefined && fromEnv !== '') {
      out[spec.key] = convert(spec, fromEnv, 'environment variable');
      given.add(spec.key);
    }
    const fromFlag = input.flags?.[spec.key];
    if (fromFlag !== undefined) {
      out[spec.key] = convert(spec, fromFlag, input.flagSource ?? 'flag');
      given.add(spec.key);
    }
  }
  // DATABASE_URL, the variable hosting platforms set, counts when nothing more specific is given.
  const databaseUrl = input.env?.DATABASE_URL;
  if (out.store === undefined && databaseUrl) out.store = databaseUrl;
  const options = out as unknown as SandboxOptions;
  if (options.store !== undefined && !/^postgres(ql)?:\/\/./i.test(options.store)) {
    throw new OptionsError(`store must be a postgres:// URL (e.g. postgres://user@localhost:5432/sandbox), got '${redactUrl(options.store)}'`);
  }
  // Counts size generated data only: without a seed they would be ignored, silently.
  if (options.seed === undefined && (given.has('executionThreads') || given.has('threads'))) {
    const name = input.flagSource === 'option' ? 'the options executionThreads and threads need the option seed' : '--execution-threads and --threads need --seed';
    throw new OptionsError(`${name}: counts size generated data, and without a seed the fixtures are served`);
  }
  if (!(UNKNOWN_PARAMETER_MODES as readonly string[]).includes(options.unknownParameters)) {
    throw new OptionsError(`unknown parameters must be ${UNKNOWN_PARAMETER_MODES.join(' or ')}, got '${String(options.unknownParameters)}'`);
  }
  if (!LOG_LEVELS.includes(options.logLevel)) throw new OptionsError(`log level must be one of ${LOG_LEVELS.join(', ')}, got '${options.logLevel}'`);
  if (!options.adminPrefix.startsWith('/') || options.adminPrefix.endsWith('/') || options.adminPrefix.length < 2) {
    throw new OptionsError(`admin prefix must start with / and not end with one, got '${options.adminPrefix}'`);
  }
  for (const origin of options.controlPlaneCorsOrigins) {
    if (!isOrigin(origin)) {
      throw new OptionsError(`control-plane CORS origins must each be an origin like http://localhost:3000 (a page that may reset and read every tenant's data: '*' is refused), got '${origin}'`);
    }
  }
  return options;
}

/** `scheme://host[:port]` and nothing more: what a browser sends as Origin. */
function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

/** A URL as it may be shown: without its password. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
