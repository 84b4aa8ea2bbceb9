// A tenant whose workspaces and inboxes the data does not hold sees empty lists and 404s, which
// reads like a broken sandbox. Said once at start, naming the tenant, so a config written for other
// data is noticed at once.
import type { Logger } from 'pino';
import type { TenantConfig } from './auth.js';
import type { SandboxStore } from './store/contract.js';

/** The tenants that own no workspace and no inbox the store holds. */
export function tenantsOwningNothing(tenants: readonly TenantConfig[], store: Pick<SandboxStore, 'executionThreads' | 'threads'>): TenantConfig[] {
  if (tenants.length === 0) return [];
  const workspaces = new Set(store.executionThreads.workspaces());
  const inboxes = new Set(store.threads.inboxes());
  return tenants.filter((t) => !t.workspaces.some((w) => workspaces.has(w)) && !t.inboxes.some((i) => inboxes.has(i)));
}

export function warnAboutEmptyTenants(tenants: readonly TenantConfig[], store: Pick<SandboxStore, 'executionThreads' | 'threads'>, log: Logger): void {
  for (const t of tenantsOwningNothing(tenants, store)) {
    const owns = [t.workspaces.length > 0 ? `workspaces ${t.workspaces.join(', ')}` : '', t.inboxes.length > 0 ? `inboxes ${t.inboxes.join(', ')}` : ''].filter(Boolean).join(' and ') || 'nothing';
    log.warn({ tenant: t.name }, `tenant ${t.name} owns ${owns}, none of which the data holds: its lists are empty until records are created there`);
  }
}
