// JUnit XML for CI dashboards: one testsuite per operation, one testcase per check.
import type { VerifyRun } from './runner.js';
import { groupByOperation } from './report-text.js';

/** Escapes text for XML 1.0 attributes and content, dropping characters XML cannot carry. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function formatJunit(run: VerifyRun): string {
  const failed = run.results.filter((r) => r.outcome === 'failed').length;
  const skipped = run.results.filter((r) => r.outcome === 'skipped').length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="thread-sandbox verify ${xmlEscape(run.target)}" tests="${run.results.length}" failures="${failed}" errors="0" skipped="${skipped}" time="${seconds(run.durationMs)}">`,
  ];
  for (const [group, results] of groupByOperation(run.results)) {
    const time = results.reduce((sum, r) => sum + r.durationMs, 0);
    const suiteFailed = results.filter((r) => r.outcome === 'failed').length;
    const suiteSkipped = results.filter((r) => r.outcome === 'skipped').length;
    out.push(`  <testsuite name="${xmlEscape(group)}" tests="${results.length}" failures="${suiteFailed}" errors="0" skipped="${suiteSkipped}" time="${seconds(time)}">`);
    for (const r of results) {
      const open = `    <testcase classname="${xmlEscape(`${r.api}.${r.operation}`)}" name="${xmlEscape(r.name)}" time="${seconds(r.durationMs)}"`;
      if (r.outcome === 'passed') {
        out.push(`${open}/>`);
      } else if (r.outcome === 'skipped') {
        out.push(`${open}>`, `      <skipped message="${xmlEscape(r.reason ?? '')}"/>`, '    </testcase>');
      } else {
        const detail = [r.request && `request: ${r.request}`, r.reason && `why: ${r.reason}`, r.answered && `answered: ${r.answered}`].filter(Boolean).join('\n');
        out.push(`${open}>`, `      <failure message="${xmlEscape(r.reason ?? 'failed')}">${xmlEscape(detail)}</failure>`, '    </testcase>');
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
