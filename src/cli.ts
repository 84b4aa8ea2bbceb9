#!/usr/bin/env node
// The bin: parse argv and the environment, build, listen. The only file that calls process.exit.
// What a command needs is imported when it runs: --help, --version and a mistyped flag answer
// without loading express, openapi-backend or faker.
import { setFlagsFromString } from 'node:v8';
import { Command, CommanderError, Option } from 'commander';
import { EXIT_CANNOT_RUN, EXIT_CONTRACT_BROKEN, EXIT_OK, EXIT_STATUS_HELP } from './exit-codes.js';
import { stopWhenParentGoes } from './parent-watch.js';
import { DEFAULTS, OPTION_TABLE, OptionsError, resolveOptions, type OptionSpec, type SandboxOptions } from './options.js';
import { DataFileError } from './store/durable-json-file.js';
import { proxyCommand } from './proxy/command.js';
import { VERSION } from './version.js';
import { verifyCommand } from './verify/command.js';
import { formatTally } from './control/violations.js';

const HINT = "(thread-sandbox --help shows the commands, thread-sandbox serve --help every option)";

const program = new Command('thread-sandbox')
  .description('Offline sandbox for the Execution Threads v1 and Agentry Threads v0 APIs, driven by their OpenAPI specs')
  .version(VERSION, '-V, --version', 'print the version')
  .showHelpAfterError(HINT)
  .addHelpText(
    'after',
    `
Serve both APIs and the control plane (serve is the default command):
  thread-sandbox                           bundled fixtures on http://127.0.0.1:8160, data in ./data/db.json
  thread-sandbox --port 9000 --in-memory   another port, nothing written
  thread-sandbox --seed 42 --execution-threads 5000 --threads 500 --reset-data
                                           generated data, replacing the data file
  thread-sandbox serve --help              every option and its environment variable
Then open http://127.0.0.1:8160/docs.

${EXIT_STATUS_HELP}`,
  );

/**
 * The default as --help shows it. Not commander's .default(): a default set there would arrive as
 * a flag and hide the environment variable and the config file.
 */
function defaultText(spec: OptionSpec): string {
  const value: unknown = DEFAULTS[spec.key];
  if (spec.description.includes('default')) return '';
  if (value === undefined) return ' (default: none)';
  if (typeof value === 'boolean') return value ? ' (default: on)' : ' (default: off)';
  if (Array.isArray(value)) return value.length === 0 ? ' (default: none)' : ` (default: ${value.join(',')})`;
  return ` (default: ${String(value)})`;
}

function addServeOptions(cmd: Command, keys?: readonly (keyof SandboxOptions)[]): Command {
  for (const spec of OPTION_TABLE) {
    if (keys && !keys.includes(spec.key)) continue;
    cmd.addOption(new Option(spec.flag, `${spec.description}${defaultText(spec)} [env ${spec.env}]`));
  }
  return cmd;
}

/** commander names attributes after the flag (--in-memory -> inMemory); map them to option keys. */
function flagValues(cmd: Command): Record<string, unknown> {
  const raw = cmd.opts();
  const out: Record<string, unknown> = {};
  for (const spec of OPTION_TABLE) {
    const attr = new Option(spec.flag).attributeName();
    if (raw[attr] !== undefined) out[spec.key] = raw[attr];
  }
  return out;
}

/**
 * A value the parser accepted but the options refuse (`serve --port abc`, a bad config file) is a
 * usage error like an unknown flag: one line, the hint, exit 2. A data file that holds other data
 * than asked is not: its message lists the ways out itself.
 */
function usageErrorOr(cmd: Command, error: unknown): never {
  if (error instanceof OptionsError && error.name !== 'DataConflictError') {
    cmd.error(`thread-sandbox: ${error.message}`, { exitCode: EXIT_CANNOT_RUN, code: 'thread-sandbox.invalidOption' });
  }
  fail(error);
}

function fail(error: unknown): never {
  // Commander's own exits (help, version, usage errors) arrive here through exitOverride; it has
  // printed what it had to say.
  if (error instanceof CommanderError) process.exit(error.exitCode === EXIT_OK ? EXIT_OK : EXIT_CANNOT_RUN);
  // sandbox.js is loaded when serve runs: the class is recognised by its name.
  if (error instanceof OptionsError && error.name === 'PortInUseError') {
    const { port, host } = error as OptionsError & { port: number; host: string };
    process.stderr.write(`thread-sandbox: port ${port} on ${host} is already in use; pick another with --port or PORT (0 picks a free one)\n`);
    process.exit(EXIT_CANNOT_RUN);
  }
  if (error instanceof DataFileError || error instanceof OptionsError) {
    process.stderr.write(`thread-sandbox: ${error.message}\n`);
    process.exit(EXIT_CANNOT_RUN);
  }
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE') {
    process.stderr.write(`thread-sandbox: port already in use (${e.message}); pick another with --port or PORT\n`);
    process.exit(EXIT_CANNOT_RUN);
  }
  process.stderr.write(`thread-sandbox: ${e?.message ?? String(error)}\n`);
  process.exit(EXIT_CANNOT_RUN);
}

/**
 * Heap growth is a process-wide choice, so it is made here and not in startSandbox. With a large
 * dataset (100,000 threads are about 180 MB live) V8's default growth let a busy server's garbage
 * pile up past 800 MB before a full collection; growing the heap by a third at a time keeps it
 * under 400 MB (W1 at 100,000 rows: 358 MB and 8% more CPU than with 50%, which peaked at 382-480
 * MB). With a small dataset the limit only costs CPU (about 7% per request at 1,000 rows) and p99
 * latency, so it is lifted. bench/README.md has the measurements.
 */
