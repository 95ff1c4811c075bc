import { describe, expect, it } from 'vitest';
import type { UnitMetric } from '../../analytics/types.js';
import { SIM_STEP_MS } from './clock.js';
import type { Fault } from './faults.js';
import { SimulatedMetricsSource } from './metrics-source.js';
import { simulatedSignalSources } from './signal-sources.js';
import { SimulatedFleet } from './simulated-fleet.js';
import { exampleFleet, MINUTE_MS, TUESDAY_2100Z } from './test-fixtures.js';

const T = TUESDAY_2100Z;
const baseline = new SimulatedFleet(exampleFleet, { seed: 7 });

/** The faults, each active for the hour from T (magnitude 1 unless given). */
function withFaults(...faults: (Omit<Fault, 'endMs' | 'startMs' | 'magnitude'> & { magnitude?: number })[]) {
  return new SimulatedFleet(exampleFleet, {
    seed: 7,
    faults: faults.map((f) => ({ startMs: T, endMs: T + 60 * MINUTE_MS, magnitude: 1, ...f })),
  });
}

/** Value with the fault ÷ value without, at minutes after the fault starts. */
function ratio(sim: SimulatedFleet, unit: string, metric: UnitMetric, minutes: number): number {
  const ms = T + minutes * MINUTE_MS;
  return sim.value(unit, metric, ms) / baseline.value(unit, metric, ms);
}

async function signal(sim: SimulatedFleet, source: string, unit: string, ms = T + 30 * MINUTE_MS) {
  const s = simulatedSignalSources(sim).find((x) => x.name === source)!;
  return (await s.read([unit], ms)).get(unit)!;
}

