// compose.yaml's "replicas" profile: PostgreSQL, three sandboxes on it, HAProxy in front. Parsed
// the way compose reads it (YAML merge keys included), since no compose engine runs in the tests.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HAPROXY_CFG = 'deploy/haproxy/haproxy.cfg';

interface ComposeService {
  profiles?: string[];
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync(`${ROOT}compose.yaml`, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const inProfile = Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('replicas'));
const byName = new Map(inProfile);
const replicas = inProfile.filter(([, s]) => s.environment?.SANDBOX_STORE !== undefined);
const haproxyCfg = readFileSync(`${ROOT}${HAPROXY_CFG}`, 'utf8');

describe('the compose "replicas" profile', () => {
  it('leaves the default service alone: `docker compose up` still starts one sandbox on a file', () => {
    const plain = Object.entries(compose.services).filter(([, s]) => !s.profiles);
    assert.deepEqual(plain.map(([n]) => n), ['thread-sandbox']);
    assert.equal(plain[0]?.[1].environment?.SANDBOX_STORE, undefined);
  });

  it('runs three sandboxes on the one PostgreSQL service, each waiting for it to be healthy', () => {
    const postgres = [...byName].filter(([, s]) => /^postgres(:|$)/.test(s.image ?? ''));
    assert.equal(postgres.length, 1, 'one PostgreSQL service');
    const [pgName, pg] = postgres[0] as [string, ComposeService];
    assert.ok(pg.healthcheck, 'PostgreSQL has a health check the replicas can wait for');
    assert.equal(replicas.length, 3);
    for (const [name, s] of replicas) {
      const url = new URL(s.environment?.SANDBOX_STORE as string);
      assert.equal(url.protocol, 'postgres:', name);
      assert.equal(url.hostname, pgName, `${name} reaches the database by its service name`);
      assert.equal(decodeURIComponent(url.username), pg.environment?.POSTGRES_USER);
      assert.equal(decodeURIComponent(url.password), pg.environment?.POSTGRES_PASSWORD);
      assert.equal(url.pathname.slice(1), pg.environment?.POSTGRES_DB);
      assert.equal(s.depends_on?.[pgName]?.condition, 'service_healthy', `${name} starts after the database is healthy`);
      assert.ok(s.build !== undefined || s.image, `${name} runs the sandbox image`);
      assert.ok(s.environment?.SANDBOX_ADMIN_TOKEN, `${name} sets an admin token (it listens on 0.0.0.0)`);
      assert.match(s.healthcheck?.test.join(' ') ?? '', /\/__sandbox\/ready/, `${name}'s health check is readiness (database reachable)`);
      assert.equal(s.volumes, undefined, `${name} keeps no data of its own`);
    }
  });

  it('puts a load balancer in front that waits for every replica and balances over exactly them', () => {
    const balancers = [...byName].filter(([, s]) => /^haproxy(:|$)/.test(s.image ?? ''));
    assert.equal(balancers.length, 1);
    const [, lb] = balancers[0] as [string, ComposeService];
    assert.deepEqual(Object.keys(lb.depends_on ?? {}).sort(), replicas.map(([n]) => n).sort());
    for (const dep of Object.values(lb.depends_on ?? {})) assert.equal(dep.condition, 'service_healthy');
    assert.ok(lb.volumes?.some((v) => v.startsWith(`./${HAPROXY_CFG}:`)), 'the balancer uses deploy/haproxy/haproxy.cfg');
    assert.ok(lb.ports?.length === 1 && !lb.ports[0]?.startsWith('8160:'), 'it does not collide with the default service on 8160');
    const servers = [...haproxyCfg.matchAll(/^\s*server\s+\S+\s+([^:\s]+):8160\b/gm)].map((m) => m[1]);
    assert.deepEqual(servers.sort(), replicas.map(([n]) => n).sort());
  });

  it('the HAProxy config balances round robin and checks /__sandbox/ready', () => {
    assert.match(haproxyCfg, /^\s*mode http\b/m);
    assert.match(haproxyCfg, /^\s*balance roundrobin\b/m);
    assert.match(haproxyCfg, /^\s*option httpchk GET \/__sandbox\/ready\b/m);
    assert.match(haproxyCfg, /^\s*default-server\b.*\bcheck\b/m);
  });

  it('HAProxy itself accepts the config', { skip: spawnSync('haproxy', ['-v']).error ? 'haproxy is not installed' : false }, () => {
    const check = spawnSync('haproxy', ['-c', '-f', `${ROOT}${HAPROXY_CFG}`], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });
});
