import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { resolveServerConfig } from '../../src/config/server-config.js';
import { type Manifest, schemaProblems, unknownFieldProblems } from '../support/kubernetes-schemas.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const kustomizeRoot = `${repoRoot}deploy/kubernetes`;

// The manifests are rendered by kubectl's own kustomize, as `kubectl apply -k` would render them.
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!kubectl) {
  if (process.env.CI === 'true') throw new Error('kubectl is needed to render the Kubernetes manifests');
  console.warn('SKIPPED: Kubernetes manifest tests (no kubectl; .ci/run installs kubernetes-client)');
}

function render(overlay: string): Manifest[] {
  const text = execFileSync('kubectl', ['kustomize', `${kustomizeRoot}/${overlay}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseAllDocuments(text).map((document) => {
    if (document.errors.length > 0) throw document.errors[0];
    return document.toJSON() as Manifest;
  });
}

const byKind = (manifests: Manifest[], kind: string) => manifests.filter((m) => m.kind === kind);
const one = (manifests: Manifest[], kind: string) => {
  const found = byKind(manifests, kind);
  expect(found.length, kind).toBe(1);
  return found[0]!;
};

const overlays = ['overlays/production', 'overlays/staging', 'base'];
const rendered = new Map(kubectl ? overlays.map((overlay) => [overlay, render(overlay)]) : []);

/** The base Deployment with a wrong type and a missing field, or a misspelt field: the checks must see them. */
function brokenDeployment(mistake: 'invalid' | 'misspelt'): Manifest {
  const deployment = parseYaml(readFileSync(`${kustomizeRoot}/base/deployment.yaml`, 'utf8')) as Manifest;
  deployment.metadata.name = 'broken';
  const container = deployment.spec.template.spec.containers[0];
  if (mistake === 'misspelt') {
    container.readinesProbe = container.readinessProbe;
    delete container.readinessProbe;
  } else {
    container.ports[0].containerPort = '8080';
    delete container.name;
  }
  return deployment;
}

describe.skipIf(!kubectl)('the rendered manifests', () => {
  it('are valid against the Kubernetes schemas', () => {
    for (const [overlay, manifests] of rendered) {
      expect(manifests.length, overlay).toBeGreaterThanOrEqual(6);
      expect(schemaProblems(manifests), overlay).toEqual([]);
    }
    expect(schemaProblems([brokenDeployment('invalid')])).toEqual([
      'apps/v1 Deployment broken: data/spec/template/spec/containers/0 must have required property name, data/spec/template/spec/containers/0/ports/0/containerPort must be integer',
    ]);
  });

  it('have no unknown field', () => {
    // One type-checking program for all (it takes seconds); only the broken manifest may show up.
    const problems = unknownFieldProblems([...[...rendered.values()].flat(), brokenDeployment('misspelt')]);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem.startsWith('apps/v1 Deployment broken: '))).toBe(true);
    expect(problems.join('\n')).toContain(`'"readinesProbe"' does not exist in type 'IContainer'`);
  }, 60_000);
});

describe.skipIf(!kubectl).each(overlays)('Kubernetes manifests: %s', (overlay) => {
  const manifests = rendered.get(overlay) ?? [];

  it('run replicas with readiness on /readyz, liveness on /healthz and a 30 s termination grace', () => {
    const deployment = one(manifests, 'Deployment');
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    // The same labels select the pods everywhere.
    const labels = deployment.spec.selector.matchLabels;
    expect(pod).toBeDefined();
    expect(deployment.spec.template.metadata.labels).toMatchObject(labels);
    expect(one(manifests, 'Service').spec.selector).toEqual(labels);
    expect(one(manifests, 'PodDisruptionBudget').spec.selector.matchLabels).toEqual(labels);
    expect(one(manifests, 'HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    const hpa = one(manifests, 'HorizontalPodAutoscaler').spec;
    expect(hpa.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.maxReplicas).toBeGreaterThan(hpa.minReplicas);
    expect(one(manifests, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
  });

  it('run as non-root on a read-only root file system, with nothing to escalate', () => {
    const pod = one(manifests, 'Deployment').spec.template.spec;
    const [container] = pod.containers;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    // Writable scratch space where the server may write.
    const mounts = container.volumeMounts.map((m: { mountPath: string }) => m.mountPath);
    expect(mounts).toEqual(expect.arrayContaining(['/tmp', '/data']));
  });

  it('take the config file from a ConfigMap that the server accepts, and secrets from a Secret', () => {
    const pod = one(manifests, 'Deployment').spec.template.spec;
    const [container] = pod.containers;
    const env = Object.fromEntries(
      container.env.map((e: { name: string; value?: string; valueFrom?: unknown }) => [
        e.name,
        e.value ?? e.valueFrom,
      ]),
    );
    expect(env.SWITCHYARD_DB).toEqual({ secretKeyRef: { name: 'switchyard', key: 'database-url' } });
    expect(env.SWITCHYARD_ADMIN_TOKEN).toEqual({ secretKeyRef: { name: 'switchyard', key: 'admin-token' } });
    // No secret in the manifests themselves.
    expect(byKind(manifests, 'Secret')).toEqual([]);
    expect(JSON.stringify(manifests)).not.toMatch(/postgres:\/\/|sy_admin_/);

    const configMap = one(manifests, 'ConfigMap');
    const volume = pod.volumes.find((v: { configMap?: { name: string } }) => v.configMap);
    expect(volume.configMap.name).toBe(configMap.metadata.name);
    const mount = container.volumeMounts.find((m: { name: string }) => m.name === volume.name);
    expect(env.SWITCHYARD_CONFIG).toBe(`${mount.mountPath}/config.yaml`);
    // The file passes the server's own validation, and its shutdown fits the pod's grace period.
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-k8s-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(file, configMap.data['config.yaml']);
    const config = resolveServerConfig({ configFile: file }, {});
    rmSync(dir, { recursive: true, force: true });
    expect(config.host).toBe('0.0.0.0');
    expect(config.port).toBe(8080);
    expect(config.shutdownGracePeriodMs).toBeLessThan(pod.terminationGracePeriodSeconds * 1000);
    expect(config.shutdownDelayMs).toBeGreaterThan(0);
  });

  if (overlay === 'overlays/production') {
    it('let Prometheus scrape /metrics through a ServiceMonitor', () => {
      const monitor = one(manifests, 'ServiceMonitor');
      expect(monitor.spec.selector.matchLabels).toEqual(one(manifests, 'Service').metadata.labels);
      expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);
      expect(new Set(manifests.map((m) => m.metadata.namespace))).toEqual(new Set(['switchyard']));
    });
  } else {
    it('have no ServiceMonitor (clusters without the Prometheus Operator)', () => {
      expect(byKind(manifests, 'ServiceMonitor')).toEqual([]);
    });
  }
});
