// `thread-sandbox verify`: flags -> VerifyOptions, run, print, write JUnit. Exit status 0 when
// every check passed, 1 when one failed, 2 when the target is unreachable or not these APIs.
// The caller (cli.ts) owns process.exit.
import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT_CANNOT_RUN } from '../exit-codes.js';
import { progressLine } from './progress.js';
import { VERIFY_DEFAULTS } from './defaults.js';
import { TargetError } from './target-probe.js';

export const EXIT_TARGET = EXIT_CANNOT_RUN;

function integer(min: number, max: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

function workspaceList(text: string): number[] {
  return text.split(',').map((part) => integer(-1, Number.MAX_SAFE_INTEGER)(part));
}

export function verifyCommand(exit: (code: number) => void): Command {
  return new Command('verify')
    .description('check a live server against the specs (read-only: sends only GET requests)')
    .requiredOption('--target <url>', 'base URL of the server to verify, e.g. http://localhost:8160')
    .addOption(new Option('--api <api>', 'which API to verify').choices(['v1', 'v0', 'all']).default(VERIFY_DEFAULTS.api))
    .addOption(new Option('--api-token <token>', 'Api-Token header for v1').env('VERIFY_API_TOKEN').default(VERIFY_DEFAULTS.apiToken))
    .addOption(new Option('--bearer <token>', 'bearer token for v0').env('VERIFY_BEARER').default(VERIFY_DEFAULTS.bearer))
    .option('--report <file>', 'also write the results as JUnit XML to this file')
    .option('--seed <n>', 'seed for the generated cases (default: random, printed in the report)', integer(0, 2 ** 32 - 1))
    .option('--max-requests <n>', 'stop sending after this many requests (later checks are skipped)', integer(1, 10_000_000), VERIFY_DEFAULTS.maxRequests)
    .option('--max-pages <n>', 'pages one v0 cursor walk may take before it stops', integer(1, 100_000), VERIFY_DEFAULTS.maxPages)
    .option('--timeout <ms>', 'time to wait for each answer', integer(1, 600_000), VERIFY_DEFAULTS.timeoutMs)
    .option('--workspaces <ids>', 'comma-separated v1 workspaces to look for data in', workspaceList, [...VERIFY_DEFAULTS.workspaces])
    .action(async (opts: Record<string, unknown>) => {
      const progress = progressLine(process.stderr);
      // Loaded when a verification runs: the verifier brings openapi-backend and the specs.
      const [{ exitCodeOf, runVerification }, { formatReport }, { formatJunit }] = await Promise.all([import('./runner.js'), import('./report-text.js'), import('./report-junit.js')]);
      try {
        const run = await runVerification({
          target: String(opts.target),
          api: opts.api as 'v1' | 'v0' | 'all',
          apiToken: String(opts.apiToken),
          bearer: String(opts.bearer),
          seed: (opts.seed as number | undefined) ?? Math.floor(Math.random() * 2 ** 32),
          maxRequests: opts.maxRequests as number,
          maxPages: opts.maxPages as number,
          timeoutMs: opts.timeout as number,
          workspaces: opts.workspaces as number[],
          events: progress,
        });
        progress.done();
        process.stdout.write(formatReport(run));
        if (opts.report) await writeFile(String(opts.report), formatJunit(run));
        exit(exitCodeOf(run));
      } catch (error) {
        progress.done();
        if (!(error instanceof TargetError)) throw error;
        process.stderr.write(`thread-sandbox verify: ${error.message}\n`);
        exit(EXIT_TARGET);
      }
    });
}
