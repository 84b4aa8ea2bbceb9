// One express handler per API, in the order every request takes: route, parse, authenticate,
// refuse unknown query parameters when asked to, validate (openapi-backend through
// src/openapi/pipeline.ts), bring the store up to date (sync), apply a requested fault or Prefer,
// call the handler, record the journal entry (and unknown parameters as violations), write the
// reply. Nothing a client sends can make it answer 500 unless a fault asked for one.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Operation } from 'openapi-backend';
import type { Call, Reply } from '../apis/api.js';
import { parsePrefer } from '../control/prefer.js';
import type { PipelineRequest } from '../openapi/pipeline.js';
import { parseQuery, splitUrl } from '../openapi/query.js';
import { tenantOfHeaders } from '../control/scope.js';
import type { Services } from '../services.js';
import type { MountedApi } from './mount-api.js';
import { send } from './send.js';
import { StoreUnavailableError } from '../store/store-unavailable.js';
import { reportUnknownParameters } from '../apis/violation-report.js';
import type { UnknownParameter } from '../openapi/unknown-parameters.js';
import type { UnknownParametersMode } from '../options.js';

/**
 * A request as the endpoint reads it: node's own, or express's (which adds `originalUrl`, and a
 * parsed `body` where a body parser ran). The public APIs reach the endpoint without express
 * (fast-path.ts), the control plane through it.
 */
export type EndpointRequest = IncomingMessage & { method: string; url: string; originalUrl?: string; body?: unknown };

type FaultOutcome = { reply: Reply; fault: string } | { drop: 'reset' | 'timeout'; fault: string } | { delayMs: number; fault: string } | undefined;

const NO_UNKNOWN: readonly UnknownParameter[] = [];

