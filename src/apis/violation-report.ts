// What a public API's lifecycle handlers report when a consumer broke the contract: the rule, where
// it applies, and whose request it was. One function, so every failure path reports the same way.
import type { Context, OpenAPIBackend } from 'openapi-backend';
import { ruleFromAjv, type ContractRule, type ViolationKind } from '../control/violations.js';
import { tenantOfHeaders } from '../control/scope.js';
import type { UnknownParameter } from '../openapi/unknown-parameters.js';
import type { ApiDefinition, Call } from './api.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The methods the spec has for a path (for a 405's rule). */
export function methodsOf(backend: OpenAPIBackend, path: string): string[] {
  return METHODS.filter((method) => backend.router.matchOperation({ method, path, headers: {} }));
}

export function reportViolation(def: ApiDefinition, c: Context, call: Call, kind: ViolationKind, status: number, message: string): void {
  // The control plane's own misuse is answered, not reported: the report is about the public APIs.
  if (!def.journaled) return;
  const rule: ContractRule =
    kind === 'validation'
      ? ruleFromAjv(c.validation?.errors ?? [], message)
      : kind === 'unauthorized'
        ? { keyword: 'security', in: 'security', name: Object.keys(def.security).join(', '), message }
        : kind === 'method-not-allowed'
          ? { keyword: 'method', in: 'route', allowedValues: methodsOf(c.api, c.request.path), message }
          : { keyword: 'path', in: 'route', message: `no operation of the ${def.name} spec has the path ${c.request.path}` };
  call.services.reportViolation({
    api: def.name,
    method: c.request.method.toUpperCase(),
    path: c.request.path,
    operationId: c.operation?.operationId ?? null,
    status,
    kind,
    rule,
    tenant: call.principal?.tenant ?? tenantOfHeaders(call.services.auth, call.req.headers),
  });
}

/** Reports each query parameter the operation does not define, with the status the request got. */
export function reportUnknownParameters(def: ApiDefinition, call: Call, method: string, path: string, unknown: readonly UnknownParameter[], status: number): void {
  if (!def.journaled) return;
  for (const u of unknown) {
    const rule: ContractRule = { keyword: 'parameter', in: 'query', name: u.name, allowedValues: [...u.defined], message: u.message };
    if (u.suggestion !== undefined) rule.suggestion = u.suggestion;
    call.services.reportViolation({
      api: def.name,
      method: method.toUpperCase(),
      path,
      operationId: u.operationId,
      status,
      kind: 'unknown-parameter',
      rule,
      tenant: call.principal?.tenant ?? tenantOfHeaders(call.services.auth, call.req.headers),
    });
  }
}
