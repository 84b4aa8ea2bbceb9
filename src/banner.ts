// What a start tells: where both APIs are with one request each, the docs, the control plane, the
// data and the tokens accepted. Token values are never printed. On a terminal as a banner for the
// person who ran it; elsewhere as the fields of one JSON log line (bannerFields).
import type { DataSummary } from './open-data.js';
import { isLoopback, type SandboxOptions } from './options.js';

export interface BannerInput {
  version: string;
  url: string;
  options: Pick<SandboxOptions, 'adminPrefix' | 'adminToken' | 'host' | 'tenants'>;
  data: DataSummary;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function tokensLine(tenants: SandboxOptions['tenants']): string {
  if (tenants.length === 0) return 'any non-empty Api-Token (v1) or bearer token (v0)';
  const tokens = tenants.reduce((n, t) => n + t.tokens.length, 0);
  return `the ${plural(tokens, 'token', 'tokens')} of ${plural(tenants.length, 'tenant', 'tenants')} (${tenants.map((t) => t.name).join(', ')}) from the config`;
}

function controlPlaneLine(url: string, options: BannerInput['options']): string {
  // The live page, at the control plane's root: what a person at the banner wants to open.
  const base = `${url}${options.adminPrefix}/`;
  if (options.adminToken) return `${base}  (live page; bearer admin token required)`;
  if (!isLoopback(options.host)) return `${base}  (disabled beyond loopback without --admin-token; health and ready stay open)`;
  return `${base}  (live page; open: loopback only, no admin token)`;
}

/** The banner's facts as log fields, for the JSON log line a start writes off a terminal. */
export function bannerFields({ url, options, data }: BannerInput): Record<string, string | number> {
  return {
    url,
    v1: `${url}/v1/threads`,
    v0: `${url}/human/v0/threads`,
    docs: `${url}/docs`,
    controlPlane: controlPlaneLine(url, options),
    data: data.file ?? data.database ?? '(in memory)',
    source: data.source,
    executionThreads: data.executionThreads,
    threads: data.threads,
    acceptedTokens: tokensLine(options.tenants),
  };
}

export function formatBanner({ version, url, options, data }: BannerInput): string {
  const token = options.tenants.length === 0 ? 'any' : '<token>';
  const rows: [string, string][] = [
    ['Execution Threads v1', `curl -H 'Api-Token: ${token}' '${url}/v1/threads?workspaceId=1'`],
    ['Agentry Threads v0', `curl -H 'Authorization: Bearer ${token}' '${url}/human/v0/threads?limit=2'`],
    ['API docs', `${url}/docs`],
    ['Control plane', controlPlaneLine(url, options)],
    ['Data', data.file ? `${data.file}: ${data.source}` : data.source],
    ['Records', `${plural(data.executionThreads, 'execution thread', 'execution threads')}, ${plural(data.threads, 'thread', 'threads')}`],
    ['Tokens', tokensLine(options.tenants)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [`thread-sandbox ${version} listening on ${url}`, ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`), '  Stop with Ctrl+C; every option: thread-sandbox serve --help', ''].join('\n');
}
