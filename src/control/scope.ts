// Whose data a control-plane call may see and change. The admin token (or an open control plane)
// sees everything; with tenants configured, a tenant's own token sees only its workspaces, inboxes,
// requests, violations and faults.
import type { IncomingHttpHeaders } from 'node:http';
import type { Authenticator, Principal } from '../auth.js';

/** Everything: the admin token, an open control plane, the in-process handle. */
export const EVERYTHING: Principal = Object.freeze({ tenant: null, workspaces: null, inboxes: null });

/** The tenant of a request's credentials (Api-Token or bearer token), or null. Never throws. */
export function tenantOfHeaders(auth: Authenticator, headers: IncomingHttpHeaders): string | null {
  if (!auth.hasTenants) return null;
  const raw = headers['api-token'];
  const apiToken = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (apiToken) {
    const tenant = auth.authenticate(apiToken)?.tenant;
    if (tenant) return tenant;
  }
  const bearer = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(headers.authorization ?? '')?.[1];
  return (bearer && auth.authenticate(bearer)?.tenant) || null;
}
