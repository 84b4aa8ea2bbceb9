// The human report: one line per check, grouped by API and operation; a failure shows the request
// at fault, why, and the start of what was answered.
import type { VerifyRun } from './runner.js';
import type { CheckResult } from './verifier.js';

const MARK = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP' } as const;
const TITLE = { v1: 'Execution Threads v1', v0: 'Agentry Threads v0' } as const;

export function groupByOperation(results: readonly CheckResult[]): Map<string, CheckResult[]> {
  const groups = new Map<string, CheckResult[]>();
  for (const r of results) {
    const key = `${TITLE[r.api]} · ${r.operation}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return groups;
}

export function summaryLine(run: VerifyRun): string {
  const count = (o: CheckResult['outcome']) => run.results.filter((r) => r.outcome === o).length;
  const seconds = (run.durationMs / 1000).toFixed(1);
  return `${run.results.length} checks: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped · ${run.requests} requests in ${seconds} s · seed ${run.seed} (repeat with --seed ${run.seed})`;
}

export function formatReport(run: VerifyRun): string {
  const lines = [`thread-sandbox verify ${run.target} (${run.apis.join(' + ')}, seed ${run.seed})`];
  for (const [group, results] of groupByOperation(run.results)) {
    lines.push('', group);
    for (const r of results) {
      lines.push(`  ${MARK[r.outcome]}  ${r.name}`);
      if (r.outcome === 'passed') continue;
      if (r.request) lines.push(`        request: ${r.request}`);
      if (r.reason) lines.push(`        ${r.outcome === 'failed' ? 'why' : 'skipped'}: ${r.reason}`);
      if (r.answered !== undefined && r.outcome === 'failed') lines.push(`        answered: ${r.answered.replace(/\s+/g, ' ')}`);
    }
  }
  lines.push('', summaryLine(run));
  return `${lines.join('\n')}\n`;
}
