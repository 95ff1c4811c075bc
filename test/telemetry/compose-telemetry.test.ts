// Runtime wiring: which metrics and signal sources the fleet file selects.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRuntime } from '../../bot/app/runtime.js';
import { queryFailureWarner } from '../../bot/cli/output.js';
import { EXAMPLE_FLEET_FILE, parseFleetConfig } from '../../tools/config/load-fleet.js';
import { composeTelemetry } from '../../tools/prometheus/compose-telemetry.js';
import { SimulatedFleet, simulatedSignalSources } from '../../tools/sim/index.js';

const example = readFileSync(EXAMPLE_FLEET_FILE, 'utf8');
let dir: string;

function fleetText(extra: string, telemetry = 'prometheus'): string {
  return `${example.replace(/telemetry: simulated/, `telemetry: ${telemetry}`)}\n${extra}`;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'headroom-compose-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('composeTelemetry', () => {
  it('keeps the simulated sources, in their order, when nothing real is configured', () => {
    const config = parseFleetConfig(example);
    const sim = new SimulatedFleet(config.fleet, { seed: 1 });
    const t = composeTelemetry(config, sim, {});
    expect(t.metrics.kind).toBe('simulated');
    expect(t.signalSources.map((s) => s.name)).toEqual(simulatedSignalSources(sim).map((s) => s.name));
    expect(t.alertIntake).toBeUndefined();
  });

  it('builds Prometheus, the anomaly API and the alert intake from their sections; the rest reads unknown', async () => {
    const config = parseFleetConfig(
      fleetText(`prometheus:
  url: http://127.0.0.1:9
  auth: { bearer: { env: PROM_TOKEN } }
anomalyApi:
  url: http://127.0.0.1:9
alertIntake:
  listen: { port: 0 }
  auth: { bearer: { env: AM_TOKEN } }
  database: ${path.join(dir, 'alerts.db')}
`),
    );
    const t = composeTelemetry(config, new SimulatedFleet(config.fleet, { seed: 1 }), {
      PROM_TOKEN: 'p',
      AM_TOKEN: 'a',
    });
    expect(t.metrics.kind).toBe('prometheus');
    expect(t.signalSources.map((s) => [s.name, s.constructor.name])).toEqual([
      ['anomaly-api', 'AnomalyApiSignalSource'],
      ['alertmanager', 'AlertmanagerSignalSource'],
      ['edge-agent', 'Object'],
    ]);
    const edge = await t.signalSources[2]!.read(['us-east-1'], Date.now());
    expect(edge.get('us-east-1')).toMatchObject({ status: 'unknown' });
    expect(t.alertIntake).toBeDefined();
    t.alertIntake!.store.close();
  });

  it('refuses telemetry "prometheus" without a prometheus section, or with its secret missing', () => {
    const config = parseFleetConfig(fleetText(''));
    expect(() => composeTelemetry(config, new SimulatedFleet(config.fleet, { seed: 1 }), {})).toThrow(
      /no prometheus section/,
    );
    const withSection = parseFleetConfig(
      fleetText('prometheus: { url: "http://127.0.0.1:9", auth: { bearer: { env: PROM_TOKEN } } }'),
    );
    expect(() => composeTelemetry(withSection, new SimulatedFleet(withSection.fleet, { seed: 1 }), {})).toThrow(
      /PROM_TOKEN is not set/,
    );
  });

  it('rejects a secret written inline in the fleet file', () => {
    expect(() =>
      parseFleetConfig(fleetText('prometheus: { url: "http://127.0.0.1:9", auth: { bearer: "abc" } }')),
    ).toThrow(/prometheus\.auth/);
  });

  it('openRuntime wires them in: the core reads Prometheus and the runtime exposes the intake', async () => {
    const file = path.join(dir, 'fleet.yaml');
    writeFileSync(
      file,
      fleetText(`prometheus: { url: "http://127.0.0.1:9" }
alertIntake:
  listen: { port: 0 }
  auth: { hmac: { env: AM_HMAC } }
  database: ${path.join(dir, 'alerts.db')}
`),
    );
    const rt = await openRuntime({ fleet: file, at: '2026-03-03T21:00:00Z' }, { AM_HMAC: 'x' });
    expect(rt.core.deps.metrics.kind).toBe('prometheus');
    expect(rt.alertIntake?.source.name).toBe('alertmanager');
    rt.alertIntake!.store.close();
  });

  it('a failed Prometheus query reaches onQueryFailure; the CLI says it once on stderr', async () => {
    const file = path.join(dir, 'fleet.yaml');
    writeFileSync(file, fleetText('prometheus: { url: "http://127.0.0.1:9", timeoutMs: 500 }'));
    const failures: Error[] = [];
    const rt = await openRuntime({ fleet: file, onQueryFailure: (e) => failures.push(e) }, {});
    expect((await rt.core.deps.metrics.latest('cpu', Date.parse('2026-03-03T21:00:00Z'))).size).toBe(0);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.message).toMatch(/127\.0\.0\.1:9/);

    let stderr = '';
    const write = (t: string) => {
      stderr += t;
      return true;
    };
    const warn = queryFailureWarner({ stderr: { write } as never });
    warn(failures[0]!);
    warn(failures[0]!);
    warn(new Error('Prometheus http://127.0.0.1:9 instant query: HTTP 503'));
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      `warning: ${failures[0]!.message} (the affected units read "unknown")`,
      'warning: Prometheus http://127.0.0.1:9 instant query: HTTP 503 (the affected units read "unknown")',
    ]);
  });
});
