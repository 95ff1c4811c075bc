import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../analytics/errors.js';
import { RESOURCES, type Resource, UNIT_METRICS } from '../../analytics/types.js';
import { DAY_MS, HOUR_MS, SIM_STEP_MS, TimezoneClock } from './clock.js';
import { SimulatedMetricsSource } from './metrics-source.js';
import { SimulatedFleet } from './simulated-fleet.js';
import { days, exampleFleet, TUESDAY_2100Z, utilisation } from './test-fixtures.js';

const sim = new SimulatedFleet(exampleFleet, { seed: 7 });
const activeUnits = exampleFleet.workUnits.filter((u) => u.state === 'active').map((u) => u.id);
const clock = new TimezoneClock();

/** Grid instants of each day's highest load of a unit over the `count` days before `endMs`. */
function dailyPeakInstants(unitId: string, endMs: number, count: number): number[] {
  const range = { startMs: endMs - days(count), endMs: endMs - SIM_STEP_MS, stepMs: SIM_STEP_MS };
  const load = sim.unitRange('load', range).get(unitId)!.values;
  const perDay = DAY_MS / SIM_STEP_MS;
  const instants: number[] = [];
  for (let d = 0; d < count; d++) {
    let best = d * perDay;
    for (let i = d * perDay; i < (d + 1) * perDay; i++) if (load[i]! > load[best]!) best = i;
    instants.push(range.startMs + best * SIM_STEP_MS);
  }
  return instants;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

describe('SimulatedFleet determinism', () => {
  const range = { startMs: TUESDAY_2100Z - days(2), endMs: TUESDAY_2100Z, stepMs: SIM_STEP_MS };

  it('gives identical series for the same seed, in any order of asking', () => {
    const again = new SimulatedFleet(exampleFleet, { seed: 7 });
    // Ask the second instance about a later instant first: the result must not depend on history asked.
    again.value('eu-west-1', 'cpu', TUESDAY_2100Z + days(30));
    for (const metric of UNIT_METRICS) {
      expect(again.unitRange(metric, range).get('eu-west-1')!.values).toEqual(
        sim.unitRange(metric, range).get('eu-west-1')!.values,
      );
    }
    expect(again.value('ap-south-1', 'latencyP95', TUESDAY_2100Z)).toBe(
      sim.value('ap-south-1', 'latencyP95', TUESDAY_2100Z),
    );
  });

  it('gives different series for a different seed', () => {
    const other = new SimulatedFleet(exampleFleet, { seed: 8 });
    const a = sim.unitRange('load', range).get('us-east-1')!.values;
    const b = other.unitRange('load', range).get('us-east-1')!.values;
    expect(a).not.toEqual(b);
  });
});

describe('traffic', () => {
  it('peaks between 21:00 and 22:00 local time in each client region', () => {
    const endMs = Date.UTC(2026, 1, 26); // February: no DST change in the window
    const range = { startMs: endMs - days(21), endMs, stepMs: SIM_STEP_MS };
    const byRegion = sim.regionLoadRange(range);
    for (const region of exampleFleet.clientRegions) {
      const hourly = new Array<number>(24).fill(0);
      const units = [...byRegion.get(region.id)!.values()];
      for (let i = 0; i < units[0]!.values.length; i++) {
        const ms = range.startMs + i * SIM_STEP_MS;
        const local = clock.local(region.timezone, ms);
        if (local.weekday === 0 || local.weekday === 6 || sim.isPromotionDay(region.id, ms)) continue;
        const hour = Math.floor(local.hour);
        for (const s of units) hourly[hour] = (hourly[hour] ?? 0) + (s.values[i] ?? 0);
      }
      expect(hourly.indexOf(Math.max(...hourly)), region.id).toBe(21);
      expect(Math.min(...hourly) / Math.max(...hourly), region.id).toBeGreaterThan(0.3);
      expect(Math.min(...hourly) / Math.max(...hourly), region.id).toBeLessThan(0.45);
    }
  });

  it('shows the weekly pattern: weekend peaks about 10 % above weekday peaks', () => {
    const unitId = 'ap-northeast-1'; // served by one client region, east-asia (Asia/Tokyo)
    const weekend: number[] = [];
    const weekday: number[] = [];
    for (const ms of dailyPeakInstants(unitId, Date.UTC(2026, 2, 2, 15), 28)) {
      const local = clock.local('Asia/Tokyo', ms);
      if (sim.isPromotionDay('east-asia', ms)) continue;
      (local.weekday === 0 || local.weekday === 6 ? weekend : weekday).push(sim.value(unitId, 'load', ms));
    }
    const ratio = median(weekend) / median(weekday);
    expect(ratio).toBeGreaterThan(1.05);
    expect(ratio).toBeLessThan(1.16);
  });

  it('sums to a 60–80k rps peak on a weekday for the example fleet', () => {
    const range = { startMs: TUESDAY_2100Z - 21 * HOUR_MS, endMs: TUESDAY_2100Z + 3 * HOUR_MS, stepMs: SIM_STEP_MS };
    const loads = [...sim.unitRange('load', range).values()];
    let peak = 0;
    for (let i = 0; i < loads[0]!.values.length; i++)
      peak = Math.max(
        peak,
        loads.reduce((s, l) => s + l.values[i]!, 0),
      );
    expect(peak).toBeGreaterThan(60_000);
    expect(peak).toBeLessThan(80_000);
  });

  it('gives a cold standby only a health-check trickle', () => {
    expect(sim.value('sa-east-1', 'load', TUESDAY_2100Z)).toBeLessThan(50);
    expect(sim.value('sa-east-1', 'load', TUESDAY_2100Z)).toBeGreaterThan(0);
  });
});

describe('resources', () => {
  const peaks = new Map(activeUnits.map((id) => [id, dailyPeakInstants(id, Date.UTC(2026, 2, 3), 14)]));
  const atPeak = (id: string, resource: Resource) =>
    median(peaks.get(id)!.map((ms) => utilisation(sim, id, resource, ms)));

  it('binds different units on different resources, at 40–62 % at the daily peak', () => {
    const bindings = new Map<string, Resource>();
    for (const id of activeUnits) {
      const levels = RESOURCES.map((r) => atPeak(id, r));
      const binding = RESOURCES[levels.indexOf(Math.max(...levels))]!;
      bindings.set(id, binding);
      expect(binding, id).toBe(sim.profile(id).bindingResource);
      expect(Math.max(...levels), id).toBeGreaterThan(0.35);
      expect(Math.max(...levels), id).toBeLessThan(0.68);
    }
    expect(new Set(bindings.values()).size).toBeGreaterThanOrEqual(3);
  });

  it('makes ap-south-1 the tightest unit, near 62 %', () => {
    const level = (id: string) => atPeak(id, sim.profile(id).bindingResource);
    expect(level('ap-south-1')).toBeGreaterThan(0.57);
    for (const id of activeUnits) if (id !== 'ap-south-1') expect(level(id), id).toBeLessThan(level('ap-south-1'));
  });

  it('runs a nightly backup with cpu near 0.9 at ~02:30 local while connections hold', () => {
    for (const id of activeUnits) {
      const unit = exampleFleet.workUnits.find((u) => u.id === id)!;
      const backup = sim.profile(id).backup!;
      const midHour = backup.startHour + backup.hours / 2;
      // The UTC instant of that local hour on 2026-03-02 (offsets are fixed in early March).
      const offset = clock.offsetMs(unit.timezone, Date.UTC(2026, 2, 2));
      const mid = Date.UTC(2026, 2, 2) + midHour * HOUR_MS - offset;
      expect(sim.value(id, 'cpu', mid), id).toBeGreaterThan(0.8);
      expect(sim.value(id, 'cpu', mid - 2 * HOUR_MS), id).toBeLessThan(0.6);
      const conns = sim.value(id, 'connections', mid);
      expect(conns / sim.value(id, 'connections', mid - HOUR_MS), id).toBeGreaterThan(0.75);
    }
    expect(sim.profile('sa-east-1').backup).toBeUndefined();
  });

  it('keeps errors and latency low normally', () => {
    for (const id of activeUnits) {
      expect(sim.value(id, 'errorRate', TUESDAY_2100Z), id).toBeLessThan(0.01);
      expect(sim.value(id, 'latencyP95', TUESDAY_2100Z), id).toBeLessThan(400);
    }
  });

  it('has promotion days that take some units, but not all, near 90 % while healthy', () => {
    const mainUnits = new Set<string>();
    for (const region of sim.promotedRegions) {
      const [main] = Object.entries(exampleFleet.routing[region]!).sort((a, b) => b[1] - a[1])[0]!;
      mainUnits.add(main);
      const binding = sim.profile(main).bindingResource;
      const promotionPeaks = dailyPeakInstants(main, Date.UTC(2026, 2, 3), 90).filter((ms) =>
        sim.isPromotionDay(region, ms),
      );
      expect(promotionPeaks.length, region).toBeGreaterThanOrEqual(2);
      for (const at of promotionPeaks) {
        expect(utilisation(sim, main, binding, at), main).toBeGreaterThan(0.75);
        expect(utilisation(sim, main, binding, at), main).toBeLessThan(0.985);
        expect(sim.value(main, 'errorRate', at), main).toBeLessThan(exampleFleet.thresholds.errorRateFiring);
        expect(sim.value(main, 'latencyP95', at), main).toBeLessThan(exampleFleet.thresholds.latencyP95FiringMs);
      }
    }
    expect(mainUnits.size).toBeGreaterThan(0);
    // The others never get that close: their capacity must be extrapolated.
    const others = activeUnits.filter((id) => !mainUnits.has(id));
    expect(others.length).toBeGreaterThan(0);
    const loosest = others.map((id) => {
      const binding = sim.profile(id).bindingResource;
      return Math.max(
        ...dailyPeakInstants(id, Date.UTC(2026, 2, 3), 90).map((ms) => utilisation(sim, id, binding, ms)),
      );
    });
    expect(Math.min(...loosest)).toBeLessThan(0.8);
  });
});

describe('sampling and history', () => {
  it('returns the grid sample at or before the asked instant from latest()', async () => {
    const source = new SimulatedMetricsSource(sim);
    expect(source.kind).toBe('simulated');
    const latest = await source.latest('cpu', TUESDAY_2100Z + 4 * 60_000 + 59_000);
    expect(latest.size).toBe(exampleFleet.workUnits.length);
    expect(latest.get('eu-west-1')).toEqual({
      value: sim.value('eu-west-1', 'cpu', TUESDAY_2100Z),
      sampleMs: TUESDAY_2100Z,
    });
  });

  it('has no samples before the history window when one is set', () => {
    const bounded = new SimulatedFleet(exampleFleet, { seed: 7, nowMs: TUESDAY_2100Z, historyDays: 10 });
    expect(bounded.value('eu-west-1', 'load', TUESDAY_2100Z - days(11))).toBeNaN();
    expect(bounded.value('eu-west-1', 'load', TUESDAY_2100Z - days(9))).toBeGreaterThan(0);
    expect(bounded.latest('load', TUESDAY_2100Z - days(11)).size).toBe(0);
  });

  it('rejects a bad range and an unknown work unit clearly', () => {
    expect(() => sim.unitRange('cpu', { startMs: 10, endMs: 0, stepMs: SIM_STEP_MS })).toThrow(/start ≤ end/);
    expect(() => sim.unitRange('cpu', { startMs: 0, endMs: 10, stepMs: 0 })).toThrow(HeadroomError);
    expect(() => sim.value('eu-west-9', 'cpu', 0)).toThrow(/unknown work unit "eu-west-9".*eu-west-1/);
  });

  it('serves 90 days of every metric at a 5-minute step quickly', () => {
    const fresh = new SimulatedFleet(exampleFleet, { seed: 11 });
    const range = { startMs: TUESDAY_2100Z - days(90), endMs: TUESDAY_2100Z, stepMs: SIM_STEP_MS };
    const timings: string[] = [];
    const started = performance.now();
    for (const metric of UNIT_METRICS) {
      const t = performance.now();
      const series = fresh.unitRange(metric, range);
      timings.push(`${metric} ${(performance.now() - t).toFixed(0)} ms`);
      expect(series.get('us-east-1')!.values.length).toBe(90 * 288 + 1);
    }
    const total = performance.now() - started;
    console.log(`90 days × 7 units, 5-min step: ${timings.join(', ')}; total ${total.toFixed(0)} ms`);
    expect(total).toBeLessThan(20_000); // a guard against pathologies, not a benchmark
  });
});
