// The proxy's defaults, apart from the server so that `--help` can show them without loading it.
export const PROXY_DEFAULTS = { port: 8161, host: '127.0.0.1', timeoutMs: 30_000, keep: 10_000, checkLimit: 16 * 1024 * 1024 } as const;
