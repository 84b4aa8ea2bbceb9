// The `sorting` grammar: comma-separated keys from CreatedAt, ThreadToken, Type, WorkspaceId
// (case-insensitive), each optionally followed by " asc" / " desc" or prefixed with "-" for
// descending. Ties keep creation order; a null threadToken sorts first ascending.
import type { ExecutionThreadRecord } from '../../model.js';
import type { ExecutionThreadOrder } from '../../store/execution-thread-index.js';
import { boundedCache, cached } from '../../bounded-cache.js';
import { epochMs } from '../../time.js';

type Field = 'createdAt' | 'threadToken' | 'type' | 'workspaceId';

// A Map: the key is the client's text, and a plain object would answer 'constructor' from its prototype.
const KEYS = new Map<string, Field>([
  ['createdat', 'createdAt'],
  ['threadtoken', 'threadToken'],
  ['type', 'type'],
  ['workspaceid', 'workspaceId'],
]);
export const SORT_KEYS = ['CreatedAt', 'ThreadToken', 'Type', 'WorkspaceId'] as const;

export interface SortTerm {
  field: Field;
  descending: boolean;
}

export class SortingError extends Error {}

export function parseSorting(text: string): SortTerm[] {
  const terms: SortTerm[] = [];
  // A blank value is no sorting, like an empty one; a blank key among others ('CreatedAt,') is unknown.
  if (text.trim() === '') return terms;
  for (const raw of text.split(',')) {
    const part = raw.trim();
    const m = /^(-?)\s*([A-Za-z]+)(?:\s+(asc|desc))?$/i.exec(part);
    const field = m ? KEYS.get((m[2] as string).toLowerCase()) : undefined;
    if (!m || !field) {
      throw new SortingError(
        `query parameter 'sorting' has ${part === '' ? 'an empty sort key (a comma with no key after or before it)' : `an unknown sort key '${part}'`}; allowed keys are ${SORT_KEYS.join(', ')}, each optionally followed by ' asc' or ' desc' or prefixed with '-'`,
      );
    }
    if (m[1] === '-' && m[3] !== undefined) {
      throw new SortingError(`query parameter 'sorting' term '${part}' uses both '-' and '${m[3]}'; use one of them`);
    }
    terms.push({ field, descending: m[1] === '-' || m[3]?.toLowerCase() === 'desc' });
  }
  return terms;
}

function compareField(field: Field, a: ExecutionThreadRecord, b: ExecutionThreadRecord): number {
  switch (field) {
    case 'createdAt':
      return epochMs(a.createdAt) - epochMs(b.createdAt);
    case 'workspaceId':
      return a.workspaceId - b.workspaceId;
    case 'type':
      return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
    case 'threadToken': {
      if (a.threadToken === b.threadToken) return 0;
      if (a.threadToken === null) return -1;
      if (b.threadToken === null) return 1;
      return a.threadToken < b.threadToken ? -1 : 1;
    }
  }
}

/** The store order for parsed terms; undefined means creation order. */
export function sortOrder(terms: readonly SortTerm[]): ExecutionThreadOrder | undefined {
  if (terms.length === 0) return undefined;
  return {
    key: terms.map((t) => `${t.field}:${t.descending ? 'desc' : 'asc'}`).join(','),
    terms,
    compare: (a, b) => {
      for (const t of terms) {
        const c = compareField(t.field, a, b);
        if (c !== 0) return t.descending ? -c : c;
      }
      return a.id - b.id;
    },
  };
}

// Any text can be sent: the least recently used are forgotten past this many.
const ORDERS = boundedCache<string, { order: ExecutionThreadOrder | undefined }>(256);

/**
 * sortOrder(parseSorting(text)), remembered per sorting text: clients send the same few sortings
 * again and again, and the order's key also names the store's cached view. Throws SortingError.
 */
export function orderFor(text: string): ExecutionThreadOrder | undefined {
  return cached(ORDERS, text, () => ({ order: sortOrder(parseSorting(text)) })).order;
}
