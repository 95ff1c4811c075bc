// The fleet file's `evidence` section chooses the sources; bad sections fail with file, path and expectation.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_FLEET_FILE, parseFleetConfig } from '../../tools/config/load-fleet.js';
import { SimulatedFleet } from '../../tools/sim/index.js';
import { buildEvidenceSources } from '../../tools/sources/from-config.js';
import { WINDOW } from './helpers/evidence-fixture.js';

const example = readFileSync(EXAMPLE_FLEET_FILE, 'utf8');

function build(extra: string, telemetry?: 'prometheus', env: Record<string, string> = {}) {
  const base = telemetry ? example.replace('telemetry: simulated', `telemetry: ${telemetry}`) : example;
  const text = `${base}\n${extra}\n`;
  const config = parseFleetConfig(text, 'fleet.yaml');
  return buildEvidenceSources(config, { sim: new SimulatedFleet(config.fleet, { seed: 1 }), env, baseDir: '.' });
}

describe('evidence configuration', () => {
  it('defaults to the simulated fleet’s logs, traces and deploys on simulated telemetry', () => {
    const sources = build('');
    expect([sources.logs?.kind, sources.traces?.kind, sources.deploys?.kind]).toEqual([
      'simulated',
      'simulated',
      'simulated',
    ]);
  });

  it('gives a fleet on real telemetry no invented evidence unless asked', () => {
    expect(build('', 'prometheus')).toEqual({});
    const asked = build('evidence: { deploys: { kind: simulated } }', 'prometheus');
    expect(Object.keys(asked)).toEqual(['deploys']);
  });

  it('routes a unit named under units to its own backend, the others to none', async () => {
    const sources = build('evidence:\n  units:\n    eu-west-1: { logs: { kind: simulated } }');
    expect(sources.traces).toBeUndefined();
    const got = await sources.logs!.search({ workUnit: 'us-east-1', range: WINDOW, limit: 5 });
    expect(got).toMatchObject({ status: 'unknown', reason: 'no logs backend is configured for us-east-1' });
    const routed = await sources.logs!.search({ workUnit: 'eu-west-1', range: WINDOW, limit: 5 });
    expect(routed.status).toBe('ok');
  });

  it('rejects an unknown backend kind, naming the file, the path and the kinds', () => {
    expect(() => build('evidence: { logs: { kind: splunk } }')).toThrow(
      /fleet\.yaml.*evidence\.logs(\.kind)?.*a logs backend kind/s,
    );
  });

  it('rejects a ClickHouse warehouse, saying it is not supported and where to read why', () => {
    expect(() => build('evidence: { warehouse: { kind: clickhouse, url: "http://127.0.0.1:8123" } }')).toThrow(
      /evidence\.warehouse(\.kind)?.*a warehouse kind: simulated, duckdb \(ClickHouse is not supported: docs\/evidence\.md/s,
    );
  });

  it('rejects a per-unit override for a unit the fleet does not have', () => {
    expect(() => build('evidence: { units: { mars-1: { logs: { kind: simulated } } } }')).toThrow(
      /evidence\.units\.mars-1.*a known work unit/s,
    );
  });

  it('builds Loki, OpenSearch, Tempo and Jaeger from their sections, secrets from the environment', () => {
    const sources = build(
      `evidence:
  logs: { kind: loki, url: "http://127.0.0.1:3100", tenant: sre, auth: { bearer: { env: LOKI_TOKEN } } }
  traces: { kind: tempo, url: "http://127.0.0.1:3200" }
  units:
    eu-west-1:
      logs: { kind: opensearch, url: "http://127.0.0.1:9200", index: "logs-eu-*", auth: { basic: { username: headroom, password: { env: OS_PW } } } }
    ap-south-1:
      traces: { kind: jaeger, url: "http://127.0.0.1:16686", entryService: frontend }`,
      undefined,
      { LOKI_TOKEN: 't', OS_PW: 'p' },
    );
    expect(sources.logs?.kind).toBe('loki+opensearch');
    expect(sources.traces?.kind).toBe('tempo+jaeger');
  });

  it('says which secret is missing, and what a Jaeger section lacks', () => {
    expect(() =>
      build('evidence: { logs: { kind: loki, url: "http://127.0.0.1:3100", auth: { bearer: { env: LOKI_TOKEN } } } }'),
    ).toThrow('evidence.logs (loki).auth.bearer: environment variable LOKI_TOKEN is not set');
    expect(() => build('evidence: { traces: { kind: jaeger, url: "http://127.0.0.1:16686" } }')).toThrow(
      /evidence\.traces\.entryService/,
    );
    expect(() => build('evidence: { logs: { kind: loki, url: "ftp://x" } }')).toThrow(
      /evidence\.logs\.url.*http\(s\) URL/s,
    );
  });
});
