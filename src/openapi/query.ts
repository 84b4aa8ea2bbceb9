// Query strings as the documents send them: `?workspaceId=&start=0&...&=&sorting=`. An empty value
// means "not given" and an empty name is ignored. A name given twice keeps every value, so that
// validation can reject it by name. The result has no prototype: `__proto__` is just a name.
// Names sent with an empty value go into `blank` when given, so that a misspelled name is found
// even without a value (see unknown-parameters.ts).

export type Query = Record<string, string | string[]>;

export function parseQuery(raw: string, blank?: string[]): Query {
  const query: Query = Object.create(null) as Query;
  if (raw === '') return query;
  // Without '%' or '+' nothing needs decoding, and splitting by hand gives what URLSearchParams
  // would (which also drops one leading '?'), at a fraction of its cost on every request.
  if (!raw.includes('%') && !raw.includes('+') && raw[0] !== '?') {
    for (const pair of raw.split('&')) {
      const eq = pair.indexOf('=');
      add(query, eq < 0 ? pair : pair.slice(0, eq), eq < 0 ? '' : pair.slice(eq + 1), blank);
    }
    return query;
  }
  for (const [name, value] of new URLSearchParams(raw)) add(query, name, value, blank);
  return query;
}

function add(query: Query, name: string, value: string, blank: string[] | undefined): void {
  if (name === '') return;
  if (value === '') {
    blank?.push(name);
    return;
  }
  const seen = query[name];
  if (seen === undefined) query[name] = value;
  else if (Array.isArray(seen)) seen.push(value);
  else query[name] = [seen, value];
}

/** Splits a request URL into its path and raw query string. */
export function splitUrl(url: string): { path: string; rawQuery: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, rawQuery: '' } : { path: url.slice(0, q), rawQuery: url.slice(q + 1) };
}
