// Every Kubernetes manifest, rendered as kubectl would apply it (kustomize overlays through
// `kubectl kustomize`), validated against the Kubernetes API schemas (kubernetes-models, generated
// from the OpenAPI definitions; prometheus-operator's CRDs for ServiceMonitor and PrometheusRule),
// then held to what the deployment promises. The alert rules also pass `promtool check rules`.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { loadFleetConfig } from '../../tools/config/load-fleet.js';
import { requireBinary } from '../telemetry/helpers/binaries.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CENTRAL = join(ROOT, 'manifests/k8s/central');
const ENVIRONMENTS = ['staging', 'prod'] as const;

type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; [k: string]: unknown };
// biome-ignore lint/suspicious/noExplicitAny: each model class takes its own object type
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

function kubectl(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, 'kubectl'), constants.X_OK);
      return join(dir, 'kubectl');
    } catch {
      // next
    }
  }
  throw new Error(
    'kubectl not found on PATH (its built-in kustomize renders the overlays). ' +
      'Install it with `bash scripts/install-system-deps.sh` (Debian package kubernetes-client).',
  );
}

function render(env: string): Doc[] {
  const text = execFileSync(kubectl(), ['kustomize', join(CENTRAL, 'overlays', env)], { encoding: 'utf8' });
  return parseAllDocuments(text).map((d) => d.toJS() as Doc);
}

function validate(doc: Doc): void {
  const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];
  if (!Model) throw new Error(`no schema for ${doc.apiVersion} ${doc.kind} (${doc.metadata?.name})`);
  new Model(doc).validate();
}

const byKind = (docs: Doc[], kind: string) => docs.filter((d) => d.kind === kind);
// biome-ignore lint/suspicious/noExplicitAny: reading parsed YAML
const the = (docs: Doc[], kind: string): any => {
  const found = byKind(docs, kind);
  expect(found, kind).toHaveLength(1);
  return found[0];
};

