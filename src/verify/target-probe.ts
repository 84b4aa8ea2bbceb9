// Before any check: is the target reachable, and is it these APIs at all? Either failure is not a
// contract violation but a wrong target, and ends the run with its own exit status.
import { TransportError, type ApiName, type HttpClient } from './http-client.js';

export class TargetError extends Error {}

const PROBES: Record<ApiName, { title: string; path: string; key: string }> = {
  v1: { title: 'Execution Threads v1 API', path: '/v1/threads', key: 'items' },
  v0: { title: 'Agentry Threads v0 API', path: '/human/v0/threads', key: 'threads' },
};

export function parseTarget(target: string): string {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new TargetError(`--target '${target}' is not a URL (expected e.g. http://localhost:8160)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetError(`--target '${target}' is not an http(s) URL`);
  return target.replace(/\/+$/, '');
}

export async function probeTarget(client: HttpClient, apis: readonly ApiName[]): Promise<void> {
  for (const api of apis) {
    const { title, path, key } = PROBES[api];
    let answer;
    try {
      answer = await client.get(api, path);
    } catch (error) {
      if (error instanceof TransportError) throw new TargetError(`cannot reach ${client.target}: ${error.message}`);
      throw error;
    }
    const where = `GET ${client.target}${path} answered ${answer.status} ${answer.contentType || '(no content-type)'}`;
    if (answer.status === 401) {
      const flag = api === 'v1' ? '--api-token' : '--bearer';
      throw new TargetError(`${where}: the target rejected the credentials; pass valid ones with ${flag}`);
    }
    const body = answer.body;
    const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
    const looksRight = isObject && (answer.status !== 200 || key in body) && [200, 400, 500].includes(answer.status);
    if (!looksRight) {
      const hint = apis.length > 1 ? ` (to verify only the other API, pass --api ${api === 'v1' ? 'v0' : 'v1'})` : '';
      throw new TargetError(`${where}: this does not look like the ${title}${hint}: ${answer.text.slice(0, 120).replace(/\s+/g, ' ')}`);
    }
  }
}
