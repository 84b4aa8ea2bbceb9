// deploy/kubernetes/ is applied as is (`kubectl apply -f deploy/kubernetes/`): every object must be
// valid against the Kubernetes schemas, and the fields a replicated sandbox depends on must be set.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget, type IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Secret, type ISecret } from 'kubernetes-models/v1/Secret';
import { Service, type IService } from 'kubernetes-models/v1/Service';

const DIR = fileURLToPath(new URL('../../deploy/kubernetes/', import.meta.url));

/** The kinds the folder may hold, each with the model that validates it. */
const MODELS: Record<string, (obj: any) => { validate(): void }> = {
  'apps/v1 Deployment': (o) => new Deployment(o),
  'v1 Service': (o) => new Service(o),
  'v1 Secret': (o) => new Secret(o),
  'policy/v1 PodDisruptionBudget': (o) => new PodDisruptionBudget(o),
};

interface Manifest {
  file: string;
  obj: { apiVersion: string; kind: string; metadata: { name: string } } & Record<string, any>;
}

function loadManifests(): Manifest[] {
  const out: Manifest[] = [];
  for (const file of readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(DIR, file), 'utf8'))) {
      assert.deepEqual(doc.errors, [], `${file}: YAML errors`);
      const obj = doc.toJS();
      if (obj !== null) out.push({ file, obj });
    }
  }
  return out;
}

const manifests = loadManifests();
const one = <T>(kind: string): T => {
  const found = manifests.filter((m) => m.obj.kind === kind);
  assert.equal(found.length, 1, `exactly one ${kind} in deploy/kubernetes/`);
  return (found[0] as Manifest).obj as T;
};

describe('the Kubernetes manifests', () => {
  it('are all known kinds that validate against the Kubernetes schemas', () => {
    assert.ok(manifests.length >= 4);
    for (const { file, obj } of manifests) {
      const model = MODELS[`${obj.apiVersion} ${obj.kind}`];
      assert.ok(model, `${file}: ${obj.apiVersion} ${obj.kind} is not a kind this test knows`);
      assert.doesNotThrow(() => model(obj).validate(), `${file}: ${obj.kind} ${obj.metadata?.name}`);
    }
  });

  it('the validation can fail: a Deployment with replicas as text is refused', () => {
    const deployment = structuredClone(one<IDeployment>('Deployment'));
    (deployment.spec as any).replicas = 'three';
    assert.throws(() => new Deployment(deployment).validate(), /replicas/);
  });

  it('run more than one replica, and a disruption takes at most all but one away', () => {
    const deployment = one<IDeployment>('Deployment');
    const replicas = deployment.spec?.replicas ?? 1;
    assert.ok(replicas > 1, `replicas: ${replicas}`);
    const pdb = one<IPodDisruptionBudget>('PodDisruptionBudget');
    const labels = deployment.spec?.template.metadata?.labels ?? {};
    assert.deepEqual(pdb.spec?.selector?.matchLabels, deployment.spec?.selector.matchLabels);
    for (const [k, v] of Object.entries(pdb.spec?.selector?.matchLabels ?? {})) assert.equal(labels[k], v, `the budget selects the pods by ${k}`);
    const maxUnavailable = pdb.spec?.maxUnavailable;
    const minAvailable = pdb.spec?.minAvailable;
    assert.ok(
      (typeof maxUnavailable === 'number' && maxUnavailable >= 1 && maxUnavailable < replicas) || (typeof minAvailable === 'number' && minAvailable >= 1 && minAvailable < replicas),
      'the budget keeps at least one replica and lets a drain proceed',
    );
  });

  it('probe readiness on /__sandbox/ready and liveness on /__sandbox/health, on the served port', () => {
    const [container, ...others] = one<IDeployment>('Deployment').spec?.template.spec?.containers ?? [];
    assert.ok(container);
    assert.equal(others.length, 0);
    assert.equal(container.readinessProbe?.httpGet?.path, '/__sandbox/ready');
    assert.equal(container.livenessProbe?.httpGet?.path, '/__sandbox/health');
    const port = container.ports?.find((p) => p.name === container.readinessProbe?.httpGet?.port);
    assert.equal(port?.containerPort, 8160, 'the probes name the container port the image listens on');
    assert.equal(container.livenessProbe?.httpGet?.port, port?.name);
  });

  it('take the database URL and the admin token from the Secret, which holds both', () => {
    const secret = one<ISecret>('Secret');
    const container = one<IDeployment>('Deployment').spec?.template.spec?.containers[0];
    const env = new Map((container?.env ?? []).map((e) => [e.name, e]));
    for (const name of ['SANDBOX_STORE', 'SANDBOX_ADMIN_TOKEN']) {
      const ref = env.get(name)?.valueFrom?.secretKeyRef;
      assert.equal(ref?.name, secret.metadata?.name, `${name} comes from the Secret`);
      assert.ok(ref?.key && secret.stringData?.[ref.key] !== undefined, `the Secret has the key ${ref?.key}`);
      assert.equal(env.get(name)?.value, undefined, `${name} is not written in the Deployment`);
    }
    assert.match(secret.stringData?.SANDBOX_STORE ?? '', /^postgres(ql)?:\/\//);
  });

  it('the Service selects the pods and targets the served port', () => {
    const service = one<IService>('Service');
    const deployment = one<IDeployment>('Deployment');
    const labels = deployment.spec?.template.metadata?.labels ?? {};
    for (const [k, v] of Object.entries(service.spec?.selector ?? {})) assert.equal(labels[k], v);
    assert.ok(Object.keys(service.spec?.selector ?? {}).length > 0);
    const names = deployment.spec?.template.spec?.containers[0]?.ports?.map((p) => p.name);
    for (const p of service.spec?.ports ?? []) assert.ok(names?.includes(String(p.targetPort)), `targetPort ${p.targetPort}`);
  });
});
