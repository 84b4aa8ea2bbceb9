// Contract violations: requests a consumer sent that the specs do not allow (a 400 from
// validation, a 401, an unknown path, a 405, a query parameter the operation does not define),
// each with the rule it broke. A bounded list per tenant that tests read and clear, and a tally
// for the whole run that nothing clears, so that
// `serve --fail-on-violations` reports every violation even when a test reset the sandbox.
import type { ErrorObject } from 'ajv';
import { TenantRings } from './tenant-rings.js';

/** What kind of rule was broken. `response` is for a provider's answer (the proxy checks those). */
export type ViolationKind = 'validation' | 'unauthorized' | 'unknown-path' | 'method-not-allowed' | 'unknown-parameter' | 'response';

/** The rule a request broke, as the spec states it. */
export interface ContractRule {
  /** JSON Schema keyword (`enum`, `type`, `required`, ...), or `security`, `path`, `method`, `parameter`. */
  keyword: string;
  /** Where the rule applies: `query`, `path`, `header`, `requestBody`, `security`, `route`, `response`. */
  in: string;
  /** The parameter, header, body field or security scheme concerned, when there is one. */
  name?: string;
  /** The values the spec allows (an enum, a const, the methods of a path, the parameters of an operation). */
  allowedValues?: unknown[];
  /** A bound the spec sets (minimum, maximum, maxLength, ...). */
  limit?: number;
  /** For an unknown parameter: the defined name the client most likely meant, when one is close. */
  suggestion?: string;
  /** One sentence saying what was wrong. */
  message: string;
}

export interface Violation {
  id: number;
  time: string;
  api: string;
  method: string;
  path: string;
  operationId: string | null;
  status: number;
  kind: ViolationKind;
  rule: ContractRule;
}

/** What a caller reports; the log adds id and time. `tenant` scopes it (never shown). */
export interface ViolationInput extends Omit<Violation, 'id' | 'time'> {
  tenant?: string | null;
}

interface Stored extends Violation {
  tenant: string | null;
}

/** One line per violation, for assertion messages and the summary printed at stop. */
export function formatViolation(v: Pick<Violation, 'method' | 'path' | 'status' | 'rule'>): string {
  const allowed = v.rule.allowedValues?.length ? ` (allowed: ${v.rule.allowedValues.map(String).join(', ')})` : '';
  return `${v.method} ${v.path} -> ${v.status}: ${v.rule.message}${allowed} [${v.rule.in}${v.rule.name ? ` '${v.rule.name}'` : ''}, ${v.rule.keyword}]`;
}

/** Distinct violations of a run with how often each happened, most frequent first. */
export interface ViolationTally {
  total: number;
  distinct: { line: string; count: number }[];
}

export class ViolationLog {
  readonly #list: TenantRings<Stored>;
  readonly #tally = new Map<string, number>();
  #total = 0;
  #ids = 0;

  /** `capacity` violations kept per tenant (and as many for requests without one). */
  constructor(readonly capacity = 1000) {
    this.#list = new TenantRings<Stored>(Math.max(0, capacity));
  }

  record(input: ViolationInput): Violation {
    const { tenant = null, ...rest } = input;
    const stored: Stored = { id: ++this.#ids, time: new Date().toISOString(), ...rest, tenant };
    this.#total++;
    const line = formatViolation({ ...stored, path: stored.operationId ?? stored.path });
    this.#tally.set(line, (this.#tally.get(line) ?? 0) + 1);
    this.#list.push(tenant, stored);
    return publicForm(stored);
  }

  /** Violations oldest first; with a tenant, only those its requests made. */
  list(tenant?: string | null): Violation[] {
    return this.#list.items(tenant).map(publicForm);
  }

  /** Forgets the listed violations (a tenant's own only, with a tenant); the run's tally stays. */
  clear(tenant?: string | null): void {
    this.#list.clear(tenant);
  }

  /** Every violation of the run, cleared or not. */
  tally(): ViolationTally {
    const distinct = [...this.#tally].map(([line, count]) => ({ line, count })).sort((a, b) => b.count - a.count);
    return { total: this.#total, distinct };
  }
}

function publicForm(v: Stored): Violation {
  const { tenant: _tenant, ...rest } = v;
  return { ...rest, rule: { ...rest.rule } };
}

const WHERE = new Set(['query', 'path', 'header', 'headers', 'requestBody']);

/** The rule behind the first of Ajv's errors for a request (openapi-backend's instance paths). */
export function ruleFromAjv(errors: readonly ErrorObject[], message: string): ContractRule {
  const e = errors[0];
  if (!e) return { keyword: 'schema', in: 'request', message };
  const [, section = '', ...rest] = e.instancePath.split('/');
  const p = e.params as Record<string, unknown>;
  const at = rest.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let name = at.join('/') || undefined;
  if (e.keyword === 'required' && typeof p.missingProperty === 'string') name = [...at, p.missingProperty].join('/');
  if (e.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') name = [...at, p.additionalProperty].join('/');
  const rule: ContractRule = { keyword: e.keyword, in: WHERE.has(section) ? (section === 'headers' ? 'header' : section) : 'request', message };
  if (name) rule.name = name;
  if (Array.isArray(p.allowedValues)) rule.allowedValues = p.allowedValues;
  else if ('allowedValue' in p) rule.allowedValues = [p.allowedValue];
  if (typeof p.limit === 'number') rule.limit = p.limit;
  return rule;
}

/** The summary `serve --fail-on-violations` prints at stop. */
export function formatTally(tally: ViolationTally, shown = 20): string {
  if (tally.total === 0) return 'no contract violations during this run';
  const lines = tally.distinct.slice(0, shown).map((d) => `  ${d.count} x ${d.line}`);
  if (tally.distinct.length > shown) lines.push(`  ... and ${tally.distinct.length - shown} more kinds`);
  const s = tally.total === 1 ? '' : 's';
  return `${tally.total} contract violation${s} during this run (${tally.distinct.length} distinct):\n${lines.join('\n')}`;
}
