// Metrics at scale: a real VictoriaMetrics (a Prometheus-compatible engine) behind the same
// MetricsSource, with basic auth; and a multi-tenant gateway in front of it (as Mimir or Thanos put
// one) that demands X-Scope-OrgID and a bearer token. Per-source timeouts hold.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusSchema } from '../../tools/config/fleet-schema.js';
import { buildPrometheusMetricsSource } from '../../tools/prometheus/build.js';
import { SimulatedFleet } from '../../tools/sim/index.js';
import { exampleFleet } from '../../tools/sim/test-fixtures.js';
import { startVictoriaMetrics, type VictoriaMetricsServer } from './helpers/victoria-metrics.js';

const STEP = 5 * 60_000;
const END = Date.UTC(2026, 2, 10, 0, 0);
const RANGE = { startMs: END - 86_400_000, endMs: END, stepMs: STEP };
const sim = new SimulatedFleet(exampleFleet, {
  seed: 5,
  faults: [
    {
      kind: 'connection-drop',
      workUnit: 'eu-west-1',
      startMs: END - 6 * 3_600_000,
      endMs: END - 4 * 3_600_000,
      magnitude: 0.6,
    },
  ],
});

/** A tenant gateway: X-Scope-OrgID and a bearer token required, then forwarded with VM's basic auth; optional delay. */
async function startGateway(vm: VictoriaMetricsServer, delayMs = 0) {
  const basic = `Basic ${Buffer.from(`${vm.username}:${vm.password}`).toString('base64')}`;
  const server = http.createServer(async (req, res) => {
    if (req.headers['x-scope-orgid'] !== 'team-sre') return res.writeHead(401).end('no org id');
    if (req.headers.authorization !== 'Bearer gateway-token') return res.writeHead(401).end('bad token');
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    const upstream = await fetch(`${vm.url}${req.url}`, { headers: { authorization: basic } }).catch(() => undefined);
    if (!upstream) return res.writeHead(502).end();
    res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('VictoriaMetrics as the metrics source', () => {
  let vm: VictoriaMetricsServer;
  beforeAll(async () => {
    vm = await startVictoriaMetrics({ sim, range: RANGE });
  }, 60_000);
  afterAll(() => vm?.stop());

  const source = (extra: Record<string, unknown>, env: Record<string, string> = {}) =>
    buildPrometheusMetricsSource(
      prometheusSchema.parse({ url: vm.url, timeoutMs: 10_000, ...extra }),
      exampleFleet,
      env,
    );

  it('serves the simulated history with basic auth: the same values at every step', async () => {
    const metrics = source(
      { auth: { basic: { username: vm.username, password: { env: 'VM_PASSWORD' } } } },
      { VM_PASSWORD: vm.password },
    );
    const expected = sim.unitRange('connections', RANGE);
    const got = await metrics.unitRange('connections', RANGE);
    for (const unit of ['eu-west-1', 'us-east-1']) {
      const want = Array.from(expected.get(unit)!.values);
      const have = Array.from(got.get(unit)!.values);
      expect(have.length).toBe(want.length);
      expect(have.filter(Number.isFinite).length).toBeGreaterThan(250);
      for (let i = 0; i < have.length; i++) expect(have[i]).toBeCloseTo(want[i]!, 6);
    }
    // The connection drop is there, as the simulation has it.
    const at = END - 5 * 3_600_000;
    const latest = await metrics.latest('connections', at);
    expect(latest.get('eu-west-1')?.value).toBeCloseTo(sim.value('eu-west-1', 'connections', at), 6);
  });

  it('refuses a wrong password with the engine’s 401, which reads as a failed query', async () => {
    const metrics = source(
      { auth: { basic: { username: vm.username, password: { env: 'VM_PASSWORD' } } } },
      { VM_PASSWORD: 'wrong' },
    );
    const got = await metrics.client.range('headroom_load_rps', RANGE.startMs, RANGE.endMs, STEP);
    expect(got).toMatchObject({ ok: false, error: expect.stringContaining('401') });
  });

  it('sends the tenant (X-Scope-OrgID) and bearer token a multi-tenant gateway demands', async () => {
    const gateway = await startGateway(vm);
    try {
      const build = (extra: Record<string, unknown>) =>
        buildPrometheusMetricsSource(prometheusSchema.parse({ url: gateway.url, ...extra }), exampleFleet, {
          GW_TOKEN: 'gateway-token',
        });
      const withTenant = build({ tenant: 'team-sre', auth: { bearer: { env: 'GW_TOKEN' } } });
      const got = await withTenant.unitRange('load', RANGE);
      expect(got.get('us-east-1')!.values[10]).toBeCloseTo(
        sim.unitRange('load', RANGE).get('us-east-1')!.values[10]!,
        6,
      );
      const noTenant = build({ auth: { bearer: { env: 'GW_TOKEN' } } });
      expect(await noTenant.client.range('headroom_load_rps', RANGE.startMs, RANGE.endMs, STEP)).toMatchObject({
        ok: false,
        error: expect.stringContaining('401'),
      });
    } finally {
      await gateway.close();
    }
  });

  it('gives up at the per-source timeout on a slow engine', async () => {
    const gateway = await startGateway(vm, 3_000);
    try {
      const slow = buildPrometheusMetricsSource(
        prometheusSchema.parse({
          url: gateway.url,
          tenant: 'team-sre',
          timeoutMs: 300,
          auth: { bearer: { env: 'GW_TOKEN' } },
        }),
        exampleFleet,
        { GW_TOKEN: 'gateway-token' },
      );
      const started = Date.now();
      expect(await slow.client.instant('headroom_load_rps', END)).toMatchObject({ ok: false, kind: 'timeout' });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await gateway.close();
    }
  });
});