/** `Prefer: unknown-parameters=...` for this request, else the option (a bad Prefer is answered later, by decideFault). */
function unknownParametersMode(req: EndpointRequest, services: Services): UnknownParametersMode {
  const prefer = parsePrefer(req.headers.prefer);
  return ('error' in prefer ? undefined : prefer.unknownParameters) ?? services.options.unknownParameters;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function decideFault(api: MountedApi, operation: Operation, req: EndpointRequest, path: string, services: Services): Promise<FaultOutcome> {
  const prefer = parsePrefer(req.headers.prefer);
  if ('error' in prefer) return { reply: api.def.error(400, prefer.error), fault: 'prefer' };
  if (prefer.code !== undefined && prefer.code !== 200) {
    const reply = api.documented(operation, prefer.code);
    if (!reply) {
      const listed = api.statuses(operation).join(', ');
      return {
        reply: api.def.error(400, `Prefer code=${prefer.code} is not a documented status of ${operation.operationId} (documented: ${listed})`),
        fault: 'prefer',
      };
    }
    return { reply, fault: `prefer code=${prefer.code}` };
  }
  if (prefer.delayMs !== undefined) return { delayMs: prefer.delayMs, fault: `prefer delay=${prefer.delayMs}` };
  if (services.faults.size === 0) return undefined;
  const statuses = api.statuses(operation);
  const tenant = tenantOfHeaders(services.auth, req.headers);
  const fault = await services.faults.take({ operationId: operation.operationId ?? '', method: req.method, path, template: operation.path, statuses, tenant });
  if (!fault) return undefined;
  switch (fault.kind) {
    case 'status': {
      // take() only hands out status faults the operation documents.
      const reply = api.documented(operation, fault.status as number) as Reply;
      return { reply, fault: fault.id };
    }
    case 'delay':
      return { delayMs: fault.delayMs ?? 0, fault: fault.id };
    case 'reset':
    case 'timeout':
      return { drop: fault.kind, fault: fault.id };
  }
}

export interface EndpointOptions {
  /** Maps a request path onto the spec's paths (the control plane's prefix is configurable). */
  toSpecPath?: (path: string) => string;
}

export function apiEndpoint(api: MountedApi, services: Services, { toSpecPath = (p) => p }: EndpointOptions = {}) {
  const { pipeline } = api;
  return async (req: EndpointRequest, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const { path: sentPath, rawQuery } = splitUrl(req.originalUrl ?? req.url);
    const path = toSpecPath(sentPath);
    const blank: string[] = [];
    const query = parseQuery(rawQuery, blank);
    const call: Call = { services, query, req };
    const route = pipeline.route(req.method, path);
    const operation = route.kind === 'operation' ? route.operation : undefined;
    // The control plane is not journaled and its own query mistakes are answered, not reported.
    const unknown = operation && api.def.journaled ? api.unknownParameters(operation, query, blank) : NO_UNKNOWN;
    const request: PipelineRequest = { method: req.method, path, headers: req.headers, query: operation ? api.declaredQuery(operation, query) : query, body: req.body };
    let reply: Reply | undefined;
    let faultName: string | null = null;

    try {
      if (route.kind === 'badEncoding') reply = api.def.error(400, 'The request path is not valid percent-encoding');
      else if (route.kind !== 'operation') {
        reply = (await pipeline.refuse(route, request, call)) as Reply;
        if (route.kind === 'methodNotAllowed') reply = { ...reply, headers: { ...reply.headers, allow: route.allow } };
      } else {
        const context = pipeline.context(route, request);
        reply = ((await pipeline.authorize(context, call)) ?? refuseUnknown() ?? pipeline.validate(context, request, call)) as Reply | undefined;
        if (!reply) {
          // The one place a request waits for the store to catch up with shared state (other
          // replicas' writes) before its fault and handler read it; a no-op for the file engine.
          if (!api.def.storeFree?.has(route.operation.operationId ?? '')) await services.store.sync();
          const outcome = api.def.exemptFromFaults ? undefined : await decideFault(api, route.operation, req, path, services);
          if (outcome) faultName = outcome.fault;
          if (outcome && 'reply' in outcome) reply = outcome.reply;
          else if (outcome && 'drop' in outcome) {
            await journal(0);
            // A reset closes the connection now; a timeout keeps it open and silent until the client gives up.
            if (outcome.drop === 'reset') req.socket.destroy();
            return;
          } else if (outcome && 'delayMs' in outcome) await sleep(outcome.delayMs);
          reply ??= (await pipeline.operate(context, call)) as Reply;
        }
      }
    } catch (error) {
      if (error instanceof StoreUnavailableError) reply = api.def.error(503, error.message);
      else {
        // A defect, not the client's fault: say so without a stack trace, and log it.
        services.log.error({ err: error, path, method: req.method }, 'handler failed');
        reply = api.def.error(500, 'Internal error in thread-sandbox (see its log)');
      }
    }

    // Only JSON is checked: a page, a script or an event stream has no schema beyond "a string".
    if (services.options.validateResponses && operation && reply.status !== 0 && reply.text === undefined && !reply.stream) {
      const result = api.backend.validateResponse(reply.body, operation, reply.status);
      if (result.errors) {
        services.log.error({ operationId: operation.operationId, status: reply.status, errors: result.errors }, 'response does not match the spec');
      }
    }
    // Recorded before the reply is written: a client that reads the journal after its answer finds it.
    await journal(reply.status);
    // For HEAD, node:http sends the headers (Content-Length included) and drops the body.
    send(res, reply);

    /** The fail-fast 400 for unknown query parameters, when the option or Prefer asks for it. */
    function refuseUnknown(): Reply | undefined {
      if (unknown.length === 0 || unknownParametersMode(req, services) !== 'error') return undefined;
      call.validationErrors = unknown.map((u) => u.message);
      return api.def.error(400, call.validationErrors.join(' '));
    }

    async function journal(status: number): Promise<void> {
      if (!api.def.journaled) return;
      // Reported with the status the request got: served (report) or refused (error), or any other answer.
      if (unknown.length > 0) reportUnknownParameters(api.def, call, req.method, path, unknown, status);
      const recorded = services.journal.record({
        timeMs: Date.now(),
        api: api.def.name,
        method: req.method,
        path,
        query,
        rawQuery,
        headers: req.headers,
        operationId: operation?.operationId ?? null,
        status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        validationErrors: call.validationErrors ?? [],
        fault: faultName,
        tenant: call.principal?.tenant ?? tenantOfHeaders(services.auth, req.headers),
      });
      // A journal in a database that cannot be reached must not turn the answer into a 500.
      if (recorded) await recorded.catch((error: unknown) => services.log.warn({ err: error }, 'journal entry not recorded'));
    }
  };
}
