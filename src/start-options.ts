// startSandbox()'s options -> SandboxOptions through the same resolver and checks as the CLI's
// flags (a bad adminPrefix, journalSize -1 or a missing config file are errors here too). The
// environment is not read: an in-process sandbox is configured by its caller alone.
import type { Logger } from 'pino';
import type { FileLayer } from './store/file-layer.js';
import { findConfigProblem, loadConfigFile } from './config-file.js';
import { OPTION_TABLE, OptionsError, resolveOptions, type SandboxOptions } from './options.js';

/** Options of startSandbox(): the CLI's options by their names (checked the same way), plus a logger. */
export interface StartOptions extends Partial<SandboxOptions> {
  /** A pino logger to use instead of one built from logLevel (silent by default in-process). */
  logger?: Logger;
  /** @internal The file operations the store writes through (tests fail them on purpose). */
  files?: FileLayer;
}

const TABLE_KEYS = new Set<string>(OPTION_TABLE.map((o) => o.key));
const OTHER_KEYS = new Set(['tenants', 'cursorSecret', 'logger', 'files']);

/** In-process defaults differ from the CLI's: any free port, no log, and memory unless a data file is named. */
export function inProcessDefaults(options: StartOptions): Partial<SandboxOptions> {
  return { port: 0, logLevel: 'silent', inMemory: options.data === undefined };
}

export async function resolveStartOptions(options: StartOptions, defaults: Partial<SandboxOptions> = inProcessDefaults(options)): Promise<SandboxOptions> {
  const flags: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (TABLE_KEYS.has(key)) flags[key] = value;
    else if (!OTHER_KEYS.has(key)) throw new OptionsError(`unknown option '${key}'`);
  }
  const fromConfig: Partial<SandboxOptions> = { ...defaults };
  if (typeof options.config === 'string' && options.config !== '') Object.assign(fromConfig, await loadConfigFile(options.config));
  if (options.tenants !== undefined) {
    const problem = findConfigProblem({ tenants: options.tenants });
    if (problem) throw new OptionsError(`option tenants: ${problem}`);
    fromConfig.tenants = options.tenants;
  }
  if (options.cursorSecret !== undefined) {
    if (typeof options.cursorSecret !== 'string' || options.cursorSecret === '') throw new OptionsError('option cursorSecret must be a non-empty string');
    fromConfig.cursorSecret = options.cursorSecret;
  }
  return resolveOptions({ flags, fromConfig, flagSource: 'option' });
}