describe('faults, each visible in its metric or signal', () => {
  it('connection-drop lowers connections while active only; load dips a bit, errors rise a little', () => {
    const sim = withFaults({ kind: 'connection-drop', workUnit: 'eu-west-1', magnitude: 0.6 });
    // 40 % kept, a little less since the served load dips too.
    expect(ratio(sim, 'eu-west-1', 'connections', 30)).toBeLessThanOrEqual(0.4);
    expect(ratio(sim, 'eu-west-1', 'connections', 30)).toBeGreaterThan(0.35);
    expect(ratio(sim, 'eu-west-1', 'connections', -5)).toBe(1);
    expect(ratio(sim, 'eu-west-1', 'connections', 60)).toBe(1);
    expect(ratio(sim, 'eu-west-1', 'load', 30)).toBeCloseTo(0.91, 6);
    const errorRise = sim.value('eu-west-1', 'errorRate', T) - baseline.value('eu-west-1', 'errorRate', T);
    expect(errorRise).toBeGreaterThan(0.01);
    expect(errorRise).toBeLessThan(exampleFleet.thresholds.errorRateFiring);
    expect(ratio(sim, 'eu-central-1', 'connections', 30)).toBe(1);
  });

  it('cpu-saturation pushes cpu up and latency and errors follow', () => {
    const sim = withFaults({ kind: 'cpu-saturation', workUnit: 'eu-central-1', magnitude: 0.75 });
    const at = T + 10 * MINUTE_MS;
    expect(sim.value('eu-central-1', 'cpu', at)).toBeGreaterThan(baseline.value('eu-central-1', 'cpu', at) + 0.6);
    const latency = sim.value('eu-central-1', 'latencyP95', at);
    expect(latency).toBeGreaterThan(2 * baseline.value('eu-central-1', 'latencyP95', at));
    expect(sim.value('eu-central-1', 'errorRate', at)).toBeGreaterThan(
      2 * baseline.value('eu-central-1', 'errorRate', at),
    );
  });

  it('error-spike adds to the error rate and the edge agent fires', async () => {
    const sim = withFaults({ kind: 'error-spike', workUnit: 'us-east-1', magnitude: 0.12 });
    const rise = sim.value('us-east-1', 'errorRate', T) - baseline.value('us-east-1', 'errorRate', T);
    expect(rise).toBeCloseTo(0.12, 6);
    const edge = await signal(sim, 'edge-agent', 'us-east-1');
    expect(edge.status).toBe('firing');
    expect(edge.detail).toMatch(/error rate 1\d\.\d %/);
    expect((await signal(baseline, 'edge-agent', 'us-east-1')).status).toBe('ok');
  });

  it('latency-spike multiplies latency by 1 + magnitude', async () => {
    const sim = withFaults({ kind: 'latency-spike', workUnit: 'us-west-2', magnitude: 9 });
    expect(ratio(sim, 'us-west-2', 'latencyP95', 20)).toBeCloseTo(10, 6);
    expect((await signal(sim, 'edge-agent', 'us-west-2')).status).toBe('firing');
  });

  it('traffic-surge multiplies a client region, or one unit, and only while active', async () => {
    const regional = withFaults({ kind: 'traffic-surge', clientRegion: 'eu-central', magnitude: 1.6 });
    const range = { startMs: T, endMs: T + 90 * MINUTE_MS, stepMs: 30 * MINUTE_MS };
    const surged = await new SimulatedMetricsSource(regional).regionLoadRange(range);
    const normal = baseline.regionLoadRange(range);
    const a = surged.get('eu-central')!.get('eu-central-1')!.values;
    const b = normal.get('eu-central')!.get('eu-central-1')!.values;
    expect(a[1]! / b[1]!).toBeCloseTo(1.6, 6);
    expect(a[3]! / b[3]!).toBe(1); // after the end
    expect(surged.get('eu-west')!.get('eu-west-1')!.values[1]).toBe(normal.get('eu-west')!.get('eu-west-1')!.values[1]);

    const unitOnly = withFaults({ kind: 'traffic-surge', workUnit: 'us-west-2', magnitude: 1.3 });
    expect(ratio(unitOnly, 'us-west-2', 'load', 30)).toBeCloseTo(1.3, 6);
    expect(ratio(unitOnly, 'us-east-1', 'load', 30)).toBe(1);
  });

  it('capacity-loss raises utilisations by 1/(1 − m)', () => {
    const sim = withFaults({ kind: 'capacity-loss', workUnit: 'eu-central-1', magnitude: 0.5 });
    expect(ratio(sim, 'eu-central-1', 'cpu', 30)).toBeCloseTo(1 / 0.5, 6);
    expect(ratio(sim, 'eu-central-1', 'latencyP95', 30)).toBeGreaterThan(1.2);
  });

  it('telemetry-gap gives NaN in ranges and a stale latest sample; the edge agent still sees the unit', async () => {
    const sim = withFaults({ kind: 'telemetry-gap', workUnit: 'us-west-2' });
    const source = new SimulatedMetricsSource(sim);
    const range = { startMs: T - 10 * MINUTE_MS, endMs: T + 70 * MINUTE_MS, stepMs: SIM_STEP_MS };
    const values = (await source.unitRange('connections', range)).get('us-west-2')!.values;
    expect(values[1]).toBeGreaterThan(0);
    expect(values[2]).toBeNaN();
    expect(values[13]).toBeNaN();
    expect(values[14]).toBeGreaterThan(0);
    expect((await source.unitRange('connections', range)).get('us-east-1')!.values[5]).toBeGreaterThan(0);
    expect((await source.regionLoadRange(range)).get('na-west')!.get('us-west-2')!.values[5]).toBeNaN();

    const latest = await source.latest('load', T + 40 * MINUTE_MS);
    expect(latest.get('us-west-2')!.sampleMs).toBe(T - SIM_STEP_MS);
    expect(latest.get('us-east-1')!.sampleMs).toBe(T + 40 * MINUTE_MS);
    expect((await signal(sim, 'edge-agent', 'us-west-2')).status).toBe('ok');
  });

  it('telemetry-gap covering all history leaves the unit out of latest()', () => {
    const sim = new SimulatedFleet(exampleFleet, {
      seed: 7,
      nowMs: T,
      historyDays: 1,
      faults: [
        { kind: 'telemetry-gap', workUnit: 'eu-west-1', startMs: T - 2 * 86_400_000, endMs: T + 1, magnitude: 1 },
      ],
    });
    const latest = sim.latest('cpu', T);
    expect(latest.has('eu-west-1')).toBe(false);
    expect(latest.has('eu-central-1')).toBe(true);
  });

  it('edge-unreachable makes the edge signal unknown, with no observation time', async () => {
    const sim = withFaults({ kind: 'edge-unreachable', workUnit: 'ap-northeast-1' });
    const edge = await signal(sim, 'edge-agent', 'ap-northeast-1');
    expect(edge).toEqual({
      source: 'edge-agent',
      status: 'unknown',
      detail: 'edge agent of ap-northeast-1 did not answer',
    });
    expect((await signal(sim, 'edge-agent', 'ap-northeast-1', T + 61 * MINUTE_MS)).status).toBe('ok');
  });

  it('anomaly-api-flag fires the anomaly API with its score', async () => {
    const sim = withFaults({ kind: 'anomaly-api-flag', workUnit: 'eu-west-1', magnitude: 0.93 });
    const flagged = await signal(sim, 'anomaly-api', 'eu-west-1');
    expect(flagged.status).toBe('firing');
    expect(flagged.detail).toContain('anomaly API flags eu-west-1 (score 0.93)');
    expect(flagged.observedAtMs).toBe(T + 30 * MINUTE_MS);
    expect((await signal(sim, 'anomaly-api', 'eu-central-1')).status).toBe('ok');
    expect((await signal(sim, 'anomaly-api', 'eu-west-1', T - MINUTE_MS)).status).toBe('ok');
  });

  it('alert-firing fires Alertmanager with the alert name', async () => {
    const sim = withFaults({ kind: 'alert-firing', workUnit: 'us-east-1', alertName: 'HighErrorRate', magnitude: 1 });
    const alert = await signal(sim, 'alertmanager', 'us-east-1');
    expect(alert.status).toBe('firing');
    expect(alert.detail).toContain('HighErrorRate');
    expect((await signal(sim, 'alertmanager', 'us-west-2')).status).toBe('ok');
  });

  it('answers unknown (never ok) for a unit that is not in the fleet', async () => {
    for (const source of ['anomaly-api', 'alertmanager', 'edge-agent']) {
      expect((await signal(baseline, source, 'nowhere-1')).status).toBe('unknown');
    }
  });

  it('drain moves the fraction of traffic to the target', () => {
    const sim = withFaults({ kind: 'drain', workUnit: 'eu-west-1', target: 'eu-central-1', magnitude: 0.5 });
    const at = T + 30 * MINUTE_MS;
    const moved = baseline.value('eu-west-1', 'load', at) * 0.5;
    expect(sim.value('eu-west-1', 'load', at)).toBeCloseTo(moved, 6);
    expect(sim.value('eu-central-1', 'load', at) - baseline.value('eu-central-1', 'load', at)).toBeCloseTo(moved, 6);
  });
});

