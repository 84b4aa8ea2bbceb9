// The live page: the control plane's root (the page for a browser, an index for any other client),
// the page's files, its event stream and the data at a glance.
import type { Context } from 'openapi-backend';
import { canSeeInbox, canSeeWorkspace } from '../../auth.js';
import { LIVE_BACKLOG, liveRequest } from '../../control/live-feed.js';
import { EventStream, type StreamedEvent } from '../../http/event-stream.js';
import { livePageFile, PAGE_HEADERS, type LivePageFile } from '../../http/live-page-files.js';
import { SPEC_PREFIX } from '../../http/control-plane.js';
import type { Call, OperationHandler, Reply } from '../api.js';
import { scopeOf } from './data-handlers.js';
import { sandboxAdminError } from './errors.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] as string);

/** True when the client names text/html among what it accepts (a browser navigating). */
export function wantsHtml(accept: string | string[] | undefined): boolean {
  const value = Array.isArray(accept) ? accept.join(',') : (accept ?? '');
  return value.split(',').some((range) => {
    const [type = '', ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    return type === 'text/html' && !params.some((p) => /^q=0(\.0*)?$/.test(p));
  });
}

function getControlPlane(c: Context, call: Call): Reply {
  const prefix = call.services.options.adminPrefix;
  if (wantsHtml(call.req.headers.accept)) {
    const { text, type } = livePageFile('index.html');
    return { status: 200, text: text.replaceAll('{{prefix}}', escapeHtml(prefix)), headers: { ...PAGE_HEADERS, 'content-type': type, vary: 'Accept' } };
  }
  const operations = c.api.getOperations().map((o) => ({
    operationId: o.operationId ?? '',
    method: o.method.toUpperCase(),
    path: prefix + o.path.slice(SPEC_PREFIX.length),
    summary: o.summary ?? '',
  }));
  return { status: 200, body: { name: 'thread-sandbox control plane', tokenRequired: Boolean(call.services.options.adminToken) || call.services.auth.hasTenants, livePage: `${prefix}/`, docs: '/docs', openapi: '/openapi/sandbox-admin.json', operations }, headers: { vary: 'Accept' } };
}

function getLivePageAsset(c: Context): Reply {
  const { text, type } = livePageFile(String(c.request.params.asset) as LivePageFile);
  return { status: 200, text, headers: { ...PAGE_HEADERS, 'content-type': type } };
}

async function streamEvents(_c: Context, call: Call): Promise<Reply> {
  const { live, journal, violations } = call.services;
  const { tenant } = scopeOf(call);
  // Listening before the backlog is read: what is journaled meanwhile is queued, then kept only
  // if the backlog does not hold it already.
  const stream = new EventStream(tenant);
  const remove = live.add(stream);
  if (!remove) return sandboxAdminError(503, `Too many live pages are open (at most ${live.maxListeners} at once); close one and reload`);
  stream.onClose = remove;
  try {
    const records = (await journal.records(tenant)).slice(-LIVE_BACKLOG);
    const listed = violations.list(tenant).slice(-LIVE_BACKLOG);
    const lastRequest = records.at(-1)?.id ?? 0;
    const lastViolation = listed.at(-1)?.id ?? 0;
    const first: StreamedEvent[] = [
      // liveRequests false: the journal is in a database shared by replicas and pushes nothing; the page reopens the stream now and then.
      { event: 'hello', data: JSON.stringify({ tenant, heartbeatMs: stream.heartbeatMs, journalSize: journal.capacity, liveRequests: journal.subscribe !== undefined }) },
      ...records.map((r) => ({ event: 'request' as const, data: JSON.stringify(liveRequest(r)) })),
      ...listed.map((v) => ({ event: 'violation' as const, data: JSON.stringify(v) })),
    ];
    const keep = (e: StreamedEvent) => {
      if (e.event !== 'request' && e.event !== 'violation') return true;
      const id = (JSON.parse(e.data) as { id: number }).id;
      return id > (e.event === 'request' ? lastRequest : lastViolation);
    };
    return { status: 200, stream: (res) => stream.open(res, first, keep) };
  } catch (error) {
    stream.close();
    throw error;
  }
}

async function getSummary(_c: Context, call: Call): Promise<Reply> {
  const { store, data, journal, violations, faults, startGeneration } = call.services;
  const scope = scopeOf(call);
  const workspaces = store.executionThreads
    .workspaces()
    .filter((id) => canSeeWorkspace(scope, id))
    .sort((a, b) => a - b)
    .map((workspaceId) => ({ workspaceId, executionThreads: store.executionThreads.query({ workspaceId }).length }));
  const perInbox = new Map<string, number>();
  for (const thread of store.threads.all()) if (canSeeInbox(scope, thread.inbox_id)) perInbox.set(thread.inbox_id, (perInbox.get(thread.inbox_id) ?? 0) + 1);
  const inboxes = [...perInbox].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([inboxId, threads]) => ({ inboxId, threads }));
  const body: Record<string, unknown> = {
    source: data?.source ?? (store.inMemory ? 'in memory' : 'unknown'),
    inMemory: store.inMemory,
    replaced: store.generation !== startGeneration,
    executionThreads: workspaces.reduce((n, w) => n + w.executionThreads, 0),
    threads: inboxes.reduce((n, i) => n + i.threads, 0),
    workspaces,
    inboxes,
    requests: (await journal.records(scope.tenant)).length,
    violations: violations.list(scope.tenant).length,
    faults: (await faults.list(scope.tenant)).length,
  };
  if (data?.file) body.file = data.file;
  return { status: 200, body };
}

export const liveHandlers: Record<string, OperationHandler> = {
  getControlPlane,
  getLivePageAsset,
  streamEvents,
  getSummary,
};
