import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { SERVER_ENTRY } from '../harness/server-process';
import { ConfigMap, PersistentVolumeClaim, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';

/*
 * deploy/kubernetes, rendered as `kubectl apply -k` would (kustomize inside kubectl, offline)
 * and every object validated against the Kubernetes schemas (kubernetes-models: the API's
 * OpenAPI schemas compiled into the npm package, nothing fetched). Then what the contract and
 * the README promise: probes, non-root read-only pods, a grace period that covers the drain,
 * references that resolve, replicas, storage.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const kustomizeRoot = join(repoRoot, 'deploy/kubernetes');
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const hasKubectl = kubectl.status === 0;
if (!hasKubectl && process.env.CI) throw new Error('kubectl (with its built-in kustomize) is needed to render deploy/kubernetes');

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; [field: string]: any };

const MODELS: Record<string, { new (data: any): { validate(): void } }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

function render(dir: string): K8sObject[] {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
  return parseAllDocuments(result.stdout).map((document) => document.toJS() as K8sObject);
}

function validateAll(objects: K8sObject[]): void {
  for (const object of objects) {
    const Model = MODELS[`${object.apiVersion}/${object.kind}`];
    expect(Model, `no schema for ${object.apiVersion} ${object.kind}`).toBeDefined();
    expect(() => new Model!(object).validate(), `${object.kind}/${object.metadata.name}`).not.toThrow();
  }
}

const find = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((object) => object.kind === kind && (object.metadata.name === name || object.metadata.name.startsWith(`${name}-`)));
  expect(found, `${kind}/${name}`).toBeDefined();
  return found!;
};
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([name, value]) => labels[name] === value);

/** What every rendering must hold for the server. */
function checkServer(objects: K8sObject[]): K8sObject {
  const deployment = find(objects, 'Deployment', 'config-service');
  const pod = deployment.spec.template.spec;
  const [server] = pod.containers;
  expect(server.image).toBe('ghcr.io/config-service/config-service:0.1.0');
  expect(server.readinessProbe.httpGet).toMatchObject({ path: '/health', port: 'http' });
  expect(server.livenessProbe.httpGet).toMatchObject({ path: '/health/live', port: 'http' });
  expect(server.startupProbe.httpGet).toMatchObject({ path: '/health/live' });
  expect(server.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
  expect(server.resources.limits.memory).toBeDefined();
  expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
  expect(server.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  // Everything the server writes is on a volume: /data and /tmp.
  expect(server.volumeMounts.map((mount: { mountPath: string }) => mount.mountPath).sort()).toEqual(['/data', '/tmp']);

  // The grace period covers the preStop pause and the whole drain.
  const settings = find(objects, 'ConfigMap', 'config-service-settings');
  expect(server.envFrom[0].configMapRef.name).toBe(settings.metadata.name);
  const shutdownSeconds = Number(settings.data.CONFIG_SERVICE_SHUTDOWN_TIMEOUT_MS) / 1000;
  const preStopSeconds = Number(server.lifecycle.preStop.exec.command[1]);
  expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(shutdownSeconds + preStopSeconds + 1);

  // Every reference resolves to an object of the rendering.
  const keys = find(objects, 'Secret', 'config-service-keys');
  for (const variable of server.env) expect(variable.valueFrom.secretKeyRef.name).toBe(keys.metadata.name);
  expect(objects.some((object) => object.kind === 'ServiceAccount' && object.metadata.name === pod.serviceAccountName)).toBe(true);
  const service = find(objects, 'Service', 'config-service');
  expect(matches(service.spec.selector, deployment.spec.template.metadata.labels)).toBe(true);
  expect(service.spec.ports[0].targetPort).toBe(server.ports[0].name);
  const budget = find(objects, 'PodDisruptionBudget', 'config-service');
  expect(matches(budget.spec.selector.matchLabels, deployment.spec.template.metadata.labels)).toBe(true);
  expect(matches(deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels)).toBe(true);
  return deployment;
}

describe.skipIf(!hasKubectl)('Kubernetes manifests (deploy/kubernetes)', () => {
  it('the validator catches a broken object (so a pass means something)', () => {
    const objects = render(join(kustomizeRoot, 'overlays/embedded'));
    const deployment = structuredClone(find(objects, 'Deployment', 'config-service'));
    deployment.spec.template.spec.containers[0].readinessProbe.httpGet = { path: '/health' };
    expect(() => new Deployment(deployment).validate()).toThrow(/port/);
    deployment.spec.replicas = 'three';
    expect(() => new Deployment(deployment).validate()).toThrow(/integer/);
  });

  it('embedded: one pod, SQLite on a PersistentVolumeClaim, never two pods on the file', () => {
    const objects = render(join(kustomizeRoot, 'overlays/embedded'));
    validateAll(objects);
    const deployment = checkServer(objects);
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    const data = deployment.spec.template.spec.volumes.find((volume: { name: string }) => volume.name === 'data');
    expect(data).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'config-service-data' } });
    find(objects, 'PersistentVolumeClaim', 'config-service-data');
    const settings = find(objects, 'ConfigMap', 'config-service-settings');
    expect(settings.data.REDIS_URL).toBeUndefined();
    expect(objects.filter((object) => object.kind === 'StatefulSet')).toEqual([]);
  });

  it('production: three replicas on a PostgreSQL StatefulSet and Redis, PDB of two, HPA, rolling updates without lost capacity', () => {
    const objects = render(join(kustomizeRoot, 'overlays/production'));
    validateAll(objects);
    const deployment = checkServer(objects);
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(find(objects, 'PodDisruptionBudget', 'config-service').spec).toMatchObject({ minAvailable: 2 });
    expect(find(objects, 'PodDisruptionBudget', 'config-service').spec.maxUnavailable).toBeUndefined();
    expect(find(objects, 'HorizontalPodAutoscaler', 'config-service').spec).toMatchObject({ minReplicas: 3, scaleTargetRef: { kind: 'Deployment', name: 'config-service' } });

    const settings = find(objects, 'ConfigMap', 'config-service-settings');
    expect(settings.data).toMatchObject({ REDIS_URL: 'redis://config-service-redis:6379', CONFIG_SERVICE_SHUTDOWN_TIMEOUT_MS: '10000' });
    const keys = find(objects, 'Secret', 'config-service-keys');
    const databaseUrl = new URL(keys.stringData.DATABASE_URL);
    const postgres = find(objects, 'StatefulSet', 'config-service-postgres');
    const postgresService = find(objects, 'Service', 'config-service-postgres');
    expect(databaseUrl.hostname).toBe(postgresService.metadata.name);
    expect(postgres.spec.serviceName).toBe(postgresService.metadata.name);
    expect(matches(postgresService.spec.selector, postgres.spec.template.metadata.labels)).toBe(true);
    expect(postgres.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBeDefined();
    const postgresSecret = find(objects, 'Secret', 'config-service-postgres');
    expect(databaseUrl.username).toBe(postgresSecret.stringData.POSTGRES_USER);
    expect(databaseUrl.pathname).toBe(`/${postgresSecret.stringData.POSTGRES_DB}`);
    const redis = find(objects, 'Deployment', 'config-service-redis');
    expect(matches(find(objects, 'Service', 'config-service-redis').spec.selector, redis.spec.template.metadata.labels)).toBe(true);
    // The server's own Service selects only server pods, not the database or Redis.
    const service = find(objects, 'Service', 'config-service');
    for (const other of [postgres, redis]) expect(matches(service.spec.selector, other.spec.template.metadata.labels)).toBe(false);
    for (const workload of [postgres, redis]) expect(workload.spec.template.spec.securityContext.runAsNonRoot).toBe(true);

    // The Secret's placeholders stop the server, naming them, rather than run with them.
    const started = spawnSync(process.execPath, [SERVER_ENTRY], { env: { PATH: process.env.PATH, ...settings.data, ...keys.stringData, CONFIG_SERVICE_DATA_DIR: mkdtempSync(join(tmpdir(), 'cs-k8s-')) }, encoding: 'utf8', timeout: 30_000 });
    expect(started.status).toBe(1);
    expect(started.stderr).toContain('CONFIG_SERVICE_ADMIN_KEY');
    expect(started.stderr).toContain('CONFIG_SERVICE_JWT_SECRET');
  });

  it('the optional ServiceMonitor component renders on top of production and validates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-kustomize-'));
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${relative(dir, join(kustomizeRoot, 'overlays/production'))}\ncomponents:\n  - ${relative(dir, join(kustomizeRoot, 'components/monitoring'))}\n`,
    );
    const objects = render(dir);
    validateAll(objects);
    const monitor = find(objects, 'ServiceMonitor', 'config-service');
    expect(monitor.spec.endpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s' }]);
    expect(matches(monitor.spec.selector.matchLabels, find(objects, 'Service', 'config-service').metadata.labels!)).toBe(true);
  });
});
