// The live page of thread-sandbox's control plane. Plain browser JavaScript, no dependency.
// Everything shown comes from the sandbox and is put in the page as text (textContent, never
// innerHTML), so a request path or a header cannot inject markup.
//
// Events come from GET <prefix>/events read with fetch (not EventSource): fetch can send the
// token as an Authorization header, so it never appears in a URL, a log line or the history.
'use strict';

const PREFIX = document.documentElement.dataset.prefix || '/__sandbox';
const TOKEN_KEY = 'thread-sandbox.token';
const MAX_ROWS = 500;

const $ = (id) => document.getElementById(id);
const state = { stream: undefined, retry: undefined, watchdog: undefined, heartbeatMs: 15000, requests: 0, violations: 0 };

// ---- DOM helpers: text only ---------------------------------------------------------------------

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null) continue;
    if (key === 'className') node.className = value;
    else if (key === 'title') node.title = String(value);
    else if (key === 'onclick') node.addEventListener('click', value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

function show(text, kind) {
  const box = $('message');
  box.textContent = text;
  box.className = `message ${kind || ''}`;
  box.hidden = !text;
}

const clock = (iso) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : `${d.toTimeString().slice(0, 8)}.${String(d.getMilliseconds()).padStart(3, '0')}`;
};

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function queryText(query) {
  const parts = [];
  for (const [name, value] of Object.entries(query || {})) {
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${name}=${v}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

// ---- calls to the control plane -----------------------------------------------------------------

function authHeaders() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

class Refused extends Error {}

async function call(method, path) {
  const res = await fetch(PREFIX + path, { method, headers: { Accept: 'application/json', ...authHeaders() }, cache: 'no-store' });
  if (res.status === 401) {
    askForToken(await errorText(res));
    throw new Refused('token needed');
  }
  if (!res.ok) throw new Error(`${method} ${PREFIX}${path}: ${res.status} ${await errorText(res)}`);
  return res.status === 204 ? undefined : res.json();
}

async function errorText(res) {
  try {
    const body = await res.json();
    return body && typeof body.message === 'string' ? body.message : JSON.stringify(body);
  } catch {
    return res.statusText;
  }
}

function askForToken(reason) {
  $('token-reason').textContent = sessionStorage.getItem(TOKEN_KEY)
    ? `The token was not accepted (${reason}). Enter the admin token, or a tenant's token.`
    : `This control plane needs a token (${reason}).`;
  $('token-form').hidden = false;
  $('token').focus();
  setConnection('token needed', 'bad');
}

// ---- the event stream ---------------------------------------------------------------------------

function setConnection(text, kind) {
  const pill = $('connection');
  pill.textContent = text;
  pill.className = `pill ${kind || ''}`;
}

function stopStream() {
  clearTimeout(state.retry);
  clearTimeout(state.watchdog);
  if (state.stream) state.stream.abort();
  state.stream = undefined;
}

function reconnectLater(ms) {
  clearTimeout(state.retry);
  state.retry = setTimeout(follow, ms);
}

// No byte for two heartbeats: the connection is gone without saying so; start again.
function armWatchdog(controller) {
  clearTimeout(state.watchdog);
  state.watchdog = setTimeout(() => controller.abort(), state.heartbeatMs * 2 + 5000);
}

async function follow() {
  stopStream();
  const controller = new AbortController();
  state.stream = controller;
  setConnection('connecting');
  let res;
  try {
    res = await fetch(`${PREFIX}/events`, { headers: { Accept: 'text/event-stream', ...authHeaders() }, cache: 'no-store', signal: controller.signal });
  } catch {
    if (!controller.signal.aborted) {
      setConnection('offline: retrying', 'bad');
      reconnectLater(3000);
    }
    return;
  }
  if (res.status === 401) return askForToken(await errorText(res));
  if (!res.ok || !res.body) {
    setConnection(`refused (${res.status}): retrying`, 'bad');
    show(await errorText(res), 'bad');
    return reconnectLater(5000);
  }
  clearLists();
  setConnection('live', 'good');
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  armWatchdog(controller);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      armWatchdog(controller);
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch {
    // aborted, or the connection broke: handled below
  }
  if (state.stream !== controller) return;
  setConnection('disconnected: retrying', 'bad');
  reconnectLater(2000);
}

function dispatch(block) {
  let event = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return;
  let payload;
  try {
    payload = JSON.parse(data.join('\n'));
  } catch {
    return;
  }
  if (event === 'hello') onHello(payload);
  else if (event === 'request') addRequest(payload);
  else if (event === 'violation') addViolation(payload);
  else if (event === 'changed') onChanged(payload);
}

function onHello(hello) {
  if (typeof hello.heartbeatMs === 'number') state.heartbeatMs = hello.heartbeatMs;
  $('scope').textContent = hello.tenant ? `tenant ${hello.tenant}` : 'everything (admin view)';
  $('forget-token').hidden = !sessionStorage.getItem(TOKEN_KEY);
  refreshSoon();
  // A journal shared by replicas (PostgreSQL) pushes no request: read the backlog again now and then.
  if (hello.liveRequests === false) reconnectLater(5000);
}

let refreshTimer;
let reloadWanted = false;
function refreshSoon(reload) {
  if (reload) reloadWanted = true;
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    if (reloadWanted) {
      reloadWanted = false;
      follow();
      return;
    }
    refreshFaults();
    refreshSummary();
  }, 250);
}

function onChanged(change) {
  refreshSoon(Boolean(change && change.reload));
}

// ---- requests -----------------------------------------------------------------------------------

function clearLists() {
  $('requests').replaceChildren();
  $('violations').replaceChildren();
  state.requests = 0;
  state.violations = 0;
  counts();
}

