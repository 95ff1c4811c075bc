import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { agentConfigSchema } from '../../edge-agent/config.js';

// biome-ignore lint/suspicious/noExplicitAny: free-form Kubernetes objects, checked field by field below
type Doc = Record<string, any>;
const file = fileURLToPath(new URL('../../manifests/k8s/edge-agent.yaml', import.meta.url));
const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as Doc);
const byKind = (kind: string) => docs.find((d) => d.kind === kind)!;

describe('Kubernetes manifests of the edge agent', () => {
  it('the ConfigMap holds a valid agent configuration', () => {
    const parsed = agentConfigSchema.safeParse(parseYaml(byKind('ConfigMap').data['agent.yaml']));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it('the Deployment runs the agent with mTLS from a Secret on a GPU node, with the model as a sidecar', () => {
    const spec = byKind('Deployment').spec.template.spec;
    expect(spec.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(spec.tolerations).toContainEqual({ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' });
    const [agent, model] = spec.containers;
    for (const flag of ['--work-unit=', '--listen=', '--cert=', '--key=', '--ca=', '--allow-identity=', '--config='])
      expect(
        agent.args.some((a: string) => a.startsWith(flag)),
        flag,
      ).toBe(true);
    expect(agent.args[0]).toBe('edge-agent');
    expect(spec.volumes.find((v: Doc) => v.name === 'tls').secret.secretName).toMatch(/tls$/);
    expect(model.args).toContain('--host=127.0.0.1');
    expect(model.resources.limits['nvidia.com/gpu']).toBe(1);
  });

  it('the model sidecar needs no internet (the NetworkPolicy gives it none): weights from a volume, hub off', () => {
    const spec = byKind('Deployment').spec.template.spec;
    const model = spec.containers[1];
    const served = model.args.find((a: string) => a.startsWith('--model='))!.slice('--model='.length);
    const weights = model.volumeMounts.find((m: Doc) => served.startsWith(`${m.mountPath}/`));
    expect(weights?.readOnly).toBe(true);
    expect(spec.volumes.find((v: Doc) => v.name === weights.name).persistentVolumeClaim).toBeDefined();
    expect(model.env).toContainEqual({ name: 'HF_HUB_OFFLINE', value: '1' });
    // the agent asks for the model by the name the sidecar serves
    const config = agentConfigSchema.parse(parseYaml(byKind('ConfigMap').data['agent.yaml']));
    expect(model.args).toContain(`--served-model-name=${config.model?.model}`);
    // nothing is written under /root: the pod runs as a non-root user
    expect(JSON.stringify(model.volumeMounts)).not.toContain('/root');
  });

  it('the agent reads the unit’s Prometheus named in its ConfigMap, and may reach it', () => {
    const agent = byKind('Deployment').spec.template.spec.containers[0];
    expect(agent.args).toContain('--metrics=prometheus');
    expect(agent.args.some((a: string) => a.startsWith('--prometheus-url='))).toBe(false); // the URL lives in agent.yaml
    const config = agentConfigSchema.parse(parseYaml(byKind('ConfigMap').data['agent.yaml']));
    const url = new URL(config.metrics?.prometheus?.url ?? 'missing:');
    expect(['http:', 'https:']).toContain(url.protocol);
    const egress = byKind('NetworkPolicy').spec.egress as Doc[];
    expect(egress.some((e) => e.ports.some((p: Doc) => p.port === Number(url.port)))).toBe(true);
  });

  it('only the central’s namespace may reach the Service port', () => {
    const np = byKind('NetworkPolicy').spec;
    expect(np.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.ingress).toHaveLength(1);
    expect(np.ingress[0].from).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'headroom' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'headroom-bot' } },
      },
    ]);
    expect(np.ingress[0].ports).toEqual([{ port: 7443, protocol: 'TCP' }]);
    expect(byKind('Service').spec.type).toBe('ClusterIP');
  });
});

function parseYaml(text: string): unknown {
  return parseAllDocuments(text)[0]!.toJS();
}
