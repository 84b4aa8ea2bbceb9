// Query parameters an operation does not define: the filter a client meant never runs, and the
// real API says nothing either, so the sandbox names the mistake (issue 24). The names each
// operation defines are collected once at start-up; a request only looks its names up in a Set.
import type { Operation } from 'openapi-backend';
import type { Query } from './query.js';

/** A query parameter the operation does not define, with the defined name the client probably meant. */
export interface UnknownParameter {
  name: string;
  operationId: string;
  /** The closest defined name (same letters up to case, `_` and `-`, or a small edit distance). */
  suggestion?: string;
  /** Every query parameter the operation defines, in the spec's order. */
  defined: readonly string[];
  /** One sentence for logs, violation lists and the fail-fast 400. */
  message: string;
}

interface Defined {
  names: readonly string[];
  set: ReadonlySet<string>;
  /** Normalized form -> defined name, for the case and `_`/camelCase confusions. */
  normalized: ReadonlyMap<string, string>;
}

const NONE: readonly UnknownParameter[] = Object.freeze([]);

export class QueryParameterNames {
  readonly #byOperation = new Map<string, Defined>();

  constructor(operations: readonly Operation[]) {
    for (const operation of operations) {
      const names = (operation.parameters ?? []).filter((p) => 'in' in p && p.in === 'query').map((p) => (p as { name: string }).name);
      this.#byOperation.set(operation.operationId ?? '', { names, set: new Set(names), normalized: new Map(names.map((n) => [normalize(n), n])) });
    }
  }

  /** The query parameters an operation defines. */
  defined(operationId: string): readonly string[] {
    return this.#byOperation.get(operationId)?.names ?? [];
  }

  /**
   * The names of a request the operation does not define: those with a value (`query`) and those
   * sent empty (`blank`, which parseQuery leaves out of the query). Each name once.
   */
  unknown(operationId: string, query: Query, blank: readonly string[]): readonly UnknownParameter[] {
    const defined = this.#byOperation.get(operationId);
    if (!defined) return NONE;
    let found: UnknownParameter[] | undefined;
    const check = (name: string) => {
      if (defined.set.has(name) || found?.some((u) => u.name === name)) return;
      (found ??= []).push(describe(name, operationId, defined));
    };
    for (const name in query) check(name);
    for (const name of blank) check(name);
    return found ?? NONE;
  }
}

function describe(name: string, operationId: string, defined: Defined): UnknownParameter {
  const suggestion = closestName(name, defined);
  const takes = defined.names.length === 0 ? 'it takes no query parameters' : `its parameters: ${defined.names.join(', ')}`;
  const message = suggestion === undefined ? `\`${name}\`: not a parameter of ${operationId} (${takes})` : `\`${name}\`: not a parameter of ${operationId}; did you mean \`${suggestion}\`?`;
  return { name, operationId, defined: defined.names, message, ...(suggestion === undefined ? {} : { suggestion }) };
}

/** Lowercase without `_` and `-`: `threadToken`, `thread_token` and `THREAD-TOKEN` are one name. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

/**
 * The defined name a client most likely meant: the same name up to case, `_` and `-` first, else the
 * nearest by edit distance (a swap of neighbours is one edit) over the normalized forms when it is small (at most 2, and at most a
 * third of the longer name, so that `foo` suggests nothing). Undefined for unrelated names.
 */
function closestName(name: string, defined: Defined): string | undefined {
  const wanted = normalize(name);
  const same = defined.normalized.get(wanted);
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const [candidate, original] of defined.normalized) {
    const distance = editDistance(wanted, candidate);
    const allowed = Math.min(2, Math.floor(Math.max(wanted.length, candidate.length) / 3));
    if (distance <= allowed && distance < bestDistance) {
      best = original;
      bestDistance = distance;
    }
  }
  return best;
}

/** Edit distance where swapping two neighbours counts as one edit (`strat` for `start`); names are short. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const above = rows[i - 1] as number[];
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}
