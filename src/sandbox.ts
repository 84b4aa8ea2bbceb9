// startSandbox(): a whole sandbox (store, services, app, HTTP server) as one value, for the CLI and
// for test suites that run it in-process.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { initialDataFor } from './fixtures.js';
import { createLogger } from './logger.js';
import { DEFAULTS, type SandboxOptions } from './options.js';
import { createServices, type Services } from './services.js';
import { sandboxControl, type SandboxControl } from './control/sandbox-control.js';
import type { SandboxStore } from './store/contract.js';
import type { FileLayer } from './store/file-layer.js';
import { openEngine } from './store/open-store.js';

export interface Sandbox extends SandboxControl {
  /** Base URL, e.g. http://127.0.0.1:8160 */
  url: string;
  port: number;
  app: Express;
  server: Server;
  services: Services;
  store: SandboxStore;
  /** Closes the server after in-flight requests, then flushes pending writes. */
  stop(): Promise<void>;
}

export interface StartOptions extends Partial<SandboxOptions> {
  /** A logger to use instead of one built from logLevel. */
  logger?: Logger;
  /** @internal The file operations the store writes through (tests fail them on purpose). */
  files?: FileLayer;
}

/** Builds store, services and app without listening (for supertest). */
export async function createSandboxApp(options: StartOptions = {}): Promise<{ app: Express; services: Services }> {
  const resolved: SandboxOptions = { ...DEFAULTS, ...withoutUndefined(options) };
  const log = options.logger ?? createLogger(resolved.logLevel);
  const initialData = initialDataFor(resolved);
  const location = resolved.store ?? (resolved.inMemory ? undefined : resolved.data);
  const engine = await openEngine({ location, initial: initialData, files: options.files, warn: (message) => log.warn(message), cursorSecret: resolved.cursorSecret, journalSize: resolved.journalSize, databaseTimeoutMs: resolved.databaseTimeoutMs });
  // Replicas on one database sign page tokens with the secret it holds.
  const services = createServices({ options: { ...resolved, cursorSecret: engine.cursorSecret }, store: engine.store, log, initialData, journal: engine.journal, faults: engine.faults, replica: engine.replica });
  const app = await createApp(services);
  return { app, services };
}

/**
 * Starts a sandbox. In memory unless `inMemory: false` is given with a `data` file.
 * @example
 * const sandbox = await startSandbox({ port: 0, seed: 1, threads: 20 });
 * await sandbox.seed({ executionThreads: [{ workspaceId: 1, threadToken: 'tok-1' }] });
 * sandbox.addFault({ operationId: 'listExecutionThreads', kind: 'status', status: 500, times: 1 });
 * await fetch(`${sandbox.url}/v1/threads`, { headers: { 'Api-Token': 'any' } }); // 500
 * sandbox.journal({ operationId: 'listExecutionThreads' }); // [{ status: 500, ... }]
 * await sandbox.reset();
 * await sandbox.stop();
 */
export async function startSandbox(options: StartOptions = {}): Promise<Sandbox> {
  const { app, services } = await createSandboxApp({ inMemory: true, port: 0, logLevel: 'silent', ...options });
  const timeout = services.options.requestTimeoutMs;
  // Node checks for timed-out requests every connectionsCheckingInterval (30 s by default): check
  // often enough that a short configured timeout is honoured.
  const server = createServer({ requestTimeout: timeout, connectionsCheckingInterval: timeout > 0 ? Math.min(30_000, Math.max(100, timeout / 4)) : 30_000 }, app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(services.options.port, services.options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = services.options.host.includes(':') ? `[${services.options.host}]` : services.options.host;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    app,
    server,
    services,
    store: services.store,
    ...sandboxControl(services),
    stop: () =>
      (stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Requests held open on purpose (timeout faults) would keep the server up forever.
        const force = setTimeout(() => server.closeAllConnections(), 2000);
        await closed;
        clearTimeout(force);
        await services.store.close();
      })()),
  };
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
