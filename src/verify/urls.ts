// Query strings built the way a client would send them; undefined values are left out.

export type Params = Record<string, string | number | undefined>;

export function withQuery(path: string, params: Params = {}): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length === 0 ? path : `${path}?${parts.join('&')}`;
}