function counts() {
  $('request-count').textContent = state.requests ? String(state.requests) : '';
  $('violation-count').textContent = state.violations ? String(state.violations) : '';
  $('no-requests').hidden = state.requests > 0;
  $('no-violations').hidden = state.violations > 0;
}

function statusClass(status) {
  if (status === 0) return 'status dropped';
  if (status >= 500) return 'status s5';
  if (status >= 400) return 'status s4';
  return 'status s2';
}

function addRequest(r) {
  const pathAndQuery = `${r.path}${queryText(r.query)}`;
  const row = el(
    'tr',
    { 'data-id': r.id, className: r.validationErrors && r.validationErrors.length ? 'invalid' : undefined, title: (r.validationErrors || []).join('\n') || undefined },
    el('td', { className: 'time', title: r.time }, clock(r.time)),
    el('td', { className: 'method' }, r.method),
    el('td', { className: 'path' }, pathAndQuery),
    el('td', { className: statusClass(r.status) }, r.status === 0 ? 'dropped' : String(r.status)),
    el('td', { className: 'tenant' }, r.tenant || '—'),
    el('td', { className: 'num' }, typeof r.durationMs === 'number' ? r.durationMs.toFixed(1) : ''),
    el('td', { className: 'fault' }, r.fault || ''),
  );
  const body = $('requests');
  body.prepend(row);
  while (body.childElementCount > MAX_ROWS) body.lastElementChild.remove();
  state.requests++;
  counts();
  // A fault that acted has one hit more, or is used up.
  if (r.fault) refreshSoon();
}

// ---- violations: the message first, then every field it has -------------------------------------

const SHOWN_FIRST = ['method', 'path', 'status', 'kind', 'operationId'];

function fieldsOf(violation) {
  const fields = [];
  const add = (name, value) => {
    if (value === undefined || value === null || value === '') return;
    fields.push([name, Array.isArray(value) ? value.map(String).join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value)]);
  };
  for (const [name, value] of Object.entries(violation.rule || {})) if (name !== 'message') add(name, value);
  for (const [name, value] of Object.entries(violation)) {
    if (['id', 'time', 'rule', 'message', ...SHOWN_FIRST].includes(name)) continue;
    add(name, value);
  }
  return fields;
}

function addViolation(v) {
  const rule = v.rule || {};
  const message = rule.message || v.message || '(no message)';
  const suggestion = rule.suggestion || v.suggestion;
  const details = el('dl');
  for (const [name, value] of fieldsOf(v)) {
    details.append(el('dt', {}, name), el('dd', { className: name === 'suggestion' ? 'suggestion' : undefined }, value));
  }
  const item = el(
    'li',
    { 'data-id': v.id },
    el('p', { className: 'violation-message' }, message),
    suggestion ? el('p', { className: 'suggestion' }, `Suggestion: ${suggestion}`) : null,
    el('p', { className: 'where' }, el('span', { className: 'time', title: v.time }, clock(v.time)), ` ${v.method} ${v.path} → ${v.status} · ${v.kind}${v.operationId ? ` · ${v.operationId}` : ''}`),
    details,
  );
  const list = $('violations');
  list.prepend(item);
  while (list.childElementCount > MAX_ROWS) list.lastElementChild.remove();
  state.violations++;
  counts();
  refreshSoon();
}

// ---- faults and data ----------------------------------------------------------------------------

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

async function refreshFaults() {
  let faults;
  try {
    ({ faults } = await call('GET', '/faults'));
  } catch (error) {
    if (!(error instanceof Refused)) show(String(error.message || error), 'bad');
    return;
  }
  const rows = faults.map((f) =>
    el(
      'tr',
      {},
      el('td', {}, f.id),
      el('td', {}, faultTarget(f)),
      el('td', {}, faultKind(f)),
      el('td', {}, faultScope(f)),
      el('td', { className: 'num' }, String(f.hits)),
      el('td', {}, el('button', { type: 'button', className: 'small', onclick: () => act('DELETE', `/faults/${encodeURIComponent(f.id)}`, `Fault ${f.id} removed`) }, 'Remove')),
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

async function refreshSummary() {
  let s;
  try {
    s = await call('GET', '/summary');
  } catch (error) {
    if (!(error instanceof Refused)) show(String(error.message || error), 'bad');
    return;
  }
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

// ---- actions ------------------------------------------------------------------------------------

async function act(method, path, done) {
  try {
    await call(method, path);
    show(done, 'good');
    refreshSoon();
  } catch (error) {
    if (!(error instanceof Refused)) show(String(error.message || error), 'bad');
  }
}

function start() {
  $('reset').addEventListener('click', () => {
    if (confirm('Reset the sandbox to its starting data? The journal, violations and faults are cleared too.')) act('POST', '/reset', 'Reset to the starting data');
  });
  $('clear-faults').addEventListener('click', () => act('DELETE', '/faults', 'Faults cleared'));
  $('clear-journal').addEventListener('click', () => act('DELETE', '/requests', 'Journal cleared'));
  $('clear-violations').addEventListener('click', () => act('DELETE', '/violations', 'Violations cleared'));
  $('forget-token').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    stopStream();
    clearLists();
    askForToken('forgotten');
  });
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token').value.trim();
    if (!token) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    $('token').value = '';
    $('token-form').hidden = true;
    show('', '');
    follow();
  });
  counts();
  // Asked first (it needs no token), so that a page without one shows the form instead of a 401.
  call('GET', '')
    .then((index) => {
      if (index.tokenRequired && !sessionStorage.getItem(TOKEN_KEY)) askForToken('the admin token, or a tenant\'s token');
      else follow();
    })
    .catch((error) => {
      if (!(error instanceof Refused)) show(String(error.message || error), 'bad');
      follow();
    });
}

start();