describe('thundering herd', () => {
  /** Connections above the new steady state right after a drain, relative to the steady-state rise. */
  function herdExcess(target: string): { excess: number; settled: number } {
    const sim = withFaults({ kind: 'drain', workUnit: 'eu-west-1', target, magnitude: 0.4 });
    const conns = (minutes: number) => sim.value(target, 'connections', T + minutes * MINUTE_MS);
    const before = baseline.value(target, 'connections', T - SIM_STEP_MS);
    const steady = conns(40);
    return { excess: (conns(0) - steady) / (steady - before), settled: Math.abs(conns(25) - steady) / steady };
  }

  it('spikes connections after a sudden shift, bigger on a cold standby, decaying within ~20 min', () => {
    const cold = herdExcess('sa-east-1');
    const warm = herdExcess('eu-central-1');
    expect(warm.excess).toBeGreaterThan(0.6);
    expect(cold.excess).toBeGreaterThan(1.5 * warm.excess);
    expect(cold.settled).toBeLessThan(0.1);
    expect(warm.settled).toBeLessThan(0.1);
  });

  it('spikes cpu on the receiving unit too', () => {
    const sim = withFaults({ kind: 'drain', workUnit: 'eu-west-1', target: 'sa-east-1', magnitude: 0.4 });
    expect(sim.value('sa-east-1', 'cpu', T)).toBeGreaterThan(sim.value('sa-east-1', 'cpu', T + 40 * MINUTE_MS) * 1.3);
  });

  it('does not appear on normal diurnal ramps', () => {
    const range = { startMs: T - 86_400_000, endMs: T, stepMs: SIM_STEP_MS };
    const conns = baseline.unitRange('connections', range).get('eu-west-1')!.values;
    for (let i = 1; i < conns.length; i++) expect(conns[i]! / conns[i - 1]!).toBeLessThan(1.08);
  });
});
