// The report printed when the proxy stops: how many requests, which broke the contract and how,
// and what was recorded. Requests appear as method and URL only: credentials travel in headers,
// and headers are never printed.
import type { ContractViolation, ProxyExchange } from './exchange.js';
import type { RecordingStats } from './recording.js';

/** Exchanges listed one by one; the rest are counted. */
const MAX_LISTED = 50;

export interface ProxyTotals {
  requests: number;
  /** Requests with at least one violation. */
  broken: number;
  consumer: number;
  provider: number;
  /** Answers whose body was passed on unread (over the check limit): neither checked nor recorded. */
  unchecked: number;
}

/** A path as a shell reads it: as it is when it is plain, else in single quotes. */
const shellQuoted = (path: string) => (/^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`);

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function exchangeLine(e: ProxyExchange): string {
  const contract = e.violations.length === 0 ? (e.unchecked === undefined ? 'ok' : `unchecked: ${e.unchecked}`) : `${e.violations.length} violation${e.violations.length === 1 ? '' : 's'}`;
  return `#${e.id} ${e.method} ${e.url} -> ${e.status} (${contract})`;
}

export function violationLine(v: ContractViolation): string {
  return `${v.side.padEnd(8)}  ${v.rule.padEnd(12)}  ${v.message}`;
}

export function formatSummary(target: string, totals: ProxyTotals, broken: readonly ProxyExchange[], recording?: { file: string; stats: RecordingStats }): string {
  const lines = [
    `thread-sandbox proxy: ${count(totals.requests, 'request')} to ${target}, ` +
      (totals.broken === 0 ? 'none broke the contract' : `${totals.broken} broke the contract (violations: ${totals.consumer} by the consumer, ${totals.provider} by the provider)`),
  ];
  if (totals.unchecked > 0) lines.push(`  ${count(totals.unchecked, 'answer')} passed on with the body unchecked and unrecorded (over --check-limit, or an encoding the proxy does not read)`);
  for (const e of broken.slice(0, MAX_LISTED)) {
    lines.push(`  ${exchangeLine(e)}`);
    for (const v of e.violations) lines.push(`      ${violationLine(v)}`);
  }
  if (broken.length > MAX_LISTED) lines.push(`  ... and ${broken.length - MAX_LISTED} more requests with violations`);
  if (recording) {
    const s = recording.stats;
    lines.push(`recorded ${count(s.executionThreads, 'execution thread')} and ${count(s.threads, 'thread')} (${count(s.messages, 'message')}) to ${recording.file}`);
    lines.push(`  replay it, leaving the file as it is: thread-sandbox serve --in-memory --data ${shellQuoted(recording.file)}`);
    if (s.incompleteThreads > 0) {
      lines.push(`  ${count(s.incompleteThreads, 'thread')} seen only in lists, recorded with the newest message alone; GET /human/v0/threads/{thread_id} through the proxy records all of a thread's messages`);
    }
    if (s.skippedCount > 0) {
      lines.push(`  left out (${s.skippedCount}):`);
      for (const reason of s.skipped) lines.push(`    ${reason}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
