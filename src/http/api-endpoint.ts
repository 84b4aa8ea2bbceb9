// One express handler per API: parse the query the way the documents send it, apply a requested
// fault, let openapi-backend route, authenticate, validate and call the handler, write the reply,
// journal it. Nothing a client sends can make it answer 500 unless a fault asked for one.
import type { Request, Response } from 'express';
import type { Operation } from 'openapi-backend';
import type { Call, Reply } from '../apis/api.js';
import { parsePrefer } from '../control/prefer.js';
import { handleRequest } from '../openapi/handle-request.js';
import { parseQuery, splitUrl } from '../openapi/query.js';
import { tenantOfHeaders } from '../control/scope.js';
import type { Services } from '../services.js';
import type { MountedApi } from './mount-api.js';
import { requestLogger } from './request-log.js';
import { send } from './send.js';

type FaultOutcome = { reply: Reply; fault: string } | { drop: 'reset' | 'timeout'; fault: string } | { delayMs: number; fault: string } | undefined;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function decideFault(api: MountedApi, operation: Operation, req: Request, path: string, services: Services): FaultOutcome {
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
  const tenant = tenantOfHeaders(services.auth, req.headers);
  const fault = services.faults.take({ operationId: operation.operationId ?? '', method: req.method, path, template: operation.path, tenant });
  if (!fault) return undefined;
  switch (fault.kind) {
    case 'status':
      return { reply: api.documented(operation, fault.status ?? 500) ?? api.def.error(fault.status ?? 500, `Forced ${fault.status}`), fault: fault.id };
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
  /** Log one line per answered request here (otherwise the requestLog middleware does). */
  logs?: boolean;
}

export function apiEndpoint(api: MountedApi, services: Services, { toSpecPath = (p) => p, logs = false }: EndpointOptions = {}) {
  const logRequest = logs ? requestLogger(services) : undefined;
  return async (req: Request, res: Response): Promise<void> => {
    const started = performance.now();
    const { path: sentPath, rawQuery } = splitUrl(req.originalUrl);
    const path = toSpecPath(sentPath);
    const query = parseQuery(rawQuery);
    const call: Call = { services, query, req };
    const request = { method: req.method, path, headers: req.headers as Record<string, string | string[]>, query, body: req.body as unknown };
    const operation = api.backend.router.matchOperation(request);
    if (operation) request.query = api.declaredQuery(operation, query);
    let reply: Reply | undefined;
    let faultName: string | null = null;

    if (operation && !api.def.exemptFromFaults) {
      const outcome = decideFault(api, operation, req, path, services);
      if (outcome) faultName = outcome.fault;
      if (outcome && 'reply' in outcome) reply = outcome.reply;
      else if (outcome && 'drop' in outcome) {
        journal(0);
        // A reset closes the connection now; a timeout keeps it open and silent until the client gives up.
        if (outcome.drop === 'reset') req.socket.destroy();
        return;
      } else if (outcome && 'delayMs' in outcome) await sleep(outcome.delayMs);
    }

    if (!reply) {
      try {
        reply = (await handleRequest(api.backend, request, operation ?? undefined, call)) as Reply;
      } catch (error) {
        if (error instanceof URIError) {
          // The router decodes path parameters: '%%' in a path is the client's mistake, not a defect.
          reply = api.def.error(400, 'The request path is not valid percent-encoding');
        } else {
          // A defect, not the client's fault: say so without a stack trace, and log it.
          services.log.error({ err: error, path, method: req.method }, 'handler failed');
          reply = api.def.error(500, 'Internal error in thread-sandbox (see its log)');
        }
      }
    }

    if (services.options.validateResponses && operation && reply.status !== 0) {
      const result = api.backend.validateResponse(reply.body, operation, reply.status);
      if (result.errors) {
        services.log.error({ operationId: operation.operationId, status: reply.status, errors: result.errors }, 'response does not match the spec');
      }
    }
    // Journaled before the response is written: a client that got its answer can count its call.
    journal(reply.status);
    send(res, reply);
    // Not when nothing was written (the client left during a delay).
    if (res.writableEnded) logRequest?.(req.method, req.originalUrl, reply.status, started);

    function journal(status: number): void {
      if (!api.def.journaled) return;
      services.journal.record({
        timeMs: Date.now(),
        api: api.def.name,
        method: req.method,
        path,
        query,
        headers: req.headers,
        operationId: operation?.operationId ?? null,
        status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        validationErrors: call.validationErrors ?? [],
        fault: faultName,
        tenant: call.principal?.tenant ?? tenantOfHeaders(services.auth, req.headers),
      });
    }
  };
}
