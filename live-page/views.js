// The page's four parts: requests, violations (the message first, then every field it has), the
// faults in force and the data at a glance. Newest first; at most MAX_ROWS rows each.
import { call, Refused } from './control.js';
import { $, clock, el, plural, queryText, show } from './dom.js';

const MAX_ROWS = 500;
const shown = { requests: 0, violations: 0 };

export function clearLists() {
  $('requests').replaceChildren();
  $('violations').replaceChildren();
  shown.requests = 0;
  shown.violations = 0;
  counts();
}

export function counts() {
  $('request-count').textContent = shown.requests ? String(shown.requests) : '';
  $('violation-count').textContent = shown.violations ? String(shown.violations) : '';
  $('no-requests').hidden = shown.requests > 0;
  $('no-violations').hidden = shown.violations > 0;
}

function prependBounded(list, node) {
  list.prepend(node);
  while (list.childElementCount > MAX_ROWS) list.lastElementChild.remove();
}

function statusClass(status) {
  if (status === 0) return 'status dropped';
  if (status >= 500) return 'status s5';
  if (status >= 400) return 'status s4';
  return 'status s2';
}

export function addRequest(r) {
  const errors = (r.validationErrors || []).join('\n');
  const row = el(
    'tr',
    { 'data-id': r.id, className: errors ? 'invalid' : undefined, title: errors || undefined },
    el('td', { className: 'time', title: r.time }, clock(r.time)),
    el('td', { className: 'method' }, r.method),
    el('td', { className: 'path' }, `${r.path}${queryText(r.query)}`),
    el('td', { className: statusClass(r.status) }, r.status === 0 ? 'dropped' : String(r.status)),
    el('td', { className: 'tenant' }, r.tenant || '—'),
    el('td', { className: 'num' }, typeof r.durationMs === 'number' ? r.durationMs.toFixed(1) : ''),
    el('td', { className: 'fault' }, r.fault || ''),
  );
  prependBounded($('requests'), row);
  shown.requests++;
  counts();
}

const SHOWN_FIRST = ['id', 'time', 'rule', 'message', 'method', 'path', 'status', 'kind', 'operationId'];

/** Every field of a violation but its message and what the heading line shows; the rule's first. */
function fieldsOf(violation) {
  const fields = [];
  const add = (name, value) => {
    if (value === undefined || value === null || value === '') return;
    fields.push([name, Array.isArray(value) ? value.map(String).join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value)]);
  };
  for (const [name, value] of Object.entries(violation.rule || {})) if (name !== 'message') add(name, value);
  for (const [name, value] of Object.entries(violation)) if (!SHOWN_FIRST.includes(name)) add(name, value);
  return fields;
}

export function addViolation(v) {
  const rule = v.rule || {};
  const suggestion = rule.suggestion || v.suggestion;
  const details = el('dl');
  for (const [name, value] of fieldsOf(v)) details.append(el('dt', {}, name), el('dd', { className: name === 'suggestion' ? 'suggestion' : undefined }, value));
  const where = `${v.method} ${v.path} → ${v.status} · ${v.kind}${v.operationId ? ` · ${v.operationId}` : ''}`;
  const item = el(
    'li',
    { 'data-id': v.id },
    el('p', { className: 'violation-message' }, rule.message || v.message || '(no message)'),
    suggestion ? el('p', { className: 'suggestion' }, `Suggestion: ${suggestion}`) : null,
    el('p', { className: 'where' }, el('span', { className: 'time', title: v.time }, clock(v.time)), ` ${where}`),
    details,
  );
  prependBounded($('violations'), item);
  shown.violations++;
  counts();
}

function faultTarget(f) {
  const parts = [f.operationId, f.method, f.path].filter(Boolean);
  return parts.length ? parts.join(' ') : 'every call';
}

function faultKind(f) {
  if (f.kind === 'status') return `status ${f.status}`;
  if (f.kind === 'delay') return `delay ${f.delayMs} ms`;
  return f.kind;
}

function faultScope(f) {
  if (f.times !== undefined) return `${f.remaining ?? f.times} of ${f.times} left`;
  if (f.probability !== undefined) return `probability ${f.probability} (seed ${f.seed ?? 0})`;
  return 'until deleted';
}

/** Reads what the control plane answers for `path`; undefined (and a message) when it cannot. */
async function read(path) {
  try {
    return await call('GET', path);
  } catch (error) {
    if (!(error instanceof Refused)) show(String(error.message || error), 'bad');
    return undefined;
  }
}

/** The faults in force; `remove(fault)` is what a row's Remove button does. */
export async function refreshFaults(remove) {
  const answer = await read('/faults');
  if (!answer) return;
  const { faults } = answer;
  const rows = faults.map((f) =>
    el(
      'tr',
      {},
      el('td', {}, f.id),
      el('td', {}, faultTarget(f)),
      el('td', {}, faultKind(f)),
      el('td', {}, faultScope(f)),
      el('td', { className: 'num' }, String(f.hits)),
      el('td', {}, el('button', { type: 'button', className: 'small', onclick: () => remove(f) }, 'Remove')),
    ),
  );
  $('faults').replaceChildren(...rows);
  $('fault-count').textContent = faults.length ? String(faults.length) : '';
  $('no-faults').hidden = faults.length > 0;
}

function countTable(caption, header, rows) {
  return el(
    'table',
    { className: 'counts' },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, el('th', {}, header), el('th', { className: 'num' }, 'records'))),
    el('tbody', {}, ...rows.map(([name, n]) => el('tr', {}, el('td', {}, String(name)), el('td', { className: 'num' }, String(n))))),
  );
}

export async function refreshSummary() {
  const s = await read('/summary');
  if (!s) return;
  const facts = el(
    'dl',
    { className: 'facts' },
    el('dt', {}, 'Origin'),
    el('dd', {}, s.source + (s.replaced ? ' (replaced since start by a reset or an import)' : '')),
    el('dt', {}, 'Stored'),
    el('dd', {}, s.file ? s.file : s.inMemory ? 'in memory (nothing written)' : 'database'),
    el('dt', {}, 'Records'),
    el('dd', {}, `${plural(s.executionThreads, 'execution thread')}, ${plural(s.threads, 'thread')}`),
    el('dt', {}, 'Journal'),
    el('dd', {}, `${plural(s.requests, 'request')}, ${plural(s.violations, 'violation')}, ${plural(s.faults, 'fault')}`),
  );
  $('summary').replaceChildren(
    facts,
    el(
      'div',
      { className: 'count-tables' },
      countTable('Execution threads per workspace', 'workspaceId', s.workspaces.map((w) => [w.workspaceId, w.executionThreads])),
      countTable('Threads per inbox', 'inbox_id', s.inboxes.map((i) => [i.inboxId, i.threads])),
    ),
  );
}
