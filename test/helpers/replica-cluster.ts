// Several `thread-sandbox serve` processes on one throwaway PostgreSQL database, behind HAProxy:
// the deployment of docs/replicas.md, started and stopped by a test. replicaClusterSkip() says in
// one line why it cannot run here (binaries missing), unless CI requires them.
import { startCli, type RunningCli } from './cli.js';
import { haproxySkip, startHaproxy, type Balancer } from './haproxy.js';
import { postgresSkip, startPostgres, type PostgresCluster } from './postgres.js';

export interface Replica {
  name: string;
  url: string;
  process: RunningCli;
}

export interface ReplicaCluster {
  database: PostgresCluster;
  /** The URL every replica was started with (--store). */
  storeUrl: string;
  replicas: Replica[];
  balancer: Balancer;
  replica(name: string): Replica;
  stop(): Promise<void>;
}

export function replicaClusterSkip(): string | false {
  return postgresSkip() || haproxySkip();
}

async function stopReplica(r: Replica): Promise<void> {
  const { child, exited } = r.process;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(force);
}

/** Starts the database, then `count` replicas at once (they share the migrations), then the balancer. */
export async function startReplicaCluster(count = 3, serveArgs: readonly string[] = []): Promise<ReplicaCluster> {
  const database = await startPostgres();
  const replicas: Replica[] = [];
  let balancer: Balancer | undefined;
  const stop = async () => {
    await balancer?.stop();
    await Promise.all(replicas.map(stopReplica));
    await database.stop();
  };
  try {
    const storeUrl = database.url;
    const started = await Promise.allSettled(
      Array.from({ length: count }, (_, i) => startCli(['--store', storeUrl, '--log-level', 'info', ...serveArgs]).then((process) => replicas.push({ name: `r${i + 1}`, url: process.url, process }))),
    );
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    replicas.sort((a, b) => a.name.localeCompare(b.name));
    balancer = await startHaproxy(replicas.map((r) => ({ name: r.name, url: r.url })));
    await balancer.waitForStates(Object.fromEntries(replicas.map((r) => [r.name, 'UP'])));
    const cluster: ReplicaCluster = {
      database,
      storeUrl,
      replicas,
      balancer,
      replica: (name) => {
        const r = replicas.find((x) => x.name === name);
        if (!r) throw new Error(`no replica ${name}`);
        return r;
      },
      stop,
    };
    return cluster;
  } catch (error) {
    await stop();
    throw error;
  }
}
