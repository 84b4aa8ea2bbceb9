// `thread-sandbox proxy`: flags -> startProxy, one line per request on stderr, and at SIGINT or
// SIGTERM the recording written and the summary printed. Exit status 0 when no request broke the
// contract, 1 when one did, 2 when the proxy could not do its job (bad --target, port in use, the
// recording cannot be written, checked at start and again at stop). The caller (cli.ts) owns
// process.exit.
import { Command, InvalidArgumentError } from 'commander';
import { EXIT_CANNOT_RUN } from '../exit-codes.js';
import { writeFileAtomic } from '../store/atomic-file.js';
import { PROXY_DEFAULTS } from './defaults.js';
import type { Proxy } from './proxy-server.js';
import { recordTargetProblem } from './record-target.js';
import { exchangeLine, violationLine } from './summary.js';

export const EXIT_PROXY_FAILED = EXIT_CANNOT_RUN;

/** A checked body is held, decoded and parsed whole: past this, one answer would take gigabytes. */
const MAX_CHECK_LIMIT = 256 * 1024 * 1024;

function integer(min: number, max: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

async function stopAndReport(proxy: Proxy, recordTo: string | undefined): Promise<number> {
  await proxy.stop();
  let failed = false;
  if (recordTo !== undefined) {
    try {
      await writeFileAtomic(recordTo, `${JSON.stringify(proxy.recording(), null, 2)}\n`);
    } catch (error) {
      process.stderr.write(`thread-sandbox proxy: could not write the recording to ${recordTo}: ${(error as Error).message}\n`);
      failed = true;
    }
  }
  process.stdout.write(proxy.summary(recordTo !== undefined && !failed ? recordTo : undefined));
  if (failed) return EXIT_PROXY_FAILED;
  return proxy.totals().broken > 0 ? 1 : 0;
}

export function proxyCommand(exit: (code: number) => void): Command {
  return new Command('proxy')
    .description('forward GET requests of both APIs to a real provider, check each request and answer against the specs, optionally record the answers as a data file')
    .requiredOption('--target <url>', 'base URL of the provider, e.g. https://api.example.com')
    .option('--record <file>', 'at stop, write what the provider answered as a data file for `serve --data <file>`')
    .option('--port <n>', 'port to listen on (0 picks a free one)', integer(0, 65535), PROXY_DEFAULTS.port)
    .option('--host <addr>', 'address to listen on', PROXY_DEFAULTS.host)
    .option('--timeout <ms>', 'time to wait for the provider: to connect, for its answer, and for each pause in a body', integer(1, 600_000), PROXY_DEFAULTS.timeoutMs)
    .option('--check-limit <bytes>', 'answers up to this size are checked and recorded; larger ones are passed on unread, marked Sandbox-Contract: unchecked', integer(0, MAX_CHECK_LIMIT), PROXY_DEFAULTS.checkLimit)
    .action(async (opts: { target: string; record?: string; port: number; host: string; timeout: number; checkLimit: number }) => {
      const unwritable = opts.record === undefined ? undefined : await recordTargetProblem(opts.record);
      if (unwritable !== undefined) {
        process.stderr.write(`thread-sandbox proxy: --record ${opts.record} cannot be written: ${unwritable}\n`);
        return exit(EXIT_PROXY_FAILED);
      }
      // Loaded when the command runs: `thread-sandbox --help` stays fast.
      const { startProxy, TargetError } = await import('./proxy-server.js');
      let proxy: Proxy;
      try {
        proxy = await startProxy({
          target: opts.target,
          port: opts.port,
          host: opts.host,
          timeoutMs: opts.timeout,
          checkLimit: opts.checkLimit,
          onExchange: (e) => {
            process.stderr.write(`${exchangeLine(e)}\n`);
            for (const v of e.violations) process.stderr.write(`    ${violationLine(v)}\n`);
          },
        });
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        if (!(error instanceof TargetError) && e?.code !== 'EADDRINUSE') throw error;
        process.stderr.write(`thread-sandbox proxy: ${e.code === 'EADDRINUSE' ? `port already in use (${e.message}); pick another with --port` : e.message}\n`);
        return exit(EXIT_PROXY_FAILED);
      }
      process.stderr.write(`thread-sandbox proxy listening on ${proxy.url}, forwarding GET requests to ${proxy.target}${opts.record ? `, recording to ${opts.record} at stop` : ''}\n`);
      // Once: Ctrl+C under npx brings SIGINT from the terminal and SIGTERM from parent-watch.ts.
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        stopAndReport(proxy, opts.record).then(exit, (error: unknown) => {
          process.stderr.write(`thread-sandbox proxy: ${(error as Error)?.message ?? String(error)}\n`);
          exit(EXIT_PROXY_FAILED);
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
