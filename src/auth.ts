// Who is calling. Without tenants any non-empty token is accepted (local development); with
// tenants a token must belong to one, and the tenant's workspaces and inboxes bound what it sees.
import { createHash, timingSafeEqual } from 'node:crypto';

export interface TenantConfig {
  name: string;
  tokens: string[];
  workspaces: number[];
  inboxes: string[];
}

export interface Principal {
  /** Tenant name, or null when no tenants are configured. */
  tenant: string | null;
  /** Workspaces this caller may see (null: all). The first one is its default workspace. */
  workspaces: readonly number[] | null;
  /** Inboxes this caller may see (null: all). */
  inboxes: readonly string[] | null;
}

const EVERYTHING: Principal = Object.freeze({ tenant: null, workspaces: null, inboxes: null });

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export class Authenticator {
  readonly #entries: { hash: Buffer; principal: Principal }[];

  constructor(tenants: readonly TenantConfig[] = []) {
    this.#entries = tenants.flatMap((t) =>
      t.tokens.map((token) => ({
        hash: digest(token),
        principal: Object.freeze({ tenant: t.name, workspaces: [...t.workspaces], inboxes: [...t.inboxes] }),
      })),
    );
  }

  get hasTenants(): boolean {
    return this.#entries.length > 0;
  }

  /** The caller behind a token, or null when the token is not accepted. */
  authenticate(token: string): Principal | null {
    if (token === '') return null;
    if (this.#entries.length === 0) return EVERYTHING;
    // Compare against every token, in constant time each, so timing says nothing about which matched.
    const probe = digest(token);
    let found: Principal | null = null;
    for (const e of this.#entries) if (timingSafeEqual(e.hash, probe) && found === null) found = e.principal;
    return found;
  }
}

export function canSeeWorkspace(p: Principal, workspaceId: number): boolean {
  return p.workspaces === null || p.workspaces.includes(workspaceId);
}

export function canSeeInbox(p: Principal, inboxId: string): boolean {
  return p.inboxes === null || p.inboxes.includes(inboxId);
}
