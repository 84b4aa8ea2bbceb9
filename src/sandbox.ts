// The whole sandbox (store, services, app, HTTP server) as one value, for the CLI and for this
// repository's tests. The package's entry exports a narrower handle (public-sandbox.ts): express,
// the server and the store stay internal.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { agentryThreadsError } from './apis/agentry-threads/errors.js';
import { executionThreadsError } from './apis/execution-threads/errors.js';
import { answerClientErrors } from './http/client-errors.js';
import { initialDataFor } from './fixtures.js';
import { createLogger } from './logger.js';
import type { Database } from './model.js';
import { OptionsError, redactUrl, type SandboxOptions } from './options.js';
import { openData, type DataSummary } from './open-data.js';
import { createServices, type Services } from './services.js';
import { warnAboutEmptyTenants } from './tenant-coverage.js';
import { resolveStartOptions, type InternalStartOptions } from './start-options.js';
import { sandboxControl, type SandboxControl } from './control/sandbox-control.js';
import type { SandboxStore } from './store/contract.js';
import type { FileLayer } from './store/file-layer.js';
import { openStore } from './store/open-store.js';
import { openEngine, readModelFromEnvironment } from './wiring.js';

export type { StartOptions } from './start-options.js';

export interface Sandbox extends SandboxControl {
  /** Base URL, e.g. http://127.0.0.1:8160 */
  url: string;
  port: number;
  app: Express;
  server: Server;
  services: Services;
  store: SandboxStore;
  /** What the sandbox serves: the data file, where its data came from, record counts. */
  data: DataSummary;
  /** The whole database as the snapshot export returns it. */
  snapshot(): Promise<Database>;
  /** Closes the server after in-flight requests, then flushes pending writes. */
  stop(): Promise<void>;
}

/** Builds store, services and app without listening (for supertest). Options are checked like flags. */
export async function createSandboxApp(options: InternalStartOptions = {}): Promise<{ app: Express; services: Services; data: DataSummary }> {
  return buildSandbox(await resolveStartOptions(options), options.logger, options.files);
}

/** Store, services and app from options already resolved (the CLI resolves flags, environment and config). */
export async function buildSandbox(resolved: SandboxOptions, logger?: Logger, files?: FileLayer): Promise<{ app: Express; services: Services; data: DataSummary }> {
  const log = logger ?? createLogger(resolved.logLevel);
  const initialData = initialDataFor(resolved);
  if (resolved.store !== undefined) return buildOnDatabase(resolved, resolved.store, initialData, log);
  const { store, data } = await openData(resolved, initialData, (location) => openStore({ location, initial: initialData, files, warn: (message) => log.warn(message), readModel: readModelFromEnvironment() }));
  try {
    const services = createServices({ options: resolved, store, log, initialData, data });
    const app = await createApp(services);
    warnAboutEmptyTenants(resolved.tenants, store, log);
    return { app, services, data };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * On PostgreSQL: the database, not a data file, holds the data (an empty one is seeded once by the
 * first replica); the engine also keeps the journal, the faults and the page-token secret.
 */
async function buildOnDatabase(resolved: SandboxOptions, url: string, initialData: () => Promise<Database>, log: Logger): Promise<{ app: Express; services: Services; data: DataSummary }> {
  const engine = await openEngine({ location: url, initial: initialData, warn: (message) => log.warn(message), readModel: readModelFromEnvironment(), cursorSecret: resolved.cursorSecret, journalSize: resolved.journalSize, databaseTimeoutMs: resolved.databaseTimeoutMs });
  try {
    // Replicas on one database sign page tokens with the secret it holds.
    const data: DataSummary = { database: redactUrl(url), source: `PostgreSQL at ${redactUrl(url)}`, executionThreads: engine.store.executionThreads.size, threads: engine.store.threads.size };
    const services = createServices({ options: { ...resolved, cursorSecret: engine.cursorSecret }, store: engine.store, log, initialData, journal: engine.journal, faults: engine.faults, replica: engine.replica, data });
    const app = await createApp(services);
    warnAboutEmptyTenants(resolved.tenants, engine.store, log);
    return { app, services, data };
  } catch (error) {
    await engine.store.close();
    throw error;
  }
}

/** The whole database once the store has caught up with shared state (other replicas' writes). */
async function snapshotNow(store: SandboxStore): Promise<Database> {
  await store.sync();
  return store.snapshot();
}

/**
 * Starts a sandbox. In memory unless `inMemory: false` is given with a `data` file.
 * @example
 * const sandbox = await startSandbox({ port: 0, seed: 1, threads: 20 });
 * await sandbox.seed({ executionThreads: [{ workspaceId: 1, threadToken: 'tok-1' }] });
 * await sandbox.addFault({ operationId: 'listExecutionThreads', kind: 'status', status: 500, times: 1 });
 * await fetch(`${sandbox.url}/v1/threads`, { headers: { 'Api-Token': 'any' } }); // 500
 * await sandbox.journal({ operationId: 'listExecutionThreads' }); // [{ status: 500, ... }]
 * await sandbox.reset();
 * await sandbox.stop();
 */
export async function startSandbox(options: InternalStartOptions = {}): Promise<Sandbox> {
  return serveSandbox(await resolveStartOptions(options), options.logger, options.files);
}

/** The port asked for is taken: an option to change, so an OptionsError that names it. */
export class PortInUseError extends OptionsError {
  override name = 'PortInUseError';
  constructor(readonly port: number, readonly host: string) {
    super(`port ${port} on ${host} is already in use; pick another (0 picks a free one)`);
  }
}

/** Builds and listens, from options already resolved. */
export async function serveSandbox(resolved: SandboxOptions, logger?: Logger, files?: FileLayer): Promise<Sandbox> {
  const { app, services, data } = await buildSandbox(resolved, logger, files);
  const timeout = services.options.requestTimeoutMs;
  // Node checks for timed-out requests every connectionsCheckingInterval (30 s by default): check
  // often enough that a short configured timeout is honoured.
  const server = createServer({ requestTimeout: timeout, connectionsCheckingInterval: timeout > 0 ? Math.min(30_000, Math.max(100, timeout / 4)) : 30_000 }, app);
  // v0 and the control plane share the {name, message} shape; v1 answers paths no API owns.
  const { adminPrefix } = services.options;
  const namedShape = (path: string) => path === '/human' || path.startsWith('/human/') || path === adminPrefix || path.startsWith(`${adminPrefix}/`);
  answerClientErrors(server, (status, message, path) => (path !== undefined && namedShape(path) ? agentryThreadsError(status, message) : executionThreadsError(status, message)).body);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(services.options.port, services.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // A port in use: the store opened for nothing holds the data file and its log.
    await services.store.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(services.options.port, services.options.host);
    throw error;
  }
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
    data,
    snapshot: () => snapshotNow(services.store),
    ...sandboxControl(services),
    stop: () =>
      (stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Live pages' event streams never end by themselves: end them, and refuse new ones.
        services.live.close();
        server.closeIdleConnections();
        // Requests held open on purpose (timeout faults) would keep the server up forever.
        const force = setTimeout(() => server.closeAllConnections(), 2000);
        await closed;
        clearTimeout(force);
        await services.store.close();
      })()),
  };
}
