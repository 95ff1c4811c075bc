// query_prometheus against a real Prometheus (Debian's package) on 127.0.0.1, backfilled with two
// days of the simulated fleet, reached through a Runtime whose fleet file has a prometheus section.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToolDeps } from '../../bot/tools-deps.js';
import { loadFleetConfig } from '../../tools/config/load-fleet.js';
import { PrometheusClient } from '../../tools/prometheus/client.js';
import { queryPrometheusTool } from '../../tools/registry/tools/query-prometheus.js';
import { SimulatedFleet } from '../../tools/sim/index.js';
import { freePort } from '../telemetry/helpers/processes.js';
import { type PrometheusServer, startPrometheus } from '../telemetry/helpers/prometheus-server.js';
import { callFail, callOk, EXAMPLE_FLEET, openToolFixture, type ToolFixture } from './helpers/tool-fixture.js';

const HOUR_MS = 3_600_000;
const STEP_MS = 5 * 60_000;
const END_MS = Date.UTC(2026, 2, 10, 20, 0);
const BACKFILL = { startMs: END_MS - 48 * HOUR_MS, endMs: END_MS, stepMs: STEP_MS };

describe('query_prometheus against a real Prometheus', () => {
  let prom: PrometheusServer;
  let fx: ToolFixture;

  beforeAll(async () => {
    // The runtime below builds its simulation with seed 1 (no scenario): the same history.
    const sim = new SimulatedFleet(loadFleetConfig(EXAMPLE_FLEET).fleet, { seed: 1 });
    prom = await startPrometheus({ backfill: { sim, range: BACKFILL } });
    const fleetFile = `${prom.dataDir}/../fleet-with-prometheus.yaml`;
    writeFileSync(
      fleetFile,
      `${readFileSync(EXAMPLE_FLEET, 'utf8')}\nprometheus:\n  url: ${prom.url}\n  timeoutMs: 20000\n`,
    );
    fx = await openToolFixture({ fleet: fleetFile, at: new Date(END_MS).toISOString() });
  }, 180_000);
  afterAll(async () => {
    fx?.close();
    await prom?.stop();
  });

  it('the runtime exposes the Prometheus of the fleet file to the tools', () => {
    expect(fx.runtime.prometheus).toBeInstanceOf(PrometheusClient);
    expect(fx.deps.prometheus).toBe(fx.runtime.prometheus);
  });

  it('an instant query returns the simulated value at that moment', async () => {
    const at = END_MS - HOUR_MS;
    const data = await callOk(fx.deps, queryPrometheusTool, {
      query: 'headroom_load_rps{work_unit="eu-west-1"}',
      end: new Date(at).toISOString(),
    });
    expect(data).toMatchObject({ kind: 'instant', end: '2026-03-10T19:00:00.000Z', seriesCount: 1 });
    const [t, v] = data.series[0]!.points[0]!;
    expect(t).toBe(at / 1000);
    expect(v).toBe(Number(fx.runtime.sim.value('eu-west-1', 'load', at).toPrecision(6)));
    expect(data.series[0]!.labels).toMatchObject({ __name__: 'headroom_load_rps', work_unit: 'eu-west-1' });
  });

  it('a range query ends now by default, on the requested step, with a summary per series', async () => {
    const data = await callOk(fx.deps, queryPrometheusTool, {
      query: 'sum by (work_unit) (headroom_load_rps)',
      range: '6h',
      step: '30m',
    });
    expect(data).toMatchObject({
      kind: 'range',
      start: '2026-03-10T14:00:00.000Z',
      end: '2026-03-10T20:00:00.000Z',
      step: '30m',
    });
    expect(data.seriesCount).toBe(7);
    const euWest = data.series.find((s) => s.labels.work_unit === 'eu-west-1')!;
    expect(euWest.points).toHaveLength(13);
    for (const [t, v] of euWest.points) {
      expect(v).toBe(Number(fx.runtime.sim.value('eu-west-1', 'load', t * 1000).toPrecision(6)));
    }
    const values = euWest.points.map(([, v]) => v!);
    expect(euWest.summary).toMatchObject({ min: Math.min(...values), max: Math.max(...values), last: values[12] });
  });

  it('without a step, a 7-day range is cut to at most 1,000 points per series', async () => {
    const data = await callOk(fx.deps, queryPrometheusTool, {
      query: 'headroom_load_rps{work_unit="us-east-1"}',
      range: '7d',
    });
    expect(data.step).toBe('11m');
    expect(data.series[0]!.points.length).toBeLessThanOrEqual(1_000);
    expect(data.series[0]!.points.length).toBeGreaterThan(200); // the two backfilled days
  });

  it('a range longer than 7 days is BAD_RANGE', async () => {
    const error = await callFail(fx.deps, 'query_prometheus', { query: 'headroom_load_rps', range: '8d' });
    expect(error).toMatchObject({
      code: 'BAD_RANGE',
      message: 'range 8d is longer than the 7d allowed',
      asked: { range: '8d' },
    });
    expect(error.hint).toContain('forecast_load');
  });

  it('a step too fine for the range is BAD_RANGE, suggesting a step that works', async () => {
    const error = await callFail(fx.deps, 'query_prometheus', { query: 'headroom_load_rps', range: '2d', step: '1m' });
    expect(error.code).toBe('BAD_RANGE');
    expect(error.message).toBe('step 1m over 2d gives 2881 points per series; at most 1,000 allowed');
    expect(error.hint).toContain('Use step "3m" or coarser');
    const ok = await callOk(fx.deps, queryPrometheusTool, {
      query: 'headroom_load_rps{work_unit="ap-south-1"}',
      range: '2d',
      step: '3m',
    });
    expect(ok.series[0]!.points.length).toBeLessThanOrEqual(1_000);
    const tooFine = await callFail(fx.deps, 'query_prometheus', { query: 'up', range: '1m', step: '1s' });
    expect(tooFine.message).toContain('the step must be at least 15s');
  });

  it('more than 20 series are truncated, with a note saying how many matched and how to narrow', async () => {
    const data = await callOk(fx.deps, queryPrometheusTool, {
      query: '{__name__=~"headroom_.+"}',
      range: '1h',
      step: '5m',
    });
    expect(data.seriesCount).toBeGreaterThan(20);
    expect(data.series).toHaveLength(20);
    expect(data.truncated).toBe(
      `${data.seriesCount} series matched; only the first 20 in label order are shown. Narrow the query with a label matcher, sum by (…) or topk(20, …).`,
    );
    const small = await callOk(fx.deps, queryPrometheusTool, { query: 'count(headroom_load_rps)' });
    expect(small.truncated).toBeUndefined();
    expect(small.series[0]!.points[0]![1]).toBe(7);
  });

  it("bad PromQL comes back as INVALID_ARGUMENTS with Prometheus's own message", async () => {
    const error = await callFail(fx.deps, 'query_prometheus', { query: 'sum(headroom_load_rps', range: '1h' });
    expect(error.code).toBe('INVALID_ARGUMENTS');
    expect(error.message).toMatch(
      /^Prometheus refused the query \(range query on http:\/\/127\.0\.0\.1:\d+ over .*\): .*parse error/,
    );
    expect(error.hint).toContain('Fix the PromQL');
  });

  it('an end after now is BAD_RANGE', async () => {
    const error = await callFail(fx.deps, 'query_prometheus', { query: 'up', end: '2026-03-11T00:00:00Z' });
    expect(error).toMatchObject({
      code: 'BAD_RANGE',
      message: 'end 2026-03-11T00:00:00.000Z is after now (2026-03-10T20:00:00.000Z)',
    });
  });

  it('a Prometheus that does not answer is UNAVAILABLE, naming where', async () => {
    const port = await freePort(); // nothing listens there
    const deps = createToolDeps({
      core: fx.runtime.core,
      store: fx.store,
      now: () => END_MS,
      prometheus: new PrometheusClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2_000 }),
    });
    const error = await callFail(deps, 'query_prometheus', { query: 'up' });
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain(`instant query at 2026-03-10T20:00:00.000Z on http://127.0.0.1:${port}`);
    expect(error.hint).toContain('say Prometheus was unavailable');
  });
});
