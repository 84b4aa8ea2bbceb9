// One workload against a running server, the way the GC benches measure it: 2 s of load to warm
// up, then the measured run, then a pause for the last GC lines to arrive; with the server's CPU
// time per request. `onMeasureStart` marks where the measured run's GC events begin.
import { runLoad } from './load.js';
import type { ServerProcess } from './processes.js';
import type { Workload } from './workloads.js';

export async function measureWorkload(server: ServerProcess, workload: Workload, seconds: number, settleMs: number, onMeasureStart: () => void) {
  const requests = await workload.resolve(server.url);
  const job = { url: server.url, requests, connections: 32, warmupSeconds: 0 };
  await runLoad({ ...job, seconds: 2 });
  onMeasureStart();
  const cpuBefore = server.cpuMs();
  const result = await runLoad({ ...job, seconds });
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const requestsDone = Math.max(result.total, 1);
  return { result, requestsDone, cpuUsPerRequest: ((server.cpuMs() - cpuBefore) * 1000) / requestsDone };
}