const LIMITED_HEAP_GROWTH = '--heap-growing-percent=35';
const DEFAULT_HEAP_GROWTH = '--heap-growing-percent=0';
const LARGE_HEAP_BYTES = 128 * 1024 * 1024;

const serve = program.command('serve', { isDefault: true }).description('serve both APIs and the control plane (the default command)').allowExcessArguments();
addServeOptions(serve)
  .option('--fail-on-violations', 'at stop, print a summary of the requests that broke the API contract and exit 1 if there were any (default: off) [env SANDBOX_FAIL_ON_VIOLATIONS]')
  .addHelpText('after', `\n${EXIT_STATUS_HELP}`)
  .action(async (_opts, cmd: Command) => {
  // serve is the default command: a mistyped command arrives here as an argument.
  if (cmd.args.length > 0) cmd.error(`error: unknown command '${cmd.args[0]}' (the commands are serve, seed, verify and proxy)`);
  try {
    // Limited while the data loads (the limit must be in place before the heap grows), lifted
    // again when the data turned out small.
    setFlagsFromString(LIMITED_HEAP_GROWTH);
    const [{ resolveOptionsWithConfig }, { replayInMemory }, { createLogger }, { serveSandbox }, { bannerFields, formatBanner }] = await Promise.all([
      import('./config-file.js'),
      import('./open-data.js'),
      import('./logger.js'),
      import('./sandbox.js'),
      import('./banner.js'),
    ]);
    const flags = flagValues(cmd);
    const options = await resolveOptionsWithConfig({ flags, env: process.env })
      .then((resolved) => replayInMemory(resolved, typeof flags.data === 'string' ? flags.data : undefined))
      .catch((error: unknown) => usageErrorOr(cmd, error));
    const log = createLogger(options.logLevel);
    const failOnViolations = cmd.opts().failOnViolations === true || /^(1|true|yes|on)$/i.test(process.env.SANDBOX_FAIL_ON_VIOLATIONS ?? '');
    const sandbox = await serveSandbox(options, log);
    if (process.memoryUsage().heapUsed < LARGE_HEAP_BYTES) setFlagsFromString(DEFAULT_HEAP_GROWTH);
    // A banner for the person at a terminal; off a terminal (containers, CI) every line stays JSON,
    // so the same facts go out as the fields of the listening line. Quieter levels than info keep
    // that one line (at info, whatever the level): with --port 0 it is the only way to the port.
    const started = { version: VERSION, url: sandbox.url, options, data: sandbox.data };
    if (options.logLevel !== 'silent') {
      const listening = `thread-sandbox listening on ${sandbox.url}`;
      if (!process.stdout.isTTY) log.child({}, { level: 'info' }).info(bannerFields(started), listening);
      else process.stdout.write(log.isLevelEnabled('info') ? formatBanner(started) : `thread-sandbox ${VERSION} listening on ${sandbox.url}\n`);
    }
    // Once: Ctrl+C under npx brings SIGINT from the terminal and SIGTERM from parent-watch.ts.
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping: finishing in-flight requests and pending writes');
      sandbox.stop().then(
        () => {
          if (!failOnViolations) process.exit(EXIT_OK);
          const tally = sandbox.services.violations.tally();
          process.stderr.write(`thread-sandbox: ${formatTally(tally)}\n`, () => process.exit(tally.total > 0 ? EXIT_CONTRACT_BROKEN : EXIT_OK));
        },
        (error: unknown) => fail(error),
      );
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } catch (error) {
    fail(error);
  }
});

addServeOptions(
  program.command('seed').description('write a generated database to a file without serving').requiredOption('--out <file>', 'where to write the database'),
  ['seed', 'executionThreads', 'threads'],
).action(async (_opts, cmd: Command) => {
  try {
    const [{ loadFake }, { progressBar }, { writeFileAtomic }] = await Promise.all([import('./fake-loader.js'), import('./progress.js'), import('./store/atomic-file.js')]);
    const { generateDatabase } = await loadFake();
    let options: SandboxOptions;
    try {
      options = resolveOptions({ flags: { seed: 1, ...flagValues(cmd) }, env: process.env });
    } catch (error) {
      usageErrorOr(cmd, error);
    }
    const out = String(cmd.opts().out);
    const progress = progressBar('generating', options.executionThreads + options.threads);
    const db = generateDatabase(options.seed ?? 1, options, (done) => progress.update(done));
    progress.stop();
    await writeFileAtomic(out, JSON.stringify(db));
    process.stderr.write(`wrote ${out}: ${db.executionThreads.length} execution threads, ${db.threads.length} threads (seed ${options.seed ?? 1})\n`);
  } catch (error) {
    fail(error);
  }
});

// Exit only once the report is flushed (stdout may be a pipe).
program.addCommand(verifyCommand((code) => process.stdout.write('', () => process.exit(code))));
program.addCommand(proxyCommand((code) => process.stdout.write('', () => process.exit(code))));

// Usage errors exit 2, not commander's 1: exitOverride turns its exits into CommanderErrors, which
// fail() maps. Commands added with addCommand inherit no settings, so each gets them here.
program.exitOverride();
for (const cmd of program.commands) {
  cmd.exitOverride();
  if (cmd.name() === 'verify' || cmd.name() === 'proxy') {
    cmd.showHelpAfterError(`(thread-sandbox ${cmd.name()} --help shows every option)`).addHelpText('after', `\n${EXIT_STATUS_HELP}`);
  }
}

stopWhenParentGoes();
program.parseAsync(process.argv).catch(fail);