describe.each(ENVIRONMENTS)('the central on Kubernetes (%s overlay)', (env) => {
  const docs = render(env);

  it('renders only objects that validate against the Kubernetes and prometheus-operator schemas', () => {
    expect(docs.map((d) => d.kind).sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'PrometheusRule',
      'Service',
      'ServiceAccount',
      'ServiceMonitor',
    ]);
    for (const d of docs) expect(() => validate(d), `${d.kind} ${d.metadata.name}`).not.toThrow();
    const ns = env === 'prod' ? 'headroom' : 'headroom-staging';
    expect(new Set(docs.map((d) => d.metadata.namespace))).toEqual(new Set([ns]));
  });

  it('runs replicas spread across zones, non-root on a read-only root, probed on the ops endpoints', () => {
    const dep = the(docs, 'Deployment');
    expect(dep.spec.replicas).toBe(env === 'prod' ? 3 : 2);
    const pod = dep.spec.template.spec;
    expect(pod.topologySpreadConstraints[0]).toMatchObject({
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'DoNotSchedule',
      maxSkew: 1,
    });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    expect(pod.automountServiceAccountToken).toBe(false);
    const [c] = pod.containers;
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(c.image).toBe('ghcr.io/headroom/headroom:0.1.0');
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'ops' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'ops' });
    expect(c.ports.find((p: { name: string }) => p.name === 'ops').containerPort).toBe(9464);
    expect(c.env).toContainEqual({ name: 'HEADROOM_OPS_LISTEN', value: '0.0.0.0:9464' });
    // tokens and the database URL (with its password) come from a Secret, never from the manifest
    expect(c.envFrom).toEqual([{ secretRef: { name: 'headroom-central' } }]);
    expect(JSON.stringify(dep)).not.toMatch(/xox[bap]-|postgres:\/\/|sk-ant-/);
    // the fleet file is the generated ConfigMap, mounted where HEADROOM_FLEET points
    const cm = the(docs, 'ConfigMap');
    expect(pod.volumes.find((v: { name: string }) => v.name === 'fleet').configMap.name).toBe(cm.metadata.name);
    expect(c.env).toContainEqual({ name: 'HEADROOM_FLEET', value: '/etc/headroom/fleet/fleet.yaml' });
    expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
  });

  it('keeps replicas up through drains, is scraped, and its fleet file loads', () => {
    const pdb = the(docs, 'PodDisruptionBudget');
    const dep = the(docs, 'Deployment');
    expect(pdb.spec.minAvailable).toBeLessThan(dep.spec.replicas);
    expect(pdb.spec.selector.matchLabels).toEqual(dep.spec.selector.matchLabels);
    const svc = the(docs, 'Service');
    expect(svc.spec.selector).toEqual(dep.spec.template.metadata.labels);
    const sm = the(docs, 'ServiceMonitor');
    expect(sm.spec.endpoints).toEqual([{ port: 'ops', path: '/metrics', interval: '30s' }]);
    for (const [k, v] of Object.entries(sm.spec.selector.matchLabels)) expect(svc.metadata.labels[k]).toBe(v);
    const dir = mkdtempSync(join(tmpdir(), 'headroom-fleet-'));
    try {
      writeFileSync(join(dir, 'fleet.yaml'), the(docs, 'ConfigMap').data['fleet.yaml']);
      const config = loadFleetConfig(join(dir, 'fleet.yaml'));
      expect(config.slack?.http?.host).toBe('0.0.0.0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('allows egress only to DNS, PostgreSQL, Prometheus, the edge agents and HTTPS outside the cluster', () => {
    const np = the(docs, 'NetworkPolicy');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    const ports = np.spec.egress.map((r: { ports: { port: number }[] }) => r.ports.map((p) => p.port));
    expect(ports).toEqual([[53, 53], [5432], [9090], [7443], [443]]);
    const internet = np.spec.egress.at(-1).to[0].ipBlock;
    expect(internet.cidr).toBe('0.0.0.0/0');
    expect(internet.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']));
    expect(np.spec.ingress.flatMap((r: { ports: { port: number }[] }) => r.ports.map((p) => p.port))).toEqual([
      9464, 3000,
    ]);
  });

  it('alerts on Headroom itself with rules promtool accepts', () => {
    const rule = the(docs, 'PrometheusRule');
    const names = rule.spec.groups[0].rules.map((r: { alert: string }) => r.alert);
    expect(names).toEqual(['HeadroomNotPolling', 'HeadroomNoLeader', 'HeadroomSeveralLeaders', 'HeadroomStoreDown']);
    const dir = mkdtempSync(join(tmpdir(), 'headroom-rules-'));
    try {
      writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: rule.spec.groups }));
      const res = spawnSync(requireBinary('promtool'), ['check', 'rules', join(dir, 'rules.yaml')], {
        encoding: 'utf8',
      });
      expect(res.stdout + res.stderr).toMatch(/SUCCESS: 4 rules found/);
      expect(res.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the schema check itself', () => {
  it('rejects an object the API server would reject, naming the field', () => {
    const dep = the(render('prod'), 'Deployment');
    dep.spec.replicas = 'three';
    expect(() => validate(dep)).toThrow(/spec\/replicas must be integer/);
    expect(() => validate({ apiVersion: 'v9', kind: 'Nope', metadata: { name: 'x' } })).toThrow(
      /no schema for v9 Nope/,
    );
  });

  it('validates the edge agent manifest too', () => {
    const docs = parseAllDocuments(readFileSync(join(ROOT, 'manifests/k8s/edge-agent.yaml'), 'utf8'))
      .map((d) => d.toJS() as Doc)
      .filter(Boolean);
    expect(docs.length).toBeGreaterThan(2);
    for (const d of docs) expect(() => validate(d), `${d.kind} ${d.metadata.name}`).not.toThrow();
  });
});
