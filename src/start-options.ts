// startSandbox()'s options -> SandboxOptions through the same resolver and checks as the CLI's
// flags (a bad adminPrefix, journalSize -1 or a missing config file are errors here too). The
// environment is not read: an in-process sandbox is configured by its caller alone.
import type { Logger } from 'pino';
import type { FileLayer } from './store/file-layer.js';
import { findConfigProblem, loadConfigFile, optionsFromConfig } from './config-file.js';
import { replayInMemory } from './open-data.js';
import { OPTION_TABLE, OptionsError, resolveOptions, type SandboxOptions } from './options.js';

/**
 * Options of startSandbox(): the CLI's options by their names (checked the same way), plus a
 * logger. The CLI's long flag names in camelCase are accepted too: `bodyLimit` for
 * `bodyLimitBytes`, `requestTimeout`, `databaseTimeout`, `cors`.
 */
export interface StartOptions extends Partial<SandboxOptions> {
  /** A pino logger to use instead of one built from logLevel (silent by default in-process). */
  logger?: Logger;
  /** Same as bodyLimitBytes (the CLI's `--body-limit`). */
  bodyLimit?: number;
  /** Same as requestTimeoutMs (the CLI's `--request-timeout`). */
  requestTimeout?: number;
  /** Same as databaseTimeoutMs (the CLI's `--database-timeout`). */
  databaseTimeout?: number;
  /** Same as corsOrigins (the CLI's `--cors`). */
  cors?: string[];
}

/** What this repository's own tests may add; not part of the package's declarations. */
export interface InternalStartOptions extends StartOptions {
  /** The file operations the store writes through (tests fail them on purpose). */
  files?: FileLayer;
}

/** `--body-limit <bytes>` -> `bodyLimit`: commander's attribute name for the flag. */
const camelCaseOfFlag = (flag: string) => (flag.split(' ')[0] ?? '').replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

const TABLE_KEYS = new Set<string>(OPTION_TABLE.map((o) => o.key));
/** The CLI's name in camelCase -> the option's key, where the two differ. */
const FLAG_NAMES = new Map(OPTION_TABLE.map((o) => [camelCaseOfFlag(o.flag), o.key] as const).filter(([name, key]) => name !== key));
const OTHER_KEYS = new Set(['tenants', 'cursorSecret', 'logger', 'files']);
const PUBLIC_NAMES = [...TABLE_KEYS, ...FLAG_NAMES.keys(), 'tenants', 'cursorSecret', 'logger'];

/** In-process defaults differ from the CLI's: any free port, no log, and memory unless a data file is named. */
export function inProcessDefaults(options: StartOptions): Partial<SandboxOptions> {
  return { port: 0, logLevel: 'silent', inMemory: options.data === undefined };
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** The known name nearest to a mistyped one, ignoring case, or undefined when none is near. */
export function closestOptionName(name: string): string | undefined {
  const ranked = PUBLIC_NAMES.map((known) => ({ known, d: editDistance(name.toLowerCase(), known.toLowerCase()) })).sort((x, y) => x.d - y.d);
  const best = ranked[0];
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.known : undefined;
}

function unknownOption(key: string): OptionsError {
  const near = closestOptionName(key);
  return new OptionsError(`unknown option '${key}'${near ? ` (did you mean ${near}?)` : ''}; the options are the CLI's (thread-sandbox serve --help) in camelCase, plus tenants, cursorSecret and logger`);
}

export async function resolveStartOptions(options: InternalStartOptions, defaults: Partial<SandboxOptions> = inProcessDefaults(options)): Promise<SandboxOptions> {
  const flags: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const key = FLAG_NAMES.get(name) ?? name;
    if (key !== name && (options as Record<string, unknown>)[key] !== undefined) throw new OptionsError(`options ${name} and ${key} are the same option: give one`);
    if (TABLE_KEYS.has(key)) flags[key] = value;
    else if (!OTHER_KEYS.has(key)) throw unknownOption(name);
  }
  const fromConfig: Partial<SandboxOptions> = { ...defaults };
  if (typeof options.config === 'string' && options.config !== '') Object.assign(fromConfig, await loadConfigFile(options.config));
  if (options.tenants !== undefined) {
    const problem = findConfigProblem({ tenants: options.tenants });
    if (problem) throw new OptionsError(`option tenants: ${problem}`);
    // As from a config file: a tenant may leave out the workspaces or the inboxes it does not own.
    fromConfig.tenants = optionsFromConfig({ tenants: options.tenants }).tenants;
  }
  if (options.cursorSecret !== undefined) {
    if (typeof options.cursorSecret !== 'string' || options.cursorSecret === '') throw new OptionsError('option cursorSecret must be a non-empty string');
    fromConfig.cursorSecret = options.cursorSecret;
  }
  return replayInMemory(resolveOptions({ flags, fromConfig, flagSource: 'option' }), typeof options.data === 'string' ? options.data : undefined);
}
