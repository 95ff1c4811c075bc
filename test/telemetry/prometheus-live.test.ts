// A real Prometheus scraping a prom-client exporter of the simulated fleet: latest samples carry
// their own timestamps, a unit whose exporter goes quiet disappears (so its signal is unknown), and
// query errors come back naming the query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNIT_METRICS } from '../../analytics/types.js';
import { prometheusSchema } from '../../tools/config/fleet-schema.js';
import { buildPrometheusMetricsSource } from '../../tools/prometheus/build.js';
import type { PrometheusMetricsSource } from '../../tools/prometheus/metrics-source.js';
import { type SimExporter, startSimExporter } from '../../tools/prometheus/sim-exporter.js';
import { SimulatedFleet } from '../../tools/sim/index.js';
import { fleet } from './helpers/contract-fixture.js';
import { type PrometheusServer, startPrometheus } from './helpers/prometheus-server.js';

describe('Prometheus scraping the simulated fleet live', () => {
  const sim = new SimulatedFleet(fleet, { seed: 11 });
  let exporter: SimExporter;
  let prom: PrometheusServer;
  let source: PrometheusMetricsSource;

  async function waitFor<T>(what: string, get: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await get();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    exporter = await startSimExporter({ sim });
    prom = await startPrometheus({ scrapeTargets: [new URL(exporter.url).host], scrapeIntervalSeconds: 1 });
    source = buildPrometheusMetricsSource(prometheusSchema.parse({ url: prom.url, timeoutMs: 5_000 }), fleet, {});
    await waitFor('every unit scraped', async () => {
      const got = await source.latest('load', Date.now());
      return got.size === fleet.workUnits.length ? got : undefined;
    });
  }, 60_000);

  afterAll(async () => {
    await prom?.stop();
    await exporter?.close();
  });

  it('returns the exporter’s values with the sample’s own timestamp, for every metric', async () => {
    const now = Date.now();
    for (const metric of UNIT_METRICS) {
      const got = await source.latest(metric, now);
      expect(got.size, metric).toBe(fleet.workUnits.length);
      for (const [unit, sample] of got) {
        expect(now - sample.sampleMs).toBeGreaterThanOrEqual(0);
        expect(now - sample.sampleMs).toBeLessThan(5_000);
        // The exporter reported the simulation at scrape time; the simulation changes every 5 min.
        const candidates = [sim.value(unit, metric, sample.sampleMs), sim.value(unit, metric, sample.sampleMs + 2_000)];
        expect(
          candidates.some((c) => Math.abs(c - sample.value) <= 1e-9 * Math.max(1, Math.abs(c))),
          `${unit} ${metric}`,
        ).toBe(true);
      }
    }
    expect(source.client.roundTrips).toBeGreaterThan(0);
  });

  it('asks one query per metric, not one per unit', async () => {
    const before = source.client.roundTrips;
    await source.latest('cpu', Date.now());
    const end = Math.floor(Date.now() / 1000) * 1000;
    await source.unitRange('cpu', { startMs: end - 10_000, endMs: end, stepMs: 1_000 });
    expect(source.client.roundTrips - before).toBe(2);
  });

  it('lists the series of a metric', async () => {
    const res = await source.client.series('headroom_load_rps', Date.now() - 60_000, Date.now());
    expect(res.ok && res.data.map((l) => l.work_unit).sort()).toEqual(fleet.workUnits.map((u) => u.id).sort());
  });

  it('serves a step-aligned range of the scraped samples', async () => {
    await new Promise((r) => setTimeout(r, 2_500)); // a few scrapes of history
    const end = Math.floor(Date.now() / 1000) * 1000 - 1_000;
    const range = { startMs: end - 5_000, endMs: end, stepMs: 1_000 };
    const got = await source.unitRange('connections', range);
    for (const series of got.values()) {
      expect(series.startMs).toBe(range.startMs);
      expect(series.values.length).toBe(6);
      expect(Number.isNaN(series.values[5]!)).toBe(false);
    }
    const regions = await source.regionLoadRange(range);
    expect(regions.get('na-east')?.get('us-east-1')?.values[5]).toBeGreaterThan(0);
  });

  it('drops a unit whose exporter goes quiet (no sample is not a healthy sample)', async () => {
    exporter.silenced.add('ap-south-1');
    try {
      const got = await waitFor('ap-south-1 to go stale', async () => {
        const latest = await source.latest('load', Date.now());
        return latest.has('ap-south-1') ? undefined : latest;
      });
      expect(got.has('eu-west-1')).toBe(true);
    } finally {
      exporter.silenced.delete('ap-south-1');
    }
  });

  it('names the query when Prometheus rejects it (ranges throw, latest yields nothing and reports)', async () => {
    const failures: string[] = [];
    const broken = buildPrometheusMetricsSource(
      prometheusSchema.parse({ url: prom.url, queries: { load: 'sum(headroom_load_rps' } }),
      fleet,
      {},
      { onQueryFailure: (err) => failures.push(err.message) },
    );
    const end = Math.floor(Date.now() / 1000) * 1000;
    await expect(broken.unitRange('load', { startMs: end - 5_000, endMs: end, stepMs: 1_000 })).rejects.toThrow(
      /parse error.*query: sum\(headroom_load_rps/,
    );
    expect((await broken.latest('load', end)).size).toBe(0);
    expect(failures[0]).toMatch(/bad_data|parse error/);
  });

  it('yields no samples when Prometheus is unreachable', async () => {
    const failures: string[] = [];
    const gone = buildPrometheusMetricsSource(
      prometheusSchema.parse({ url: 'http://127.0.0.1:9', timeoutMs: 500 }),
      fleet,
      {},
      { onQueryFailure: (err) => failures.push(err.message) },
    );
    expect((await gone.latest('load', Date.now())).size).toBe(0);
    expect(failures[0]).toMatch(/ECONNREFUSED/);
  });
});
